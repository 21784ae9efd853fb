/*
 * pf-hold-tcp ADDRESS PORT: listens on ADDRESS:PORT until its standard
 * input closes, printing "ready" once it listens.  Copied under the name
 * of a program preflight knows (wslrelay.exe, com.docker.backend.exe) it
 * stands in for that program in the Wine tests of the owner rules.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
    struct addrinfo hints, *ai = NULL;
    WSADATA         wsa;
    SOCKET          s;
    char            line[64];

    if (argc < 3 || WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        fprintf(stderr, "usage: pf-hold-tcp ADDRESS PORT\n");
        return 2;
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(argv[1], argv[2], &hints, &ai) != 0) {
        fprintf(stderr, "pf-hold-tcp: bad address %s %s\n", argv[1], argv[2]);
        return 2;
    }
    s = socket(ai->ai_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET
        || bind(s, ai->ai_addr, (int) ai->ai_addrlen) != 0
        || listen(s, 8) != 0)
    {
        printf("pf-hold-tcp: cannot listen (%d)\n", WSAGetLastError());
        return 5;
    }
    freeaddrinfo(ai);
    printf("ready\n");
    fflush(stdout);
    while (fgets(line, sizeof(line), stdin) != NULL) {
    }
    closesocket(s);
    WSACleanup();
    return 0;
}
