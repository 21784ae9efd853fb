/*
 * Parsers of `netsh` output.  Pure functions over bytes: built and
 * unit-tested on every platform, and fuzzed.  The text is localised, so
 * they read its structure (indentation, numbers, URLs), never its words.
 * Malformed input is reported through pf_error_t, never a crash.
 */
#ifndef PF_NETSH_H
#define PF_NETSH_H

#include "preflight_internal.h"

/* `netsh http show servicestate view=requestq`: appends to `queues`
 * (pf_request_queue_t) every request queue with a URL on `port`, with
 * those URLs and the PIDs of its processes. */
int pf_netsh_parse_servicestate(pf_pool_t *pool, const char *text,
                                size_t len, unsigned port,
                                pf_array_t *queues, pf_error_t *err);

/* Where pf_netsh_read_servicestate() puts what it reads: the queues
 * (pf_request_queue_t, appended to), and, since what it cannot read is
 * never dropped silently, a sentence saying what could not be read
 * appended to notes (const char *; may be NULL) and *partial set (may be
 * NULL). */
typedef struct {
    pf_array_t *queues;
    pf_array_t *notes;
    int        *partial;
} pf_netsh_queues_t;

/* The same, for both views netsh prints (`view=requestq` and the default
 * server-session view) and both layouts of a queue's processes (bare
 * PIDs under a header; "ID: N, image: PATH" items with their services). */
int pf_netsh_read_servicestate(pf_pool_t *pool, const char *text,
                               size_t len, unsigned port,
                               const pf_netsh_queues_t *into,
                               pf_error_t *err);

/* `netsh interface ipv4|ipv6 show excludedportrange protocol=tcp`:
 * appends to `ranges` (pf_port_range_t) each range, of family `fam`. */
int pf_netsh_parse_excluded(pf_pool_t *pool, const char *text, size_t len,
                            pf_family_t fam, pf_array_t *ranges,
                            pf_error_t *err);

/* `netsh interface ipv4|ipv6 show dynamicport tcp`: the dynamic port
 * range of family `fam` into *out (start, end). */
int pf_netsh_parse_dynamicport(pf_pool_t *pool, const char *text,
                               size_t len, pf_family_t fam,
                               pf_port_range_t *out, pf_error_t *err);

/* One portproxy rule from the registry: value name "ADDR/PORT" (where
 * IP Helper listens), data "ADDR/PORT" (where it connects).  Strings are
 * UTF-8; kind is kept as given ("v4tov4"). */
int pf_netsh_portproxy_entry(pf_pool_t *pool, const char *kind,
                             const char *name, const char *data,
                             pf_portproxy_t *out, pf_error_t *err);

/* %UserProfile%\.wslconfig: *mirrored = 1 when WSL2 runs with mirrored
 * networking (networkingMode=mirrored under [wsl2] or [experimental]). */
int pf_netsh_wslconfig_mirrored(pf_pool_t *pool, const char *text,
                                size_t len, int *mirrored, pf_error_t *err);

/* Internal to the parsers, exposed for their tests. */

/* The text as UTF-8 bytes: UTF-16LE (with a BOM, or NUL in every second
 * byte) is converted, a UTF-8 BOM skipped, anything else kept as is (an
 * OEM code page keeps ASCII where the parsers look). */
int pf_netsh_text_utf8(pf_pool_t *pool, const char *text, size_t len,
                       const char **out, size_t *out_len, pf_error_t *err);

/* The bytes are UTF-16 (a BOM, or NUL in every second byte of ASCII
 * text): decode them as such, never through an 8-bit code page first. */
int pf_netsh_is_utf16(const char *text, size_t len);

/* Port of an "http://host:port/path" URL (80 or 443 by default); 0 when
 * it is not an http(s) URL or the port is not a number. */
unsigned pf_netsh_url_port(const char *url, size_t len);

/* An HTTP.sys URL, "SCHEME://HOST:PORT/PATH" or, bound to one address
 * (IIS's IP-specific bindings), "SCHEME://HOST:PORT:IP/PATH".  Pointers
 * into the URL; bound_len 0 when the URL is not IP-bound. */
typedef struct {
    unsigned    port;
    const char *host;        /* "+", "*", a name, an address, "[::1]" */
    size_t      host_len;
    const char *bound;       /* the IP after the port */
    size_t      bound_len;
} pf_netsh_url_t;

/* PF_OK, or PF_ERROR when it is not an http(s) URL of that shape. */
int pf_netsh_url_parse(const char *url, size_t len, pf_netsh_url_t *u);

/* ASCII case-insensitive comparison of n bytes: nonzero when equal. */
int pf_netsh_ascii_ncaseeq(const char *a, const char *b, size_t n);

/* One line of the text: without its indentation and trailing blanks. */
typedef struct {
    const char *p;
    size_t      len;
    size_t      indent;      /* leading blanks; a tab counts 4 */
    unsigned    lineno;
} pf_netsh_line_t;

/* Next line from *cur (advanced) before end; 0 at the end. */
int pf_netsh_next_line(const char **cur, const char *end,
                       pf_netsh_line_t *l);
/* The line is a rule: only '-' and '=' (the table and title underline). */
int pf_netsh_is_rule(const pf_netsh_line_t *l);

#endif
