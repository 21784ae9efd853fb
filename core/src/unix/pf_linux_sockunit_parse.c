/*
 * systemd socket units on a port, from text: the output of
 * `systemctl list-sockets --all --no-legend --full`, and .socket unit
 * files.  Pure.
 */
#include <string.h>

#include "preflight_internal.h"
#include "pf_linux.h"
#include "pf_text.h"

#define PF_MAX_WORDS  32

int
pf_linux_listen_matches(const char *listen, unsigned port)
{
    const char    *p;
    unsigned long  v = 0;

    if (listen == NULL || *listen == '/' || *listen == '@'
        || strncmp(listen, "vsock:", 6) == 0)
    {
        return 0;                  /* AF_UNIX, abstract, vsock */
    }
    p = strrchr(listen, ':');
    if (p != NULL) {
        /* "[::]:80", "0.0.0.0:80", "*:80"; not "::1" alone */
        if (p > listen && p[-1] != ']' && strchr(listen, ':') != p) {
            return 0;
        }
        p++;
    } else {
        p = listen;
    }
    if (*p == '\0') {
        return 0;
    }
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > 65535) {
            return 0;
        }
        v = v * 10 + (unsigned long) (*p - '0');
    }
    return v == port;
}

static int
pf_sockunit_push(pf_pool_t *pool, pf_array_t *units, const char *unit,
                 const char *listen, const char *activates)
{
    pf_socket_unit_t *u = pf_array_push(units);

    if (u == NULL) {
        return PF_ENOMEM;
    }
    u->unit = pf_pstrdup(pool, unit);
    u->listen = pf_pstrdup(pool, listen);
    u->activates = activates != NULL && *activates ? pf_pstrdup(pool,
                                                                activates)
                                                   : NULL;
    return PF_OK;
}

static size_t
pf_sockunit_words(char *line, char **w, size_t max)
{
    size_t n = 0;
    char  *p = line;

    while (*p && n < max) {
        while (*p == ' ' || *p == '\t') {
            *p++ = '\0';
        }
        if (*p == '\0') {
            break;
        }
        w[n++] = p;
        while (*p && *p != ' ' && *p != '\t') {
            p++;
        }
    }
    return n;
}

static int
pf_sockunit_is_type(const char *w)
{
    static const char *const types[] = {
        "Stream", "Datagram", "SequentialPacket", "FIFO", "Special",
        "Netlink", "MessageQueue", "USBFunction", NULL
    };
    size_t i;

    for (i = 0; types[i]; i++) {
        if (strcmp(w, types[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static void
pf_sockunit_join(char *out, size_t len, char **w, size_t from, size_t to)
{
    size_t i;

    out[0] = '\0';
    for (i = from; i < to; i++) {
        if (i > from) {
            strncat(out, " ", len - strlen(out) - 1);
        }
        strncat(out, w[i], len - strlen(out) - 1);
    }
}

/* LISTEN [TYPE] UNIT [ACTIVATES...]; LISTEN may hold spaces. */
static int
pf_sockunit_line(pf_pool_t *pool, char *line, unsigned port,
                 pf_array_t *units)
{
    char   *w[PF_MAX_WORDS], listen[512], activates[512];
    size_t  n, u, lend;

    n = pf_sockunit_words(line, w, PF_MAX_WORDS);
    for (u = n; u > 1; u--) {
        size_t k = strlen(w[u - 1]);

        if (k > 7 && strcmp(w[u - 1] + k - 7, ".socket") == 0) {
            break;
        }
    }
    if (u <= 1) {
        return PF_OK;              /* no unit, or no listen before it */
    }
    u--;
    lend = u >= 2 && pf_sockunit_is_type(w[u - 1]) ? u - 1 : u;
    pf_sockunit_join(listen, sizeof(listen), w, 0, lend);
    pf_sockunit_join(activates, sizeof(activates), w, u + 1, n);
    if (!pf_linux_listen_matches(listen, port)) {
        return PF_OK;
    }
    return pf_sockunit_push(pool, units, w[u], listen, activates);
}

int
pf_linux_list_sockets_parse(pf_pool_t *pool, const char *text, size_t len,
                           unsigned port, pf_array_t *units)
{
    char        line[1024];
    const char *p = text, *end = text + len, *l;
    size_t      n;

    while (pf_text_next_line(&p, end, &l, &n)) {
        if (n < sizeof(line)) {
            memcpy(line, l, n);
            line[n] = '\0';
            if (pf_sockunit_line(pool, line, port, units) != PF_OK) {
                return PF_ENOMEM;
            }
        }
    }
    return PF_OK;
}

/* "foo.socket" -> "foo.service", or "foo@.service" with Accept=yes. */
static const char *
pf_sockunit_service(pf_pool_t *pool, const char *name, int accept)
{
    size_t n = strlen(name);

    if (n > 7 && strcmp(name + n - 7, ".socket") == 0) {
        n -= 7;
    }
    return pf_psprintf(pool, "%.*s%s.service", (int) n, name,
                       accept ? "@" : "");
}

static char *
pf_sockunit_trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t') {
        s++;
    }
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) {
        *--e = '\0';
    }
    return s;
}

typedef struct {
    const char *listens[16];
    size_t      nlistens;
    const char *service;
    int         accept;
} pf_unit_file_t;

static void
pf_sockunit_file_line(pf_pool_t *pool, char *line, const char *key,
                      pf_unit_file_t *uf)
{
    char *eq = strchr(line, '='), *k, *v;

    if (eq == NULL) {
        return;
    }
    *eq = '\0';
    k = pf_sockunit_trim(line);
    v = pf_sockunit_trim(eq + 1);
    if (strcmp(k, key) == 0) {
        if (*v == '\0') {
            uf->nlistens = 0;      /* an empty assignment resets the list */
        } else if (uf->nlistens < 16) {
            uf->listens[uf->nlistens++] = pf_pstrdup(pool, v);
        }
    } else if (strcmp(k, "Service") == 0 && *v) {
        uf->service = pf_pstrdup(pool, v);
    } else if (strcmp(k, "Accept") == 0) {
        uf->accept = strcmp(v, "yes") == 0 || strcmp(v, "true") == 0
                     || strcmp(v, "1") == 0 || strcmp(v, "on") == 0;
    }
}

int
pf_linux_socket_unit_file_parse(pf_pool_t *pool, const pf_conf_text_t *file,
                               pf_proto_t proto, unsigned port,
                               pf_array_t *units)
{
    const char     *key = proto == PF_PROTO_UDP ? "ListenDatagram"
                                                : "ListenStream";
    const char     *name = file->name;
    const char     *p = file->text, *end = file->text + file->len;
    const char     *raw, *svc;
    char            line[1024], *l;
    size_t          n, i;
    int             in_socket = 0;
    pf_unit_file_t  uf;

    memset(&uf, 0, sizeof(uf));
    while (pf_text_next_line(&p, end, &raw, &n)) {
        if (n < sizeof(line)) {
            memcpy(line, raw, n);
            line[n] = '\0';
            l = pf_sockunit_trim(line);
            if (*l == '[') {
                in_socket = strcmp(l, "[Socket]") == 0;
            } else if (in_socket && *l != '#' && *l != ';') {
                pf_sockunit_file_line(pool, l, key, &uf);
            }
        }
    }
    svc = uf.service ? uf.service : pf_sockunit_service(pool, name, uf.accept);
    for (i = 0; i < uf.nlistens; i++) {
        if (pf_linux_listen_matches(uf.listens[i], port)
            && pf_sockunit_push(pool, units, name, uf.listens[i], svc) != PF_OK)
        {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}
