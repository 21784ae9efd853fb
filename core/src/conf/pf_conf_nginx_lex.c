/*
 * The nginx tokenizer.  It follows ngx_conf_read_token() state for state
 * so that what nginx accepts and refuses is what preflight accepts and
 * refuses, with nginx's wording in the errors.
 */
#include <string.h>

#include "preflight_internal.h"
#include "conf/pf_conf_nginx_lex.h"

typedef struct {
    const char *start;
    unsigned    start_line;
    int         need_space;
    int         last_space;
    int         sharp_comment;
    int         variable;
    int         quoted;
    int         s_quoted;
    int         d_quoted;
} pf_conf_nginx_state_t;

void
pf_conf_nginx_lex_init(pf_conf_nginx_lex_t *lx, pf_conf_run_t *run,
    const pf_conf_file_t *f)
{
    memset(lx, 0, sizeof(*lx));
    lx->run = run;
    lx->name = f->name;
    lx->p = f->text;
    lx->end = f->text + f->len;
    lx->line = 1;
}

static pf_conf_nginx_tok_t
pf_conf_nginx_lex_error(pf_conf_nginx_lex_t *lx, const char *msg)
{
    pf_error_set(lx->run->err, lx->name, lx->line, "%s", msg);
    return PF_CONF_NGINX_LEX_ERROR;
}

static pf_conf_nginx_tok_t
pf_conf_nginx_lex_unexpected(pf_conf_nginx_lex_t *lx, char ch)
{
    pf_error_set(lx->run->err, lx->name, lx->line, "unexpected \"%c\"", ch);
    return PF_CONF_NGINX_LEX_ERROR;
}

static int
pf_conf_nginx_is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static void
pf_conf_nginx_lex_push(pf_conf_nginx_lex_t *lx, const pf_conf_nginx_state_t *st)
{
    if (lx->nargs == 0) {
        lx->stmt_line = st->start_line;
    }
    if (lx->nargs < PF_CONF_NGINX_MAX_ARGS) {
        lx->args[lx->nargs].start = st->start;
        lx->args[lx->nargs].len = (size_t) (lx->p - 1 - st->start);
    }
    lx->nargs++;
}

/* The first character of a word (or a separator between words).
 * Returns -1 to go on, else a token. */
static int
pf_conf_nginx_lex_first(pf_conf_nginx_lex_t *lx, pf_conf_nginx_state_t *st,
    char ch)
{
    st->start = lx->p - 1;
    st->start_line = lx->line;

    if (pf_conf_nginx_is_space(ch)) {
        return -1;
    }
    switch (ch) {
    case ';':
    case '{':
        if (lx->nargs == 0) {
            return pf_conf_nginx_lex_unexpected(lx, ch);
        }
        return ch == '{' ? PF_CONF_NGINX_BLOCK_START : PF_CONF_NGINX_STMT;
    case '}':
        if (lx->nargs != 0) {
            return pf_conf_nginx_lex_unexpected(lx, '}');
        }
        return PF_CONF_NGINX_BLOCK_DONE;
    case '#':
        st->sharp_comment = 1;
        return -1;
    case '\\':
        st->quoted = 1;
        break;
    case '"':
        st->start++;
        st->d_quoted = 1;
        break;
    case '\'':
        st->start++;
        st->s_quoted = 1;
        break;
    case '$':
        st->variable = 1;
        break;
    default:
        break;
    }
    st->last_space = 0;
    return -1;
}

/* A character inside a word.  Returns -1 to go on, else a token. */
static int
pf_conf_nginx_lex_inside(pf_conf_nginx_lex_t *lx, pf_conf_nginx_state_t *st,
    char ch)
{
    int found = 0;

    if (ch == '{' && st->variable) {
        return -1;                  /* "${name}" is not a block */
    }
    st->variable = 0;
    if (ch == '\\') {
        st->quoted = 1;
        return -1;
    }
    if (ch == '$') {
        st->variable = 1;
        return -1;
    }
    if (st->d_quoted || st->s_quoted) {
        if (ch == (st->d_quoted ? '"' : '\'')) {
            st->d_quoted = st->s_quoted = 0;
            st->need_space = 1;
            found = 1;
        }
    } else if (pf_conf_nginx_is_space(ch) || ch == ';' || ch == '{') {
        st->last_space = 1;
        found = 1;
    }
    if (!found) {
        return -1;
    }
    pf_conf_nginx_lex_push(lx, st);
    if (ch == ';') {
        return PF_CONF_NGINX_STMT;
    }
    return ch == '{' ? PF_CONF_NGINX_BLOCK_START : -1;
}

