/*
 * URLs as HTTP.sys shows them: "HTTP://+:80/", "https://+:443/x/",
 * "http://www.example.com:8080/", "http://[::1]:80/", "http://host/"
 * (default port), and the strong wildcard "*" as host.  Only the port matters to a bind conflict.
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

/* Port after the host at p; dflt when there is none; 0 when bad. */
static unsigned
pf_netsh_host_port(const char *p, const char *end, unsigned dflt)
{
    unsigned long port = 0;
    int           digits = 0;

    if (p < end && *p == '[') {
        while (p < end && *p != ']') {
            p++;
        }
        if (p == end) {
            return 0;
        }
        p++;
    } else {
        while (p < end && *p != ':' && *p != '/') {
            p++;
        }
    }
    if (p == end || *p == '/') {
        return dflt;
    }
    if (*p != ':') {
        return 0;
    }
    for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
        port = port * 10 + (unsigned long) (*p - '0');
        if (port > 65535) {
            return 0;
        }
        digits++;
    }
    if (!digits || port == 0 || (p < end && *p != '/')) {
        return 0;
    }
    return (unsigned) port;
}

unsigned
pf_netsh_url_port(const char *url, size_t len)
{
    const char *end = url + len;

    if (len > 7 && pf_netsh_ascii_ncaseeq(url, "http://", 7)) {
        return pf_netsh_host_port(url + 7, end, 80);
    }
    if (len > 8 && pf_netsh_ascii_ncaseeq(url, "https://", 8)) {
        return pf_netsh_host_port(url + 8, end, 443);
    }
    return 0;
}
