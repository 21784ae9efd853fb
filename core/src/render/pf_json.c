/*
 * Small JSON writers shared by the report and the facts renderers.
 */
#include "pf_json.h"

void
pf_json_sep(pf_buf_t *out)
{
    char last;

    if (out->len == 0) {
        return;
    }
    last = out->data[out->len - 1];
    if (last != '{' && last != '[' && last != ':') {
        pf_buf_add(out, ",", 1);
    }
}

static void
pf_json_key(pf_buf_t *out, const char *key)
{
    pf_json_sep(out);
    if (key != NULL) {
        pf_json_str(out, key);
        pf_buf_add(out, ":", 1);
    }
}

void
pf_json_open(pf_buf_t *out, const char *key, char bracket)
{
    pf_json_key(out, key);
    pf_buf_add(out, &bracket, 1);
}

void
pf_json_close(pf_buf_t *out, char bracket)
{
    pf_buf_add(out, &bracket, 1);
}

void
pf_json_kstr(pf_buf_t *out, const char *key, const char *s)
{
    pf_json_key(out, key);
    pf_json_str(out, s);
}

void
pf_json_klong(pf_buf_t *out, const char *key, long v)
{
    pf_json_key(out, key);
    pf_buf_printf(out, "%ld", v);
}

void
pf_json_kid(pf_buf_t *out, const char *key, long v)
{
    pf_json_key(out, key);
    if (v < 0) {
        pf_buf_puts(out, "null");
    } else {
        pf_buf_printf(out, "%ld", v);
    }
}

void
pf_json_kbool(pf_buf_t *out, const char *key, int v)
{
    pf_json_key(out, key);
    pf_buf_puts(out, v ? "true" : "false");
}

void
pf_json_ktri(pf_buf_t *out, const char *key, int v)
{
    pf_json_key(out, key);
    pf_buf_puts(out, v < 0 ? "null" : v ? "true" : "false");
}

void
pf_json_kstrs(pf_buf_t *out, const char *key, const pf_array_t *a)
{
    size_t i;

    pf_json_open(out, key, '[');
    for (i = 0; i < a->nelts; i++) {
        pf_json_kstr(out, NULL, PF_ARRAY_AT(a, const char *, i));
    }
    pf_json_close(out, ']');
}

void
pf_json_klongs(pf_buf_t *out, const char *key, const pf_array_t *a)
{
    size_t i;

    pf_json_open(out, key, '[');
    for (i = 0; i < a->nelts; i++) {
        pf_json_klong(out, NULL, PF_ARRAY_AT(a, long, i));
    }
    pf_json_close(out, ']');
}

const char *
pf_json_known(pf_known_t k)
{
    return k == PF_KNOWN_YES ? "yes" : k == PF_KNOWN_FAILED ? "failed"
                                                            : "no";
}

const char *
pf_json_proto(pf_proto_t p)
{
    return p == PF_PROTO_UDP ? "udp" : "tcp";
}

const char *
pf_json_family(pf_family_t f)
{
    return f == PF_FAMILY_INET ? "inet" : f == PF_FAMILY_INET6 ? "inet6"
           : f == PF_FAMILY_UNIX ? "unix" : "any";
}
