/*
 * The server's listen set as a whole (pf_listen_set.c): what httpd
 * refuses or fails on by its own configuration, and its IPv4 fallback.
 */
#ifndef PF_LISTEN_SET_H
#define PF_LISTEN_SET_H

#include "preflight_internal.h"

/* Before the probe: marks the checks the set itself rules out
 * (PF_STATUS_CLASH).  Pure.  PF_OK or PF_ENOMEM. */
int  pf_listen_set_model(pf_report_t *r);
/* httpd binds no 0.0.0.0:P (v4) beside a dual-stack [::]:P (six) of the
 * same port: that one takes IPv4 too. */
int  pf_listen_set_serves_v4(const pf_bind_kind_t *six,
                             const pf_bind_kind_t *v4);
/* After c's probe: Apache's fall back from [::]:P to 0.0.0.0:P. */
void pf_listen_set_fallback(pf_report_t *r, pf_check_t *c);

#endif
