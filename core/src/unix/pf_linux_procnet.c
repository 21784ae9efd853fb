/*
 * Listeners from /proc/net/tcp, tcp6, udp, udp6: the fallback when
 * NETLINK_SOCK_DIAG is not available (old kernels, seccomp, a test that
 * asks for it with PREFLIGHT_NO_NETLINK=1).  The parser is pure and takes
 * any bytes: a fuzz target calls it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "preflight_internal.h"
#include "pf_text.h"
#include "pf_linux.h"

#define PF_PROCNET_MAX_TOKENS  12
#define PF_PROCNET_TCP_LISTEN  0x0A
#define PF_PROCNET_ESTABLISHED 0x01
#define PF_PROCNET_CLOSE       0x07   /* an unconnected UDP socket */
#define PF_PROCNET_MAX_BYTES   (64u * 1024 * 1024)

typedef struct {
    const char *s;
    size_t      n;
} pf_token_t;

/* Exactly n hex digits, no more, into *v. */
static int
pf_procnet_hex(const char *s, size_t n, unsigned long *v)
{
    size_t i;
    int    d;

    if (n == 0 || n > 16) {
        return -1;
    }
    *v = 0;
    for (i = 0; i < n; i++) {
        d = pf_hex_value(s[i]);
        if (d < 0) {
            return -1;
        }
        *v = (*v << 4) | (unsigned long) d;
    }
    return 0;
}

static int
pf_procnet_dec(const char *s, size_t n, unsigned long *v)
{
    size_t i;

    if (n == 0 || n > 19) {
        return -1;
    }
    *v = 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        *v = *v * 10 + (unsigned long) (s[i] - '0');
    }
    return 0;
}

