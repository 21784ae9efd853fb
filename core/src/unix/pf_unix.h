/* Unix platform helpers shared inside core/src/unix/ (Linux or not). */
#ifndef PF_UNIX_H
#define PF_UNIX_H

#include "preflight_internal.h"

/* ---------------------------------------------------------------------
 * Small file helpers (pf_unix_file.c).
 */

/* Reads at most max bytes of path into a NUL-terminated pool string;
 * NULL with errno set when it cannot be read. */
char *pf_unix_read_text(pf_pool_t *pool, const char *path, size_t max,
                        size_t *len);
/* The first line of a file, without its newline; NULL when unreadable. */
char *pf_unix_read_line(pf_pool_t *pool, const char *path);
/* Reads an integer from a file; def when it cannot. */
long  pf_unix_read_long(const char *path, long def);


#endif
