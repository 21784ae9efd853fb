/*
 * The platform layer: implemented once in core/src/unix/ and once in
 * core/src/win/.  Everything else in the core is the same on every system
 * and calls the system only through these functions.  Each group is a
 * file of the same name on both sides: pf_{unix,win}_probe.c,
 * _resolve.c, _server.c (configurations, executables, rights),
 * _httpd.c, _clock.c; the facts are pf_linux_facts.c / pf_win_facts.c.
 */
#ifndef PF_PLATFORM_H
#define PF_PLATFORM_H

#include "preflight_internal.h"

const char *pf_platform_name(void);

/* Binds t as the server would, closes the socket, fills out. */
void pf_platform_probe(const pf_context_t *ctx, const pf_target_t *t,
                       pf_probe_t *out);

/* Numeric addresses of a host name, appended to out (const char *). */
int  pf_platform_resolve(pf_pool_t *pool, const char *host, pf_family_t fam,
                         pf_array_t *out, pf_error_t *err);

/* Facts: called only when some target could not be bound. */
void pf_platform_host_facts(pf_report_t *r, pf_host_facts_t *h);
void pf_platform_target_facts(pf_report_t *r, pf_check_t *c);

/* The usual configuration files of a server here, NULL-terminated. */
const char *const *pf_platform_default_configs(pf_server_t s);
const char *pf_platform_server_exe(pf_server_t s);
/* This process's executable (argv0 helps where the system cannot say);
 * NULL when unknown. */
const char *pf_platform_self_exe(pf_pool_t *pool, const char *argv0);
int  pf_platform_is_admin(void);
/* httpd binds [::] dual-stack here (AP_ENABLE_V4_MAPPED, the default of
 * its configure on Linux; not on Windows). */
int  pf_platform_apache_v4_mapped(void);
/* exe's compiled-in ServerRoot (HTTPD_ROOT, from `exe -V`); NULL when it
 * cannot be asked. */
const char *pf_platform_httpd_root(pf_pool_t *pool, const char *exe);
/* What can be read of process pid (name, executable, parent) into p;
 * 0 when there is no such process. */
int  pf_platform_process(pf_report_t *r, long pid, pf_process_t *p);

/* A host's socket (pf_host_sockets.c): what its address holds, read
 * from s->bind into s->family, port, addr and path (family -1: another
 * family); its address as numeric text; closing one the core kept. */
void pf_platform_socket_read(pf_host_socket_t *s);
int  pf_platform_socket_text(const pf_host_socket_t *s, char *out,
                             size_t len);
void pf_platform_socket_close(int fd);

/* pf_report_wait(): a monotonic clock in milliseconds, and a sleep. */
unsigned long pf_platform_msec(void);
void pf_platform_sleep_ms(unsigned ms);

#endif
