/* Target helpers shared by the command-line and config parsers. */
#ifndef PF_TARGET_H
#define PF_TARGET_H

#include "preflight_internal.h"

/* Digits only, 1..65535. */
int  pf_port_parse(const char *s, size_t n, unsigned *port);
/* address "*", family any, tcp, v6only -1. */
void pf_target_defaults(pf_target_t *t);

#endif
