/*
 * The journal's text format: a pure reader and writer, no file access
 * (the reader is fuzzed).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "pf_journal.h"
#include "pf_text.h"
#include "pf_version.h"

static const char *pf_journal_states[] = {
    "pending", "done", "failed", "undone", NULL
};

const char *
pf_journal_state_name(pf_journal_state_t s)
{
    return (unsigned) s <= PF_JOURNAL_UNDONE ? pf_journal_states[s] : "?";
}

/* ---------------------------------------------------------------------
 * Writer.
 */
static void
pf_journal_put_value(pf_buf_t *out, const char *v)
{
    const unsigned char *p;

    for (p = (const unsigned char *) v; *p; p++) {
        if (*p <= 0x20 || *p == '%' || *p == '=' || *p == 0x7f) {
            pf_buf_printf(out, "%%%02X", *p);
        } else {
            pf_buf_add(out, (const char *) p, 1);
        }
    }
}

static void
pf_journal_put_field(pf_buf_t *out, const char *key, const char *value)
{
    if (value == NULL) {
        return;
    }
    pf_buf_printf(out, " %s=", key);
    pf_journal_put_value(out, value);
}

void
pf_journal_format(const pf_array_t *entries, pf_buf_t *out)
{
    size_t i;

    pf_buf_printf(out, "%s %d\n", PF_JOURNAL_MAGIC, PF_JOURNAL_VERSION);
    pf_buf_puts(out, "# written by preflight " PF_VERSION
                "; 'preflight undo' reads it.  Do not edit.\n");
    for (i = 0; i < entries->nelts; i++) {
        const pf_journal_entry_t *e =
            &PF_ARRAY_AT(entries, pf_journal_entry_t, i);

        pf_buf_printf(out, "step seq=%u state=%s", e->seq,
                      pf_journal_state_name(e->state));
        pf_journal_put_field(out, "kind", e->kind);
        pf_journal_put_field(out, "op", e->op);
        pf_journal_put_field(out, "subject", e->subject);
        pf_journal_put_field(out, "before", e->before);
        pf_journal_put_field(out, "after", e->after);
        pf_journal_put_field(out, "target", e->target);
        pf_journal_put_field(out, "command", e->command);
        pf_journal_put_field(out, "time", e->time);
        pf_journal_put_field(out, "error", e->error);
        pf_buf_puts(out, "\n");
    }
}

/* ---------------------------------------------------------------------
 * Reader.
 */
typedef struct {
    pf_pool_t  *pool;
    pf_error_t *err;
    unsigned    line;
} pf_jparse_t;

/* Unescapes [s, s+n) into a pool string; NULL on a bad escape. */
static const char *
pf_journal_unescape(pf_jparse_t *jp, const char *s, size_t n)
{
    char   *v, *d;
    size_t  i;
    int     hi, lo;

    v = pf_palloc(jp->pool, n + 1);
    if (v == NULL) {
        pf_error_set(jp->err, NULL, jp->line, "out of memory");
        return NULL;
    }
    for (d = v, i = 0; i < n; i++) {
        if (s[i] != '%') {
            *d++ = s[i];
            continue;
        }
        /* %00 would cut the value short: never written, so refused */
        hi = i + 2 < n ? pf_hex_value(s[i + 1]) : -1;
        lo = i + 2 < n ? pf_hex_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
            pf_error_set(jp->err, NULL, jp->line,
                         "bad %%-escape in a journal value");
            return NULL;
        }
        *d++ = (char) (hi * 16 + lo);
        i += 2;
    }
    *d = '\0';
    return v;
}

static int
pf_journal_set_state(pf_jparse_t *jp, pf_journal_entry_t *e, const char *v)
{
    int i;

    for (i = 0; pf_journal_states[i] != NULL; i++) {
        if (strcmp(v, pf_journal_states[i]) == 0) {
            e->state = (pf_journal_state_t) i;
            return PF_OK;
        }
    }
    pf_error_set(jp->err, NULL, jp->line, "unknown step state '%s'", v);
    return PF_ERROR;
}

static int
pf_journal_set_seq(pf_jparse_t *jp, pf_journal_entry_t *e, const char *v)
{
    unsigned long n = 0;
    const char   *p;

    for (p = v; *p >= '0' && *p <= '9' && n < 100000000UL; p++) {
        n = n * 10 + (unsigned long) (*p - '0');
    }
    if (p == v || *p != '\0' || n == 0) {
        pf_error_set(jp->err, NULL, jp->line, "bad step number '%s'", v);
        return PF_ERROR;
    }
    e->seq = (unsigned) n;
    return PF_OK;
}

