/*
 * libsystemd's sd-bus, opened on first use (pf_unix_sdbus.c).
 *
 * The core is linked into the Apache and nginx modules: linked with
 * -lsystemd, every start of a server would load and relocate libsystemd
 * and the libraries it needs, although sd-bus is asked only about a port
 * that cannot be bound.  So the core calls sd-bus through this table,
 * filled by dlopen() the first time it is wanted.
 *
 * Only with libsystemd's header at build time (PF_HAVE_SYSTEMD).
 */
#ifndef PF_UNIX_SDBUS_H
#define PF_UNIX_SDBUS_H

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

#endif
