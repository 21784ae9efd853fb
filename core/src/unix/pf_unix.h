/* Unix platform helpers shared inside core/src/unix/. */
#ifndef PF_UNIX_H
#define PF_UNIX_H

#include "preflight.h"

/* net.ipv4.ip_unprivileged_port_start; 1024 when it cannot be read. */
int pf_unix_unprivileged_port_start(void);

#endif
