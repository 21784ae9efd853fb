/*
 * URLs as HTTP.sys shows them: "HTTP://+:80/", "https://+:443/x/",
 * "http://www.example.com:8080/", "http://[::1]:80/", "http://host/"
 * (default port), the strong wildcard "*" as host, and IIS's IP-bound
 * form "HTTP://127.0.0.1:8000:127.0.0.1/".
 */
#include <string.h>

#include "pf_netsh.h"

int
pf_netsh_ascii_ncaseeq(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int ca = (unsigned char) a[i], cb = (unsigned char) b[i];

        if (ca >= 'A' && ca <= 'Z') {
            ca += 'a' - 'A';
        }
        if (cb >= 'A' && cb <= 'Z') {
            cb += 'a' - 'A';
        }
        if (ca != cb) {
            return 0;
        }
    }
    return 1;
}

/* The host at p: up to ']' for "[::1]", else up to ':' or '/'. */
static const char *
pf_netsh_url_host(const char *p, const char *end)
{
    if (p < end && *p == '[') {
        while (p < end && *p != ']') {
            p++;
        }
        return p == end ? NULL : p + 1;
    }
    while (p < end && *p != ':' && *p != '/') {
        p++;
    }
    return p;
}

/* ":PORT" then, for an IP-bound URL, ":IP"; the path follows. */
static int
pf_netsh_url_rest(const char *p, const char *end, pf_netsh_url_t *u)
{
    unsigned long port = 0;
    int           digits = 0;

    if (p == end || *p == '/') {
        return PF_OK;            /* the scheme's default port */
    }
    if (*p != ':') {
        return PF_ERROR;
    }
    for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
        port = port * 10 + (unsigned long) (*p - '0');
        if (port > 65535) {
            return PF_ERROR;
        }
        digits++;
    }
    if (!digits || port == 0) {
        return PF_ERROR;
    }
    u->port = (unsigned) port;
    if (p < end && *p == ':') {
        u->bound = ++p;
        while (p < end && *p != '/') {
            p++;
        }
        u->bound_len = (size_t) (p - u->bound);
        if (u->bound_len == 0) {
            return PF_ERROR;
        }
    }
    return p == end || *p == '/' ? PF_OK : PF_ERROR;
}

int
pf_netsh_url_parse(const char *url, size_t len, pf_netsh_url_t *u)
{
    const char *end = url + len, *p;

    memset(u, 0, sizeof(*u));
    if (len > 7 && pf_netsh_ascii_ncaseeq(url, "http://", 7)) {
        p = url + 7;
        u->port = 80;
    } else if (len > 8 && pf_netsh_ascii_ncaseeq(url, "https://", 8)) {
        p = url + 8;
        u->port = 443;
    } else {
        return PF_ERROR;
    }
    u->host = p;
    p = pf_netsh_url_host(p, end);
    if (p == NULL || p == u->host) {
        return PF_ERROR;
    }
    u->host_len = (size_t) (p - u->host);
    return pf_netsh_url_rest(p, end, u);
}

unsigned
pf_netsh_url_port(const char *url, size_t len)
{
    pf_netsh_url_t u;

    return pf_netsh_url_parse(url, len, &u) == PF_OK ? u.port : 0;
}
