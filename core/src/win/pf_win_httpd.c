/*
 * What httpd says of itself, on Windows (core/src/unix/pf_unix_httpd.c
 * asks httpd -V on Unix).
 */
#include "pf_win.h"

#include "pf_platform.h"

/* Not asked on Windows yet: the configuration's place decides (an Apache
 * Lounge or XAMPP tree keeps it in ROOT\\conf). */
const char *
pf_platform_httpd_root(pf_pool_t *pool, const char *exe)
{
    (void) pool;
    (void) exe;
    return NULL;
}
