/*
 * Untrusted text stays inert.  Process names, command lines, unit names
 * (cgroup directory names), paths, container names, netsh text and
 * journal fields come from the system, where anyone may have chosen them:
 * printed raw, an ESC or CR repaints a terminal or disguises a log line,
 * and a ';' in a suggested command runs as whoever pastes it.  Every
 * printer of such a string goes through pf_buf_inert; every name put into
 * a command passes a name grammar and a quoting helper here.
 */
#include <stdio.h>
#include <string.h>

#include "preflight_internal.h"

/* a C1 control (U+0080..U+009F) as UTF-8: C2 80..C2 9F */
static int
pf_is_c1(const unsigned char *p)
{
    return p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
}

static int
pf_is_inert(const char *s)
{
    const unsigned char *p;

    for (p = (const unsigned char *) s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || pf_is_c1(p)) {
            return 0;
        }
    }
    return 1;
}

void
pf_buf_inert(pf_buf_t *out, const char *s)
{
    const unsigned char *p, *run;

    if (s == NULL) {
        return;
    }
    for (run = p = (const unsigned char *) s; *p; p++) {
        int c1 = pf_is_c1(p);

        if (*p >= 0x20 && *p != 0x7f && !c1) {
            continue;
        }
        pf_buf_add(out, (const char *) run, (size_t) (p - run));
        switch (*p) {
        case '\n': pf_buf_puts(out, "\\n"); break;
        case '\r': pf_buf_puts(out, "\\r"); break;
        case '\t': pf_buf_puts(out, "\\t"); break;
        default:
            pf_buf_printf(out, "\\x%02x", c1 ? p[1] : *p);
        }
        p += c1;
        run = p + 1;
    }
    pf_buf_add(out, (const char *) run, (size_t) (p - run));
}

const char *
pf_inert(pf_pool_t *pool, const char *s)
{
    pf_buf_t    b;
    const char *r;

    if (s == NULL || pf_is_inert(s)) {
        return s;
    }
    pf_buf_init(&b);
    pf_buf_inert(&b, s);
    r = b.failed ? NULL : pf_pstrndup(pool, b.data, b.len);
    pf_buf_free(&b);
    return r;
}

void
pf_error_inert(pf_pool_t *pool, pf_error_t *err)
{
    const char *m;

    m = pf_inert(pool, err->message);
    if (m != NULL && m != err->message) {
        snprintf(err->message, sizeof(err->message), "%s", m);
    }
    m = pf_inert(pool, err->file);
    if (m != NULL && m != err->file) {
        snprintf(err->file, sizeof(err->file), "%s", m);
    }
}

/* ---------------------------------------------------------------------
 * Name grammars.
 */
static int
pf_ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);

    return n > m && memcmp(s + n - m, suffix, m) == 0;
}

int
pf_unit_name_ok(const char *s)
{
    /* systemd's unit-name.c: ASCII letters, digits, ":-_.\" and one '@'
     * of a template instance; at most 255 bytes */
    static const char *suffixes[] = {
        ".service", ".socket", ".scope", ".slice", ".target", ".timer",
        ".mount", ".path", ".swap", ".device", ".automount", NULL
    };
    size_t n, i;

    if (s == NULL || s[0] == '\0' || s[0] == '-' || s[0] == '.') {
        return 0;
    }
    n = strlen(s);
    if (n > 255
        || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                  "0123456789:-_.\\@") != n
        || (strchr(s, '@') != NULL && strchr(s, '@') != strrchr(s, '@')))
    {
        return 0;
    }
    for (i = 0; suffixes[i] != NULL; i++) {
        if (pf_ends_with(s, n, suffixes[i]) && s[0] != '@') {
            return 1;
        }
    }
    return 0;
}

int
pf_service_name_ok(const char *s)
{
    /* the SCM forbids '/' and '\' and allows 256 characters; what a
     * service is really named is narrower, and nothing outside this set
     * is ever put on a cmd.exe line */
    size_t n;

    if (s == NULL || s[0] == '\0' || s[0] == '-' || s[0] == ' ') {
        return 0;
    }
    n = strlen(s);
    return n <= 256
           && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789_-.$@#+{} ") == n
           && s[n - 1] != ' ';
}

/* ---------------------------------------------------------------------
 * Quoting.
 */
const char *
pf_sh_quote(pf_pool_t *pool, const char *s)
{
    pf_buf_t    b;
    const char *p, *r;

    if (s == NULL || !pf_is_inert(s)) {
        return NULL;
    }
    if (s[0] != '\0' && s[0] != '-'
        && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                  "0123456789@%+=:,./_-") == strlen(s))
    {
        return s;
    }
    pf_buf_init(&b);
    pf_buf_puts(&b, "'");
    for (p = s; *p; p++) {
        if (*p == '\'') {
            pf_buf_puts(&b, "'\\''");
        } else {
            pf_buf_add(&b, p, 1);
        }
    }
    pf_buf_puts(&b, "'");
    r = b.failed ? NULL : pf_pstrndup(pool, b.data, b.len);
    pf_buf_free(&b);
    return r;
}

const char *
pf_cmd_quote(pf_pool_t *pool, const char *s)
{
    /* cmd.exe expands %VAR% and !VAR! even inside double quotes, and a
     * quote ends them: such a word is not offered at all */
    if (s == NULL || s[0] == '\0' || !pf_is_inert(s)
        || strpbrk(s, "%!\"^&|<>()") != NULL)
    {
        return NULL;
    }
    if (strchr(s, ' ') == NULL) {
        return s;
    }
    return pf_psprintf(pool, "\"%s\"", s);
}
