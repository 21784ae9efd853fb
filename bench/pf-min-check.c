/*
 * The least a check of numeric IPv4 targets can do, for
 * bench/healthy_check.sh: each ADDR:PORT bind-tested as preflight's probe
 * does on Linux (socket, SO_REUSEADDR, bind, listen, close), nothing else:
 * no report, no explanation, no other target forms.  Its CPU against
 * /bin/true's is the floor under `preflight check` of the same targets
 * (issue 22, target 4).  With no argument it does nothing at all: what
 * starting a dynamically linked C program costs.
 *
 *   pf-min-check [ADDR:PORT...]   exit 1 when one does not bind
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    struct sockaddr_in sa;
    const char        *colon;
    char               host[64];
    int                i, fd, one = 1, bad = 0;

    for (i = 1; i < argc; i++) {
        colon = strrchr(argv[i], ':');
        if (colon == NULL || (size_t) (colon - argv[i]) >= sizeof(host)) {
            return 2;
        }
        memcpy(host, argv[i], (size_t) (colon - argv[i]));
        host[colon - argv[i]] = '\0';
        memset(&sa, 0, sizeof(sa));
        sa.sin_family = AF_INET;
        sa.sin_port = htons((unsigned short) atoi(colon + 1));
        if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
            return 2;
        }
        fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd == -1) {
            return 2;
        }
        (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0
            || listen(fd, 1) != 0)
        {
            bad = 1;
        }
        close(fd);
    }
    return bad;
}
