/*
 * Apache lines and words: ap_cfg_getline() (a trailing backslash joins
 * the next line, even in a comment, as httpd does), cfg_trim_line(),
 * ap_getword_conf() and ap_resolve_env().
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "preflight_internal.h"
#include "conf/pf_conf_apache.h"

void
pf_ap_reader_init(pf_ap_reader_t *rd, pf_ap_t *ap, pf_conf_file_t *f)
{
    rd->ap = ap;
    rd->name = f->name;
    rd->p = f->text;
    rd->end = f->text + f->len;
    rd->line = 1;
    /* httpd for Windows skips a UTF-8 byte order mark; Windows editors
     * write one, and it would hide the first directive */
    if (f->len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0) {
        rd->p += 3;
    }
}

/* Joins physical lines ending in "\" into one, moving the text left in
 * place; returns its end. */
static char *
pf_ap_join(pf_ap_reader_t *rd, char *w)
{
    char *line_start, *e;

    for ( ;; ) {
        line_start = w;
        while (rd->p < rd->end && *rd->p != '\n') {
            *w++ = *rd->p++;
        }
        e = w;
        if (e > line_start && e[-1] == '\r') {
            e--;
        }
        if (rd->p >= rd->end) {
            return e;
        }
        rd->p++;                            /* the newline */
        rd->line++;
        if (e == line_start || e[-1] != '\\') {
            return e;
        }
        w = e - 1;                          /* drop the backslash */
    }
}

static int
pf_ap_is_space(char c)
{
    return isspace((unsigned char) c) != 0;
}

int
pf_ap_next_line(pf_ap_reader_t *rd, pf_ap_line_t *l)
{
    char *start, *end;

    while (rd->p < rd->end) {
        l->file = rd->name;
        l->line = rd->line;
        l->undefined = NULL;
        start = rd->p;
        end = pf_ap_join(rd, start);
        while (end > start && pf_ap_is_space(end[-1])) {
            end--;
        }
        *end = '\0';
        while (pf_ap_is_space(*start)) {
            start++;
        }
        if ((size_t) (end - start) > PF_CONF_MAX_LINE) {
            pf_error_set(rd->ap->run.err, rd->name, l->line,
                         "line %u is longer than %u bytes", l->line,
                         PF_CONF_MAX_LINE);
            return -1;
        }
        if (*start == '\0' || *start == '#') {
            continue;
        }
        l->text = start;
        return 1;
    }
    return 0;
}

void
pf_ap_directive(const char *text, char *buf, size_t len)
{
    size_t i = 0;

    while (*text && !pf_ap_is_space(*text) && i + 1 < len) {
        buf[i++] = (char) tolower((unsigned char) *text++);
    }
    buf[i] = '\0';
}

char *
pf_ap_word(pf_pool_t *pool, const char **line)
{
    const char *s = *line, *e;
    char       *res, *d;
    char        quote = 0;

    while (pf_ap_is_space(*s)) {
        s++;
    }
    if (*s == '"' || *s == '\'') {
        quote = *s++;
    }
    for (e = s; *e; e++) {
        if (quote ? *e == quote : pf_ap_is_space(*e)) {
            break;
        }
        if (*e == '\\' && (e[1] == '\\' || (quote && e[1] == quote))) {
            e++;
        }
    }
    res = d = pf_palloc(pool, (size_t) (e - s) + 1);
    if (res == NULL) {
        return NULL;
    }
    for ( ; s < e; s++) {
        if (*s == '\\' && (s[1] == '\\' || (quote && s[1] == quote))) {
            s++;
        }
        *d++ = *s;
    }
    *d = '\0';
    if (quote && *e == quote) {
        e++;
    }
    while (pf_ap_is_space(*e)) {
        e++;
    }
    *line = e;
    return res;
}

/* The value of ${...} between s and e (name, maybe "?=default"). */
static const char *
pf_ap_var_value(pf_ap_t *ap, pf_ap_line_t *l, const char *s, size_t n)
{
    char       *name, *dflt;
    const char *v;
    int         found;

    name = pf_pstrndup(ap->run.pool, s, n);
    if (name == NULL) {
        return NULL;
    }
    dflt = strstr(name, "?=");
    if (dflt != NULL) {
        *dflt = '\0';
        dflt += 2;
    }
    /* "Define NAME" without a value (or -D NAME) is for <IfDefine>
     * only: ${NAME} stays undefined, as in httpd */
    v = pf_ap_lookup(ap, name, &found);
    if (found && v != NULL) {
        return v;
    }
    v = getenv(name);
    if (v != NULL) {
        return v;
    }
    if (dflt != NULL) {
        return dflt;
    }
    if (l->undefined == NULL && strchr(name, ':') == NULL) {
        l->undefined = name;
    }
    return NULL;
}

int
pf_ap_resolve(pf_ap_t *ap, pf_ap_line_t *l)
{
    pf_buf_t     b;
    const char  *s = l->text, *close, *v;

    if (strstr(s, "${") == NULL) {
        return PF_OK;
    }
    pf_buf_init(&b);
    while (*s) {
        if (s[0] == '$' && s[1] == '{' && (close = strchr(s + 2, '}'))) {
            v = pf_ap_var_value(ap, l, s + 2, (size_t) (close - s - 2));
            if (v != NULL) {
                pf_buf_puts(&b, v);
            } else {
                pf_buf_add(&b, s, (size_t) (close - s + 1));
            }
            s = close + 1;
            continue;
        }
        pf_buf_add(&b, s, 1);
        s++;
    }
    if (b.failed) {
        pf_buf_free(&b);
        return PF_ENOMEM;
    }
    l->text = pf_pstrndup(ap->run.pool, b.data ? b.data : "", b.len);
    pf_buf_free(&b);
    return l->text ? PF_OK : PF_ENOMEM;
}

/* httpd -V prints ` -D HTTPD_ROOT="/etc/apache2"` among its compile-time
 * settings: the ServerRoot it starts from. */
char *
pf_conf_httpd_root_from_v(pf_pool_t *pool, const char *text)
{
    static const char key[] = "-D HTTPD_ROOT=\"";
    const char       *p = text != NULL ? strstr(text, key) : NULL;
    const char       *end;

    if (p == NULL) {
        return NULL;
    }
    p += sizeof(key) - 1;
    end = strchr(p, '"');
    if (end == NULL || end == p || memchr(p, '\n', (size_t) (end - p))) {
        return NULL;
    }
    return pf_pstrndup(pool, p, (size_t) (end - p));
}
