/*
 * Words shared by the two text renderers (the terminal and server logs).
 */
#ifndef PF_RENDER_WORDS_H
#define PF_RENDER_WORDS_H

#include "preflight_internal.h"

/* "in use", "not local", ... */
const char *pf_text_status(pf_status_t s);
/* "0.0.0.0:80 (from /etc/nginx/nginx.conf:12)": the source only when it
 * is a place in a file, not "command line" nor "default". */
void        pf_text_target(pf_buf_t *out, const pf_check_t *c);
/* "PID 1234 nginx, /usr/sbin/nginx, user root, nginx.service" */
void        pf_text_holder(pf_buf_t *out, const pf_process_t *p);
/* The holders of f, a line each ("INDENTheld by ..."), except that
 * without all, the holders below another holder (a server's workers:
 * their parent holds the port too) are one line after their top holder's
 * ("and N of its child processes hold it too: PID a, b, ..."). */
void        pf_text_holders(pf_buf_t *out, const pf_finding_t *f,
                            const char *indent, int all);
/* prefix, s made inert, newline */
void        pf_text_line(pf_buf_t *out, const char *prefix, const char *s);

/* The one warning of a check whose explanation ran out of memory
 * (pf_check_t.nomem): what it says may be incomplete. */
#define PF_TEXT_NOMEM  "warning: preflight ran out of memory explaining " \
                       "this failure: what it says may be incomplete"

#endif
