/*
 * This nginx, the Unix part (ngx_preflight_self.c has the rest).
 */

#include <ngx_config.h>
#include <ngx_core.h>

#include "ngx_preflight.h"


/* The same file: device and inode. */

ngx_uint_t
ngx_preflight_same_file(ngx_file_info_t *a, ngx_file_info_t *b)
{
    return ngx_file_uniq(a) == ngx_file_uniq(b) && a->st_dev == b->st_dev;
}
