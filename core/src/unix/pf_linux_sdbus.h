/*
 * systemd over D-Bus (pf_linux_sdbus.c; without libsystemd's header at
 * build time, pf_linux_sdbus_none.c, which answers "no bus").
 *
 * libsystemd's sd-bus is opened on first use.  The core is linked into
 * the Apache and nginx modules: linked with -lsystemd, every start of a
 * server would load and relocate libsystemd and the libraries it needs,
 * although sd-bus is asked only about a port that cannot be bound.  So
 * the core calls sd-bus through a table (pf_sdbus_t, below, only with
 * libsystemd's header: PF_HAVE_SYSTEMD), filled by dlopen() the first
 * time it is wanted.  The functions above the table are what the rest of
 * the core calls; they need no sd-bus type.
 */
#ifndef PF_LINUX_SDBUS_H
#define PF_LINUX_SDBUS_H

#ifdef HAVE_CONFIG_H
#include "config.h"             /* PF_HAVE_SYSTEMD */
#endif

#include "preflight_internal.h"

/* What systemd says of the unit a process is in (pf_sdbus_unit_of; also
 * filled from `systemctl show` by pf_linux_unitproof.c). */
typedef struct {
    const char *id;           /* the unit systemd names */
    const char *cgroup;       /* its ControlGroup */
    long        main_pid;     /* 0: none */
    const char *user;         /* User=, "" when none (root) */
} pf_sdbus_unit_t;

/* Nonzero when the system bus answers. */
int pf_sdbus_available(void);
/* The remedies' executor (pf_unix_remedy.c) when the bus answers. */
int pf_sdbus_unit_query(pf_pool_t *pool, const char *unit,
                        const char **active, const char **file_state,
                        pf_error_t *err);
int pf_sdbus_unit_job(const char *method, const char *unit, pf_error_t *err);
int pf_sdbus_unit_file(int enable, const char *unit, pf_error_t *err);
/* PF_OK: systemd answered (info->id NULL: it knows no unit of pid);
 * PF_ERROR: no bus, ask systemctl. */
int pf_sdbus_unit_of(pf_pool_t *pool, long pid, pf_sdbus_unit_t *info);
/* The socket units listening on proto/port, appended to units
 * (pf_socket_unit_t); PF_ERROR: no bus, ask systemctl. */
int pf_sdbus_socket_units(pf_pool_t *pool, pf_proto_t proto, unsigned port,
                          pf_array_t *units);

#ifdef PF_HAVE_SYSTEMD
#include <stdint.h>

#include <systemd/sd-bus.h>

typedef struct {
    int              (*open_system)(sd_bus **ret);
    sd_bus          *(*flush_close_unref)(sd_bus *bus);
    int              (*set_method_call_timeout)(sd_bus *bus, uint64_t usec);
    int              (*call_method)(sd_bus *bus, const char *destination,
                                    const char *path, const char *interface,
                                    const char *member,
                                    sd_bus_error *ret_error,
                                    sd_bus_message **reply,
                                    const char *types, ...);
    int              (*get_property)(sd_bus *bus, const char *destination,
                                     const char *path,
                                     const char *interface,
                                     const char *member,
                                     sd_bus_error *ret_error,
                                     sd_bus_message **reply,
                                     const char *type);
    int              (*get_property_string)(sd_bus *bus,
                                            const char *destination,
                                            const char *path,
                                            const char *interface,
                                            const char *member,
                                            sd_bus_error *ret_error,
                                            char **ret);
    int              (*get_property_strv)(sd_bus *bus,
                                          const char *destination,
                                          const char *path,
                                          const char *interface,
                                          const char *member,
                                          sd_bus_error *ret_error,
                                          char ***ret);
    int              (*message_enter_container)(sd_bus_message *m, char type,
                                                const char *contents);
    int              (*message_read)(sd_bus_message *m, const char *types,
                                     ...);
    sd_bus_message  *(*message_unref)(sd_bus_message *m);
    void             (*error_free)(sd_bus_error *e);
    int              (*error_is_set)(const sd_bus_error *e);
} pf_sdbus_t;

/* The table, every member set; NULL when libsystemd.so.0 or one of the
 * functions is missing (callers then do without systemd's bus). */
const pf_sdbus_t *pf_sdbus_get(void);
#endif /* PF_HAVE_SYSTEMD */

#endif
