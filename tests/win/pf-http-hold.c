/*
 * pf-http-hold PORT [SECONDS]: a Windows test helper that makes HTTP.sys
 * hold PORT, as IIS or any HTTP Server API service would, by registering
 * http://+:PORT/x/.  Prints "ready" once the URL is registered, then holds
 * it until its standard input closes (give it a pipe) or SECONDS pass
 * (default 120).  Under Wine the first runs in a new prefix can fail with
 * 1053 (the HTTP service is starting) or 1055 (the service database is
 * locked while wineboot sets the prefix up): it tries again for ~15 s.
 */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601
#endif
#include <winsock2.h>
#include <windows.h>
#include <http.h>
#include <stdio.h>
#include <stdlib.h>

static HANDLE  pf_queue;
static wchar_t pf_url[64];

static ULONG
pf_register(unsigned port)
{
    HTTPAPI_VERSION v = HTTPAPI_VERSION_1;
    ULONG           rc;

    rc = HttpInitialize(v, HTTP_INITIALIZE_SERVER, NULL);
    if (rc != NO_ERROR) {
        fprintf(stderr, "pf-http-hold: HttpInitialize: error %lu\n",
                (unsigned long) rc);
        return rc;
    }
    rc = HttpCreateHttpHandle(&pf_queue, 0);
    if (rc != NO_ERROR) {
        HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
        return rc;
    }
    _snwprintf(pf_url, sizeof(pf_url) / sizeof(pf_url[0]), L"http://+:%u/x/",
               port);
    rc = HttpAddUrl(pf_queue, pf_url, NULL);
    if (rc != NO_ERROR) {
        CloseHandle(pf_queue);
        HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
    }
    return rc;
}

/* Returns when standard input reaches its end. */
static DWORD WINAPI
pf_stdin_reader(LPVOID arg)
{
    char  buf[256];
    DWORD got;

    (void) arg;
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof(buf), &got,
                    NULL) && got > 0)
    {
        /* discard */
    }
    return 0;
}

int
main(int argc, char **argv)
{
    unsigned port;
    DWORD    seconds = 120;
    HANDLE   reader;
    ULONG    rc;
    int      tries;

    if (argc < 2 || (port = (unsigned) atoi(argv[1])) == 0 || port > 65535) {
        fprintf(stderr, "usage: pf-http-hold PORT [SECONDS]\n");
        return 2;
    }
    if (argc > 2) {
        seconds = (DWORD) atoi(argv[2]);
    }
    rc = pf_register(port);
    for (tries = 0; tries < 15 && (rc == ERROR_SERVICE_REQUEST_TIMEOUT
                                   || rc == ERROR_SERVICE_DATABASE_LOCKED);
         tries++)
    {
        fprintf(stderr, "pf-http-hold: error %lu, trying again\n",
                (unsigned long) rc);
        Sleep(1000);
        rc = pf_register(port);
    }
    if (rc != NO_ERROR) {
        fprintf(stderr, "pf-http-hold: cannot register http://+:%u/x/: "
                "error %lu\n", port, (unsigned long) rc);
        return 1;
    }
    printf("ready pid %lu\n", (unsigned long) GetCurrentProcessId());
    fflush(stdout);
    reader = CreateThread(NULL, 0, pf_stdin_reader, NULL, 0, NULL);
    WaitForSingleObject(reader != NULL ? reader : GetCurrentProcess(),
                        seconds * 1000);
    HttpRemoveUrl(pf_queue, pf_url);
    CloseHandle(pf_queue);
    HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
    return 0;
}