static int
pf_journal_set(pf_jparse_t *jp, pf_journal_entry_t *e, const char *key,
               size_t klen, const char *v, unsigned *seen)
{
    static const char *keys[] = {
        "seq", "state", "kind", "op", "subject", "before", "after",
        "target", "command", "time", "error", NULL
    };
    const char **slots[] = {
        NULL, NULL, &e->kind, &e->op, &e->subject, &e->before, &e->after,
        &e->target, &e->command, &e->time, &e->error
    };
    int i;

    for (i = 0; keys[i] != NULL; i++) {
        if (strlen(keys[i]) == klen && memcmp(keys[i], key, klen) == 0) {
            break;
        }
    }
    if (keys[i] == NULL) {
        return PF_OK;           /* a newer writer's field */
    }
    if (*seen & (1u << i)) {
        pf_error_set(jp->err, NULL, jp->line, "field '%s' given twice",
                     keys[i]);
        return PF_ERROR;
    }
    *seen |= 1u << i;
    if (i == 0) {
        return pf_journal_set_seq(jp, e, v);
    }
    if (i == 1) {
        return pf_journal_set_state(jp, e, v);
    }
    *slots[i] = v;
    return PF_OK;
}

/* "key=value" fields of one step line, after "step". */
static int
pf_journal_fields(pf_jparse_t *jp, const char *p, const char *end,
                  pf_journal_entry_t *e)
{
    /* seq, state, kind, op, subject: without them undo cannot act */
    const unsigned required = 0x1f;
    unsigned       seen = 0;

    while (p < end) {
        const char *tok = p, *eq, *v;

        while (p < end && *p != ' ') {
            p++;
        }
        eq = memchr(tok, '=', (size_t) (p - tok));
        if (eq == NULL || eq == tok) {
            pf_error_set(jp->err, NULL, jp->line,
                         "expected key=value, found '%.*s'",
                         (int) (p - tok > 40 ? 40 : p - tok), tok);
            return PF_ERROR;
        }
        v = pf_journal_unescape(jp, eq + 1, (size_t) (p - eq - 1));
        if (v == NULL
            || pf_journal_set(jp, e, tok, (size_t) (eq - tok), v, &seen)
               != PF_OK)
        {
            return PF_ERROR;
        }
        if (p < end) {
            p++;                /* the single space */
        }
    }
    if ((seen & required) != required) {
        pf_error_set(jp->err, NULL, jp->line,
                     "step lacks one of seq, state, kind, op, subject");
        return PF_ERROR;
    }
    return PF_OK;
}

static int
pf_journal_header(pf_jparse_t *jp, const char *p, const char *end)
{
    size_t mlen = strlen(PF_JOURNAL_MAGIC);
    int    version = 0;

    if ((size_t) (end - p) <= mlen || memcmp(p, PF_JOURNAL_MAGIC, mlen) != 0
        || p[mlen] != ' ')
    {
        pf_error_set(jp->err, NULL, jp->line,
                     "not a preflight journal (no '%s' header)",
                     PF_JOURNAL_MAGIC);
        return PF_ERROR;
    }
    for (p += mlen + 1; p < end && *p >= '0' && *p <= '9' && version < 1000;
         p++)
    {
        version = version * 10 + (*p - '0');
    }
    if (p != end || version != PF_JOURNAL_VERSION) {
        pf_error_set(jp->err, NULL, jp->line,
                     "unsupported journal version (this preflight reads %d)",
                     PF_JOURNAL_VERSION);
        return PF_ERROR;
    }
    return PF_OK;
}

static int
pf_journal_line(pf_jparse_t *jp, const char *p, const char *end,
                pf_array_t *entries)
{
    pf_journal_entry_t *e;

    if (p == end || *p == '#') {
        return PF_OK;
    }
    if (end - p < 5 || memcmp(p, "step ", 5) != 0) {
        pf_error_set(jp->err, NULL, jp->line,
                     "expected a 'step' line, found '%.*s'",
                     (int) (end - p > 40 ? 40 : end - p), p);
        return PF_ERROR;
    }
    e = pf_array_push(entries);
    if (e == NULL) {
        pf_error_set(jp->err, NULL, jp->line, "out of memory");
        return PF_ERROR;
    }
    return pf_journal_fields(jp, p + 5, end, e);
}

int
pf_journal_parse(pf_pool_t *pool, const char *text, size_t len,
                 pf_array_t *entries, pf_error_t *err)
{
    pf_jparse_t  jp;
    const char  *p = text, *end = text + len, *line;
    size_t       n;

    jp.pool = pool;
    jp.err = err;
    jp.line = 0;
    while (pf_text_next_line(&p, end, &line, &n)) {
        const char *eol = line + n;

        jp.line++;
        if (eol > line && eol[-1] == '\r') {
            eol--;              /* edited with a Windows editor */
        }
        if (memchr(line, '\0', (size_t) (eol - line)) != NULL) {
            pf_error_set(err, NULL, jp.line, "NUL byte in the journal");
            return PF_ERROR;
        }
        if ((jp.line == 1 ? pf_journal_header(&jp, line, eol)
                          : pf_journal_line(&jp, line, eol, entries)) != PF_OK)
        {
            return PF_ERROR;
        }
    }
    if (jp.line == 0) {
        pf_error_set(err, NULL, 1, "empty journal");
        return PF_ERROR;
    }
    return PF_OK;
}
