/*
 * A test holder: listens on ADDRESS:PORT (tcp) until killed, so an
 * integration test has a real process of its own to be named.
 *   pf-hold-port ADDRESS PORT [v6only] [reuseport] [udp] [noreuseaddr]
 * Prints "ready" once listening.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int
pf_hold_flag(int argc, char **argv, const char *flag)
{
    int i;

    for (i = 3; i < argc; i++) {
        if (strcmp(argv[i], flag) == 0) {
            return 1;
        }
    }
    return 0;
}

int
main(int argc, char **argv)
{
    struct sockaddr_storage ss;
    struct sockaddr_in     *sin = (struct sockaddr_in *) &ss;
    struct sockaddr_in6    *sin6 = (struct sockaddr_in6 *) &ss;
    socklen_t               len;
    int                     fd, one = 1, v6, udp;

    if (argc < 3) {
        fprintf(stderr, "usage: pf-hold-port ADDRESS PORT [v6only] "
                "[reuseport] [udp] [noreuseaddr]\n");
        return 2;
    }
    memset(&ss, 0, sizeof(ss));
    v6 = strchr(argv[1], ':') != NULL;
    if (v6) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((unsigned short) atoi(argv[2]));
        if (inet_pton(AF_INET6, argv[1], &sin6->sin6_addr) != 1) {
            fprintf(stderr, "bad address %s\n", argv[1]);
            return 2;
        }
        len = sizeof(*sin6);
    } else {
        sin->sin_family = AF_INET;
        sin->sin_port = htons((unsigned short) atoi(argv[2]));
        if (inet_pton(AF_INET, argv[1], &sin->sin_addr) != 1) {
            fprintf(stderr, "bad address %s\n", argv[1]);
            return 2;
        }
        len = sizeof(*sin);
    }
    udp = pf_hold_flag(argc, argv, "udp");
    fd = socket(ss.ss_family, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
    if (fd == -1) {
        perror("socket");
        return 1;
    }
    if (!pf_hold_flag(argc, argv, "noreuseaddr")) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    }
    /* a reuseport group another server may join (nginx "reuseport") */
    if (pf_hold_flag(argc, argv, "reuseport")) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
    }
    if (v6) {
        int only = pf_hold_flag(argc, argv, "v6only");

        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &only, sizeof(only));
    }
    if (bind(fd, (struct sockaddr *) &ss, len) == -1
        || (!udp && listen(fd, 8) == -1))
    {
        perror("bind");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        pause();
    }
}
