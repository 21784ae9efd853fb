/*
 * preflight's version for hosts built outside the tree (pf_version.h).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "preflight_internal.h"
#include "pf_version.h"

const char *
pf_version(void)
{
    return PF_VERSION;
}
