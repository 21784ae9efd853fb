/*
 * UTF-16 (the wide Win32 API) to UTF-8 (everything the core stores and
 * prints), and back.  The only place that converts.
 */
#include "pf_win.h"

#include <stdio.h>

char *
pf_win_utf8n(pf_pool_t *pool, const wchar_t *w, int n)
{
    char *s;
    int   len;

    if (w == NULL) {
        return NULL;
    }
    len = WideCharToMultiByte(CP_UTF8, 0, w, n, NULL, 0, NULL, NULL);
    if (len <= 0) {
        return n == 0 ? pf_pstrdup(pool, "") : NULL;
    }
    s = pf_palloc(pool, (size_t) len + 1);
    if (s == NULL) {
        return NULL;
    }
    WideCharToMultiByte(CP_UTF8, 0, w, n, s, len, NULL, NULL);
    s[len] = '\0';
    return s;
}

char *
pf_win_utf8(pf_pool_t *pool, const wchar_t *w)
{
    return w == NULL ? NULL : pf_win_utf8n(pool, w, (int) wcslen(w));
}

wchar_t *
pf_win_wide(pf_pool_t *pool, const char *s)
{
    wchar_t *w;
    int      len;

    if (s == NULL) {
        return NULL;
    }
    len = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (len <= 0) {
        return NULL;
    }
    w = pf_palloc(pool, (size_t) len * sizeof(wchar_t));
    if (w == NULL) {
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, len);
    return w;
}

char *
pf_win_strerror(pf_pool_t *pool, DWORD code)
{
    wchar_t  buf[512];
    DWORD    n;
    char    *text;

    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM
                       | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, buf,
                       sizeof(buf) / sizeof(buf[0]), NULL);
    while (n > 0 && (buf[n - 1] == L'\r' || buf[n - 1] == L'\n'
                     || buf[n - 1] == L' ' || buf[n - 1] == L'.'))
    {
        n--;
    }
    text = n > 0 ? pf_win_utf8n(pool, buf, (int) n) : NULL;
    return text != NULL ? pf_psprintf(pool, "%s (error %lu)", text,
                                      (unsigned long) code)
                        : pf_psprintf(pool, "error %lu",
                                      (unsigned long) code);
}

/* A note that something could not be gathered, and the system's why. */
void
pf_win_note(pf_pool_t *pool, pf_array_t *notes, const char *what,
            DWORD code)
{
    (void) pf_array_push_strf(notes, "%s: %s", what,
                              pf_win_strerror(pool, code));
}
