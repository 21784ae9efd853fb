/*
 * JSON string escaping for everything the core writes.  Facts carry
 * bytes from the system (command lines, Windows names in a code page), so
 * bytes that are not valid UTF-8 are written as \u00XX, one per byte: the
 * output stays valid JSON and keeps the byte values.
 */
#include "preflight_internal.h"

/* Length of the valid UTF-8 sequence at s, 0 if there is none (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF).  A NUL is
 * never a continuation byte, so this never reads past the string. */
static size_t
pf_utf8_len(const unsigned char *s)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t        n, i;

    if (c < 0x80) {
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (i = 2; i < n; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF) {
            return 0;
        }
    }
    return n;
}

static void
pf_json_escape_byte(pf_buf_t *out, unsigned char c)
{
    switch (c) {
    case '"':  pf_buf_puts(out, "\\\""); break;
    case '\\': pf_buf_puts(out, "\\\\"); break;
    case '\n': pf_buf_puts(out, "\\n"); break;
    case '\r': pf_buf_puts(out, "\\r"); break;
    case '\t': pf_buf_puts(out, "\\t"); break;
    case '\b': pf_buf_puts(out, "\\b"); break;
    case '\f': pf_buf_puts(out, "\\f"); break;
    default:   pf_buf_printf(out, "\\u%04x", c);
    }
}

void
pf_json_str(pf_buf_t *out, const char *s)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t               n;

    if (s == NULL) {
        pf_buf_puts(out, "null");
        return;
    }
    pf_buf_add(out, "\"", 1);
    while (*p) {
        n = pf_utf8_len(p);
        if (n == 1 && *p >= 0x20 && *p != 0x7F && *p != '"' && *p != '\\') {
            pf_buf_add(out, (const char *) p, 1);
        } else if (n > 1) {
            pf_buf_add(out, (const char *) p, n);
        } else {
            pf_json_escape_byte(out, *p);
            n = 1;
        }
        p += n;
    }
    pf_buf_add(out, "\"", 1);
}
