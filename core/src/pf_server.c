/*
 * Two platform answers that a server module asks at every start, apart
 * from the default-target search (pf_defaults.c), which brings the
 * configuration parsers with it.
 */
#include "preflight_internal.h"
#include "pf_platform.h"

int
pf_is_admin(void)
{
    return pf_platform_is_admin();
}

const char *
pf_server_default_exe(pf_server_t s)
{
    return pf_platform_server_exe(s);
}
