/*
 * An HTTP fingerprint of whoever holds the port: HTTP.sys answers a
 * request for an unregistered path with "Server: Microsoft-HTTPAPI/2.0".
 * Always under a short timeout (Wine's HTTP.sys never answers such a
 * request), and for a random path, so no application acts on it.
 */
#include "pf_win.h"

#include <stdio.h>
#include <string.h>

#define PF_WIN_HTTP_PROBE_MS  300

/* Milliseconds left before deadline (GetTickCount), at least 0. */
static long
pf_win_left(DWORD deadline)
{
    long left = (long) (deadline - GetTickCount());

    return left > 0 ? left : 0;
}

/* 1 when s becomes writable (write) or readable before the deadline. */
static int
pf_win_wait(SOCKET s, int write, DWORD deadline)
{
    fd_set         set, ex;
    struct timeval tv;
    long           left = pf_win_left(deadline);

    FD_ZERO(&set);
    FD_ZERO(&ex);
    FD_SET(s, &set);
    FD_SET(s, &ex);
    tv.tv_sec = left / 1000;
    tv.tv_usec = (left % 1000) * 1000;
    if (select(0, write ? NULL : &set, write ? &set : NULL, &ex, &tv) <= 0) {
        return 0;
    }
    return FD_ISSET(s, &set);
}

static SOCKET
pf_win_connect(const pf_target_t *t, DWORD deadline)
{
    struct sockaddr_storage ss;
    struct sockaddr_in     *sin = (struct sockaddr_in *) &ss;
    struct sockaddr_in6    *sin6 = (struct sockaddr_in6 *) &ss;
    u_long                  nonblocking = 1;
    int                     v6 = t->family == PF_FAMILY_INET6, len;
    SOCKET                  s;

    memset(&ss, 0, sizeof(ss));
    if (v6) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((u_short) t->port);
        sin6->sin6_addr.s6_addr[15] = 1;         /* ::1 */
        len = sizeof(*sin6);
    } else {
        sin->sin_family = AF_INET;
        sin->sin_port = htons((u_short) t->port);
        sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (strcmp(t->address, "*") != 0 && strcmp(t->address, "0.0.0.0")
            != 0)
        {
            (void) inet_pton(AF_INET, t->address, &sin->sin_addr);
        }
        len = sizeof(*sin);
    }
    s = socket(ss.ss_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        return s;
    }
    ioctlsocket(s, FIONBIO, &nonblocking);
    if (connect(s, (struct sockaddr *) &ss, len) == SOCKET_ERROR
        && (WSAGetLastError() != WSAEWOULDBLOCK || !pf_win_wait(s, 1, deadline)))
    {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

/* Reads the response head (up to the blank line) into buf. */
static int
pf_win_read_head(SOCKET s, DWORD deadline, char *buf, int size)
{
    int n = 0, got;

    while (n < size - 1 && pf_win_wait(s, 0, deadline)) {
        got = recv(s, buf + n, size - 1 - n, 0);
        if (got <= 0) {
            break;
        }
        n += got;
        buf[n] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL) {
            break;
        }
    }
    buf[n] = '\0';
    return n;
}

/* The value of the Server header, or NULL. */
static const char *
pf_win_server_header(pf_pool_t *pool, const char *head)
{
    const char *p, *e;

    for (p = strstr(head, "\r\n"); p != NULL; p = strstr(p + 2, "\r\n")) {
        if (_strnicmp(p + 2, "Server:", 7) == 0) {
            p += 9;
            while (*p == ' ' || *p == '\t') {
                p++;
            }
            e = strstr(p, "\r\n");
            return pf_pstrndup(pool, p, e != NULL ? (size_t) (e - p)
                                                  : strlen(p));
        }
    }
    return NULL;
}

void
pf_win_http_probe(pf_pool_t *pool, const pf_target_t *t, int timeout_ms,
                  pf_httpsys_facts_t *hs, pf_array_t *notes)
{
    DWORD   deadline;
    SOCKET  s;
    char    req[160], head[4096];
    int     n;

    if (timeout_ms <= 0) {
        timeout_ms = PF_WIN_HTTP_PROBE_MS;
    }
    hs->http_probe_known = PF_KNOWN_FAILED;
    if (pf_win_wsa_start() != PF_OK) {
        return;
    }
    deadline = GetTickCount() + (DWORD) timeout_ms;
    s = pf_win_connect(t, deadline);
    if (s == INVALID_SOCKET) {
        (void) pf_array_push_strf(notes, "HTTP probe of port %u: no "
                                  "connection within %d ms", t->port,
                                  timeout_ms);
        return;
    }
    n = snprintf(req, sizeof(req), "GET /preflight-%08lx%04lx HTTP/1.0\r\n"
                 "Host: localhost\r\nConnection: close\r\n\r\n",
                 (unsigned long) GetTickCount(),
                 (unsigned long) (GetCurrentProcessId() & 0xffff));
    if (send(s, req, n, 0) != n || pf_win_read_head(s, deadline, head,
                                                    sizeof(head)) == 0)
    {
        (void) pf_array_push_strf(notes, "HTTP probe of port %u: no answer "
                                  "within %d ms", t->port, timeout_ms);
    } else if (strncmp(head, "HTTP/", 5) == 0) {
        hs->http_probe_known = PF_KNOWN_YES;
        hs->server_header = pf_win_server_header(pool, head);
    } else {
        (void) pf_array_push_strf(notes, "HTTP probe of port %u: the answer "
                                  "is not HTTP", t->port);
    }
    closesocket(s);
}
