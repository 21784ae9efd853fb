/*
 * The encodings netsh output arrives in.  Redirected netsh writes the
 * console's OEM code page; a file saved by PowerShell is UTF-16LE with a
 * BOM; one saved by an editor may be UTF-8 with a BOM.  The parsers need
 * bytes where ASCII digits, colons and URLs are themselves.
 */
#include <string.h>

#include "pf_netsh.h"

static int pf_netsh_looks_utf16le(const unsigned char *p, size_t len);

int
pf_netsh_is_utf16(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *) text;

    return text != NULL && (pf_netsh_looks_utf16le(p, len)
                            || (len >= 2 && p[0] == 0xfe && p[1] == 0xff));
}

static int
pf_netsh_looks_utf16le(const unsigned char *p, size_t len)
{
    if (len >= 2 && p[0] == 0xff && p[1] == 0xfe) {
        return 1;
    }
    /* no BOM: ASCII text in UTF-16LE has a NUL in every odd byte */
    return len >= 4 && p[1] == 0 && p[3] == 0 && p[0] != 0;
}

/* Appends code point c as UTF-8; returns the bytes written. */
static size_t
pf_netsh_put_utf8(unsigned char *o, unsigned long c)
{
    if (c < 0x80) {
        o[0] = (unsigned char) c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (unsigned char) (0xc0 | (c >> 6));
        o[1] = (unsigned char) (0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (unsigned char) (0xe0 | (c >> 12));
        o[1] = (unsigned char) (0x80 | ((c >> 6) & 0x3f));
        o[2] = (unsigned char) (0x80 | (c & 0x3f));
        return 3;
    }
    o[0] = (unsigned char) (0xf0 | (c >> 18));
    o[1] = (unsigned char) (0x80 | ((c >> 12) & 0x3f));
    o[2] = (unsigned char) (0x80 | ((c >> 6) & 0x3f));
    o[3] = (unsigned char) (0x80 | (c & 0x3f));
    return 4;
}

static int
pf_netsh_utf16le_to_utf8(pf_pool_t *pool, const unsigned char *p,
                         size_t len, const char **out, size_t *out_len,
                         pf_error_t *err)
{
    unsigned char *o;
    size_t         i, n = 0;
    unsigned long  c, lo;

    if (len % 2 != 0) {
        pf_error_set(err, NULL, 0, "UTF-16 text with an odd number of "
                     "bytes (%lu): truncated?", (unsigned long) len);
        return PF_ERROR;
    }
    o = pf_palloc(pool, len / 2 * 3 + 1);
    if (o == NULL) {
        return PF_ENOMEM;
    }
    i = len >= 2 && p[0] == 0xff && p[1] == 0xfe ? 2 : 0;
    for (; i + 1 < len; i += 2) {
        c = p[i] | ((unsigned long) p[i + 1] << 8);
        if (c >= 0xd800 && c <= 0xdbff && i + 3 < len) {
            lo = p[i + 2] | ((unsigned long) p[i + 3] << 8);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                i += 2;
            }
        }
        if (c >= 0xd800 && c <= 0xdfff) {
            c = 0xfffd;          /* a lone surrogate */
        }
        n += pf_netsh_put_utf8(o + n, c);
    }
    o[n] = '\0';
    *out = (const char *) o;
    *out_len = n;
    return PF_OK;
}

int
pf_netsh_text_utf8(pf_pool_t *pool, const char *text, size_t len,
                   const char **out, size_t *out_len, pf_error_t *err)
{
    const unsigned char *p = (const unsigned char *) text;

    if (text == NULL) {
        len = 0;
        text = "";
    }
    if (pf_netsh_looks_utf16le(p, len)) {
        return pf_netsh_utf16le_to_utf8(pool, p, len, out, out_len, err);
    }
    if (len >= 2 && p[0] == 0xfe && p[1] == 0xff) {
        pf_error_set(err, NULL, 0, "UTF-16 big-endian text is not "
                     "supported: save netsh output as UTF-8 or UTF-16LE");
        return PF_ERROR;
    }
    if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
        text += 3;
        len -= 3;
    }
    *out = text;
    *out_len = len;
    return PF_OK;
}
