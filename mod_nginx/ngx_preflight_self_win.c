/*
 * This nginx, the Windows part (ngx_preflight_self.c has the rest), for
 * nginx for Windows: built with ngx_preflight_module compiled in, as
 * nginx has no dynamic modules on Windows.
 *
 * nginx for Windows runs a master and workers; a worker is a new process
 * (ngx_unique in its environment makes it one, src/os/win32/
 * ngx_win32_init.c) that reads the whole configuration again and opens
 * the listening sockets next to its master's (both with SO_REUSEADDR).
 * Its probe, without SO_REUSEADDR, finds the port its master holds: the
 * module does not check in a worker (ngx_preflight_module.c).
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


/* The same file: volume and file index. */

ngx_uint_t
ngx_preflight_same_file(ngx_file_info_t *a, ngx_file_info_t *b)
{
    return ngx_file_uniq(a) == ngx_file_uniq(b)
           && a->dwVolumeSerialNumber == b->dwVolumeSerialNumber;
}
