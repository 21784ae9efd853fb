/*
 * Linux facts: PLACEHOLDER, replaced by the facts layer work.
 */
#include <stdio.h>

#include "preflight.h"
#include "pf_platform.h"
#include "pf_unix.h"

int
pf_unix_unprivileged_port_start(void)
{
    FILE *f = fopen("/proc/sys/net/ipv4/ip_unprivileged_port_start", "r");
    int   v = 1024;

    if (f != NULL) {
        if (fscanf(f, "%d", &v) != 1) {
            v = 1024;
        }
        fclose(f);
    }
    return v;
}

void
pf_platform_host_facts(pf_report_t *r, pf_host_facts_t *h)
{
    (void) r;
    h->platform = pf_platform_name();
}

void
pf_platform_target_facts(pf_report_t *r, pf_check_t *c)
{
    (void) r;
    (void) c;
}
