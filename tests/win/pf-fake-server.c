/*
 * pf-fake-server PORT: a stand-in for httpd.exe in the Wine tests of
 * `preflight run`.  Binds 0.0.0.0:PORT as Apache does on Windows (no
 * socket options) and exits 5 with the Winsock error when it cannot, 0
 * when it can.  Prints what it did, so the test sees its output after
 * preflight's.  With PF_FAKE_SERVER_STATUS set it takes no argument and
 * just exits with that status (a launcher that calls httpd.exe bare, and
 * a server that ends with 255, as XAMPP's launchers expect of httpd).
 */
#include <winsock2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
    struct sockaddr_in sin;
    WSADATA            wsa;
    SOCKET             s;
    int                rc = 0;
    const char        *status = getenv("PF_FAKE_SERVER_STATUS");

    if (status != NULL && status[0] != '\0') {
        printf("pf-fake-server: ran, exiting %s\n", status);
        fflush(stdout);
        return atoi(status);
    }
    if (argc < 2 || WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        fprintf(stderr, "usage: pf-fake-server PORT\n");
        return 2;
    }
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short) atoi(argv[1]));
    if (s == INVALID_SOCKET
        || bind(s, (struct sockaddr *) &sin, sizeof(sin)) != 0)
    {
        printf("pf-fake-server: could not bind to 0.0.0.0:%s (%d)\n",
               argv[1], WSAGetLastError());
        rc = 5;
    } else {
        printf("pf-fake-server: bound 0.0.0.0:%s\n", argv[1]);
    }
    fflush(stdout);
    closesocket(s);
    WSACleanup();
    return rc;
}
