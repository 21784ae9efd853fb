/*
 * Targets from the command line: "80", "*:80", "0.0.0.0:80",
 * "127.0.0.1:8080", "[::]:443", "[::1]:8080", "localhost:80".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_platform.h"
#include "pf_target.h"

int
pf_port_parse(const char *s, size_t n, unsigned *port)
{
    unsigned long v = 0;
    size_t        i;

    if (n == 0 || n > 5) {
        return PF_ERROR;
    }
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return PF_ERROR;
        }
        v = v * 10 + (unsigned long) (s[i] - '0');
    }
    if (v == 0 || v > 65535) {
        return PF_ERROR;
    }
    *port = (unsigned) v;
    return PF_OK;
}

void
pf_target_defaults(pf_target_t *t)
{
    memset(t, 0, sizeof(*t));
    t->v6only = -1;
    t->family = PF_FAMILY_ANY;
    t->proto = PF_PROTO_TCP;
    strcpy(t->address, "*");
}

static int
pf_target_emit(pf_pool_t *pool, const pf_target_t *proto, const char *addr,
               pf_family_t family, pf_array_t *out)
{
    pf_target_t *t, *o;
    size_t       i, n;

    for (i = 0; i < out->nelts; i++) {
        o = &PF_ARRAY_AT(out, pf_target_t, i);
        if (o->port == proto->port && o->proto == proto->proto
            && strcmp(o->address, addr) == 0 && o->source == proto->source)
        {
            return PF_OK;       /* localhost resolving twice to ::1 */
        }
    }
    t = pf_array_push(out);
    if (t == NULL) {
        return PF_ENOMEM;
    }
    *t = *proto;
    /* a copy, not snprintf: a check does this per target (issue 22.4) */
    n = strlen(addr);
    n = n < sizeof(t->address) ? n : sizeof(t->address) - 1;
    memcpy(t->address, addr, n);
    t->address[n] = '\0';
    t->family = family;
    (void) pool;
    return PF_OK;
}

/* What pf_target_split() makes of a spec: the host in the caller's
 * buffer (may be empty), the port's text inside the spec. */
typedef struct {
    char        *host;
    size_t       hostlen;
    const char  *port;
    int          bracketed;
} pf_target_parts_t;

/* Splits "host:port", "[v6]:port", "port".  Returns PF_ERROR with a
 * message on a malformed spec. */
static int
pf_target_split(const char *spec, pf_target_parts_t *p, pf_error_t *err)
{
    const char *colon, *close;
    size_t      n;

    p->bracketed = 0;
    p->host[0] = '\0';

    if (spec[0] == '[') {
        close = strchr(spec, ']');
        if (close == NULL) {
            pf_error_set(err, NULL, 0,
                         "'%s': missing ']' after an IPv6 address", spec);
            return PF_ERROR;
        }
        if (close[1] != ':') {
            pf_error_set(err, NULL, 0,
                         "'%s': expected ':PORT' after ']'", spec);
            return PF_ERROR;
        }
        n = (size_t) (close - spec - 1);
        if (n == 0 || n >= p->hostlen) {
            pf_error_set(err, NULL, 0, "'%s': bad IPv6 address", spec);
            return PF_ERROR;
        }
        memcpy(p->host, spec + 1, n);
        p->host[n] = '\0';
        p->bracketed = 1;
        p->port = close + 2;
        return PF_OK;
    }

    colon = strrchr(spec, ':');
    if (colon == NULL) {
        p->port = spec;
        return PF_OK;
    }
    if (strchr(spec, ':') != colon) {
        pf_error_set(err, NULL, 0,
                     "'%s': an IPv6 address needs brackets, as in [::1]:80",
                     spec);
        return PF_ERROR;
    }
    n = (size_t) (colon - spec);
    if (n == 0 || n >= p->hostlen) {
        pf_error_set(err, NULL, 0, "'%s': expected HOST:PORT", spec);
        return PF_ERROR;
    }
    memcpy(p->host, spec, n);
    p->host[n] = '\0';
    p->port = colon + 1;
    return PF_OK;
}

int
pf_target_split_listen(const char *spec, char *host, size_t hostlen,
                       unsigned *port, pf_error_t *err)
{
    pf_target_parts_t parts;

    if (spec == NULL || spec[0] == '\0') {
        pf_error_set(err, NULL, 0, "empty listen address");
        return PF_ERROR;
    }
    parts.host = host;
    parts.hostlen = hostlen;
    if (pf_target_split(spec, &parts, err) != PF_OK) {
        return PF_ERROR;
    }
    if (pf_port_parse(parts.port, strlen(parts.port), port) != PF_OK) {
        pf_error_set(err, NULL, 0,
                     "'%s': expected a port number from 1 to 65535", spec);
        return PF_ERROR;
    }
    if (strcmp(host, "*") == 0) {
        host[0] = '\0';
    }
    return PF_OK;
}

int
pf_target_parse(pf_pool_t *pool, const char *spec, const char *source,
                pf_array_t *out, pf_error_t *err)
{
    char               host[256];
    pf_target_parts_t  parts;
    int                rc;
    size_t             i;
    pf_target_t        proto;
    pf_array_t         addrs;
    pf_family_t        fam;

    if (source == NULL) {
        source = "command line";
    }
    if (spec == NULL || spec[0] == '\0') {
        pf_error_set(err, NULL, 0, "%s: empty target", source);
        return PF_ERROR;
    }

    parts.host = host;
    parts.hostlen = sizeof(host);
    rc = pf_target_split(spec, &parts, err);
    if (rc != PF_OK) {
        return rc;
    }

    pf_target_defaults(&proto);
    if (pf_port_parse(parts.port, strlen(parts.port), &proto.port) != PF_OK)
    {
        pf_error_set(err, NULL, 0,
                     "'%s': expected a port number from 1 to 65535", spec);
        return PF_ERROR;
    }
    proto.spelling = pf_pstrdup(pool, spec);
    proto.source = pf_pstrdup(pool, source);
    if (proto.spelling == NULL || proto.source == NULL) {
        return PF_ENOMEM;
    }

    if (host[0] == '\0' || strcmp(host, "*") == 0) {
        return pf_target_emit(pool, &proto, "*", PF_FAMILY_ANY, out);
    }

    if (pf_array_init(&addrs, pool, 4, sizeof(char *)) != PF_OK) {
        return PF_ENOMEM;
    }
    fam = parts.bracketed ? PF_FAMILY_INET6 : PF_FAMILY_ANY;
    rc = pf_platform_resolve(pool, host, fam, &addrs, err);
    if (rc != PF_OK) {
        return rc;
    }
    for (i = 0; i < addrs.nelts; i++) {
        const char *a = PF_ARRAY_AT(&addrs, const char *, i);

        rc = pf_target_emit(pool, &proto, a,
                            strchr(a, ':') ? PF_FAMILY_INET6 : PF_FAMILY_INET,
                            out);
        if (rc != PF_OK) {
            return rc;
        }
    }
    return PF_OK;
}

const char *
pf_target_name(const pf_target_t *t, char *out, size_t len)
{
    const char *proto = t->proto == PF_PROTO_UDP ? "/udp" : "";

    if (t->family == PF_FAMILY_UNIX) {
        snprintf(out, len, "unix:%s", t->path != NULL ? t->path : "?");
    } else if (t->family == PF_FAMILY_INET6) {
        snprintf(out, len, "[%s]:%u%s", t->address, t->port, proto);
    } else {
        snprintf(out, len, "%s:%u%s", t->address, t->port, proto);
    }
    return out;
}