/* After a closing quote only a space, ';', '{' or ')' may follow. */
static int
pf_conf_nginx_lex_after_quote(pf_conf_nginx_lex_t *lx,
    pf_conf_nginx_state_t *st, char ch)
{
    if (pf_conf_nginx_is_space(ch)) {
        st->last_space = 1;
        st->need_space = 0;
        return -2;
    }
    if (ch == ';') {
        return PF_CONF_NGINX_STMT;
    }
    if (ch == '{') {
        return PF_CONF_NGINX_BLOCK_START;
    }
    if (ch == ')') {
        st->last_space = 1;
        st->need_space = 0;
        return -1;
    }
    return pf_conf_nginx_lex_unexpected(lx, ch);
}

static pf_conf_nginx_tok_t
pf_conf_nginx_lex_eof(pf_conf_nginx_lex_t *lx, const pf_conf_nginx_state_t *st)
{
    if (lx->nargs > 0 || !st->last_space) {
        return pf_conf_nginx_lex_error(lx, "unexpected end of file, "
                                       "expecting \";\" or \"}\"");
    }
    return PF_CONF_NGINX_FILE_DONE;
}

static pf_conf_nginx_tok_t
pf_conf_nginx_lex_too_long(pf_conf_nginx_lex_t *lx,
    const pf_conf_nginx_state_t *st)
{
    lx->line = st->start_line;
    if (st->d_quoted || st->s_quoted) {
        pf_error_set(lx->run->err, lx->name, lx->line,
                     "too long parameter, probably missing terminating "
                     "\"%c\" character", st->d_quoted ? '"' : '\'');
    } else {
        pf_error_set(lx->run->err, lx->name, lx->line,
                     "too long parameter \"%.10s...\" started", st->start);
    }
    return PF_CONF_NGINX_LEX_ERROR;
}

pf_conf_nginx_tok_t
pf_conf_nginx_lex_next(pf_conf_nginx_lex_t *lx)
{
    pf_conf_nginx_state_t  st;
    char                   ch;
    int                    rc;

    memset(&st, 0, sizeof(st));
    st.last_space = 1;
    st.start = lx->p;
    st.start_line = lx->line;
    lx->nargs = 0;

    for ( ;; ) {
        if (lx->p >= lx->end) {
            return pf_conf_nginx_lex_eof(lx, &st);
        }
        if (!st.last_space
            && (size_t) (lx->p - st.start) > PF_CONF_MAX_LINE)
        {
            return pf_conf_nginx_lex_too_long(lx, &st);
        }
        ch = *lx->p++;
        if (ch == '\n') {
            lx->line++;
            st.sharp_comment = 0;
        } else if (st.sharp_comment) {
            continue;
        }
        if (st.quoted) {
            st.quoted = 0;
            continue;
        }
        if (st.need_space) {
            rc = pf_conf_nginx_lex_after_quote(lx, &st, ch);
            if (rc == -2) {
                continue;
            }
            if (rc >= 0) {
                return (pf_conf_nginx_tok_t) rc;
            }
        }
        rc = st.last_space ? pf_conf_nginx_lex_first(lx, &st, ch)
                           : pf_conf_nginx_lex_inside(lx, &st, ch);
        if (rc >= 0) {
            return (pf_conf_nginx_tok_t) rc;
        }
    }
}

char *
pf_conf_nginx_lex_arg(pf_conf_nginx_lex_t *lx, size_t i)
{
    const char *src, *last;
    char       *out, *dst;

    if (i >= lx->nargs || i >= PF_CONF_NGINX_MAX_ARGS) {
        return NULL;
    }
    src = lx->args[i].start;
    last = src + lx->args[i].len;
    out = pf_palloc(lx->run->pool, lx->args[i].len + 1);
    if (out == NULL) {
        return NULL;
    }
    for (dst = out; src < last; ) {
        if (*src == '\\' && src + 1 < last) {
            switch (src[1]) {
            case '"':
            case '\'':
            case '\\':
                src++;
                break;
            case 't':
                *dst++ = '\t';
                src += 2;
                continue;
            case 'r':
                *dst++ = '\r';
                src += 2;
                continue;
            case 'n':
                *dst++ = '\n';
                src += 2;
                continue;
            }
        }
        *dst++ = *src++;
    }
    *dst = '\0';
    return out;
}

int
pf_conf_nginx_lex_is(pf_conf_nginx_lex_t *lx, size_t i, const char *s)
{
    size_t n = strlen(s);

    /* the words compared (directive names) have no escapes in them */
    return i < lx->nargs && i < PF_CONF_NGINX_MAX_ARGS && lx->args[i].len == n
           && memcmp(lx->args[i].start, s, n) == 0;
}
