/*
 * docker-proxy: the userland proxy Docker starts for each published port
 * ("docker run -p 8080:80").  Its command line says what it publishes:
 *   docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8080
 *                -container-ip 172.17.0.2 -container-port 80
 * Pure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_linux.h"

/* The next space-separated word of *p, advancing *p. */
static size_t
pf_docker_next_word(const char **p, const char **word)
{
    const char *s = *p;
    size_t      n;

    while (*s == ' ') {
        s++;
    }
    *word = s;
    n = strcspn(s, " ");
    *p = s + n;
    return n;
}

static unsigned
pf_docker_port_value(const char *s, size_t n)
{
    unsigned long v = 0;
    size_t        i;

    if (n == 0 || n > 5) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        v = v * 10 + (unsigned long) (s[i] - '0');
    }
    return v <= 65535 ? (unsigned) v : 0;
}

static void
pf_docker_option(pf_pool_t *pool, const char *key, size_t klen,
                 const char *val, size_t vlen, pf_container_t *out)
{
#define PF_KEY(k)  (klen == sizeof(k) - 1 && memcmp(key, k, klen) == 0)
    if (PF_KEY("proto")) {
        out->proto = pf_pstrndup(pool, val, vlen);
    } else if (PF_KEY("host-ip")) {
        out->host_ip = pf_pstrndup(pool, val, vlen);
    } else if (PF_KEY("host-port")) {
        out->host_port = pf_docker_port_value(val, vlen);
    } else if (PF_KEY("container-ip")) {
        out->container_ip = pf_pstrndup(pool, val, vlen);
    } else if (PF_KEY("container-port")) {
        out->container_port = pf_docker_port_value(val, vlen);
    }
#undef PF_KEY
}

int
pf_linux_docker_proxy_parse(pf_pool_t *pool, const char *cmdline,
                           pf_container_t *out)
{
    const char *p = cmdline, *w, *key, *eq, *val;
    size_t      n, klen, vlen;

    if (cmdline == NULL) {
        return PF_ERROR;
    }
    while ((n = pf_docker_next_word(&p, &w)) > 0) {
        if (w[0] != '-') {
            continue;
        }
        key = w + (n > 1 && w[1] == '-' ? 2 : 1);
        klen = (size_t) (w + n - key);
        /* Go's flag package takes "-k v", "-k=v" and "--k v" alike */
        eq = memchr(key, '=', klen);
        if (eq != NULL) {
            val = eq + 1;
            vlen = (size_t) (w + n - val);
            klen = (size_t) (eq - key);
        } else {
            const char *save = p;

            vlen = pf_docker_next_word(&p, &val);
            if (vlen > 0 && val[0] == '-') {
                p = save;          /* a flag without a value */
                continue;
            }
        }
        pf_docker_option(pool, key, klen, val, vlen, out);
    }
    return out->host_port != 0 ? PF_OK : PF_ERROR;
}

/* "\"Name\":\"/web\"" -> "web": container names are the only "Name"
 * values that start with '/' (volume names in MountPoints do not). */
static const char *
pf_docker_name(pf_pool_t *pool, const char *text)
{
    const char *p = strstr(text, "\"Name\":\"/"), *end;

    if (p == NULL) {
        return NULL;
    }
    p += strlen("\"Name\":\"/");
    end = strchr(p, '"');
    return end != NULL && end > p ? pf_pstrndup(pool, p, (size_t) (end - p))
                                  : NULL;
}

int
pf_linux_docker_config_match(pf_pool_t *pool, const char *text,
                            const char *container_ip, const char **name)
{
    char needle[128];

    *name = NULL;
    if (text == NULL || container_ip == NULL || *container_ip == '\0') {
        return 0;
    }
    snprintf(needle, sizeof(needle), "\"IPAddress\":\"%s\"", container_ip);
    if (strstr(text, needle) == NULL) {
        return 0;
    }
    *name = pf_docker_name(pool, text);
    return 1;
}