static size_t
pf_procnet_tokens(const char *line, size_t n, pf_token_t *tok, size_t max)
{
    size_t i = 0, count = 0;

    while (i < n && count < max) {
        while (i < n && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        if (i == n) {
            break;
        }
        tok[count].s = line + i;
        while (i < n && line[i] != ' ' && line[i] != '\t') {
            i++;
        }
        tok[count].n = (size_t) (line + i - tok[count].s);
        count++;
    }
    return count;
}

/* The kernel prints each 32-bit word of the address as the host-order
 * integer it finds in memory: reading it back the same way on the same
 * host restores the bytes, whatever the endianness. */
static int
pf_procnet_addr(const pf_token_t *t, pf_family_t fam, char *out,
                size_t outlen, unsigned *port)
{
    unsigned char  bytes[16];
    size_t         words = fam == PF_FAMILY_INET6 ? 4 : 1, i;
    const char    *colon = memchr(t->s, ':', t->n);
    unsigned long  v;
    uint32_t       w;

    if (colon == NULL || (size_t) (colon - t->s) != words * 8) {
        return -1;
    }
    for (i = 0; i < words; i++) {
        if (pf_procnet_hex(t->s + i * 8, 8, &v) != 0) {
            return -1;
        }
        w = (uint32_t) v;
        memcpy(bytes + i * 4, &w, 4);
    }
    if (pf_procnet_hex(colon + 1, t->n - (size_t) (colon + 1 - t->s), &v) != 0
        || v > 65535)
    {
        return -1;
    }
    *port = (unsigned) v;
    return inet_ntop(words == 4 ? AF_INET6 : AF_INET, bytes, out,
                     (socklen_t) outlen) == NULL ? -1 : 0;
}

unsigned
pf_linux_procnet_listen_states(pf_proto_t proto)
{
    return proto == PF_PROTO_UDP
           ? (1u << PF_PROCNET_CLOSE) | (1u << PF_PROCNET_ESTABLISHED)
           : 1u << PF_PROCNET_TCP_LISTEN;
}

/* One line; 1 when it added a listener, 0 when skipped, PF_ENOMEM. */
static int
pf_procnet_line(const pf_linux_sock_query_t *w, const char *line, size_t n)
{
    pf_token_t     tok[PF_PROCNET_MAX_TOKENS];
    pf_listener_t  l, *slot;
    unsigned long  st, uid, inode;
    unsigned       lport;
    char           addr[PF_ADDRSTRLEN];

    /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode ... */
    if (pf_procnet_tokens(line, n, tok, PF_PROCNET_MAX_TOKENS) < 10
        || tok[0].n < 2 || tok[0].s[tok[0].n - 1] != ':'
        || pf_procnet_hex(tok[3].s, tok[3].n, &st) != 0
        || st > 31 || !(w->states & (1u << st))
        || pf_procnet_addr(&tok[1], w->fam, addr, sizeof(addr), &lport) != 0
        || (w->port != 0 && lport != w->port)
        || pf_procnet_dec(tok[7].s, tok[7].n, &uid) != 0
        || pf_procnet_dec(tok[9].s, tok[9].n, &inode) != 0)
    {
        return 0;
    }
    pf_listener_init(&l, w->pool);
    snprintf(l.address, sizeof(l.address), "%s", addr);
    l.family = w->fam;
    l.port = lport;
    l.proto = w->proto;
    l.uid = uid > 0x7fffffffUL ? -1 : (long) uid;
    l.inode = inode;
    slot = pf_array_push(w->listeners);
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = l;
    return 1;
}

int
pf_linux_procnet_parse(const pf_linux_sock_query_t *w, const char *text,
                      size_t len, pf_error_t *err)
{
    pf_linux_sock_query_t listen = *w;

    listen.states = pf_linux_procnet_listen_states(w->proto);
    return pf_linux_procnet_parse_states(&listen, text, len, err);
}

int
pf_linux_procnet_parse_states(const pf_linux_sock_query_t *w,
                             const char *text, size_t len, pf_error_t *err)
{
    const char *p = text, *end = text + len, *line;
    size_t      n;

    if (w->fam != PF_FAMILY_INET && w->fam != PF_FAMILY_INET6) {
        pf_error_set(err, NULL, 0, "/proc/net parser: family must be "
                     "IPv4 or IPv6");
        return PF_ERROR;
    }
    while (pf_text_next_line(&p, end, &line, &n)) {
        if (pf_procnet_line(w, line, n) == PF_ENOMEM) {
            pf_error_set(err, NULL, 0, "out of memory");
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}

static int
pf_procnet_file(const pf_linux_sock_query_t *want, pf_family_t fam,
                const char *proc_root, const char *name, pf_error_t *err)
{
    pf_linux_sock_query_t  w = *want;
    char                  path[1024];
    char                 *text;
    size_t                len;

    w.fam = fam;
    snprintf(path, sizeof(path), "%s/net/%s", proc_root, name);
    text = pf_unix_read_text(w.pool, path, PF_PROCNET_MAX_BYTES, &len);
    if (text == NULL) {
        pf_error_set(err, path, 0, "%s", strerror(errno));
        return PF_ERROR;
    }
    return pf_linux_procnet_parse_states(&w, text, len, err);
}

int
pf_linux_procnet_sockets(const pf_linux_sock_query_t *w,
                        const char *proc_root, pf_error_t *err)
{
    int         rc4, rc6;
    pf_error_t  err6;
    const char *v4 = w->proto == PF_PROTO_UDP ? "udp" : "tcp";
    const char *v6 = w->proto == PF_PROTO_UDP ? "udp6" : "tcp6";

    rc4 = pf_procnet_file(w, PF_FAMILY_INET, proc_root, v4, err);
    if (rc4 == PF_ENOMEM) {
        return rc4;
    }
    /* no tcp6 file on a host without IPv6: not an error */
    rc6 = pf_procnet_file(w, PF_FAMILY_INET6, proc_root, v6, &err6);
    if (rc6 == PF_ENOMEM) {
        *err = err6;
        return rc6;
    }
    return rc4 == PF_OK || rc6 == PF_OK ? PF_OK : PF_ERROR;
}
