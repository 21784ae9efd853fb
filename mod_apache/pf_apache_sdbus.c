/*
 * libsystemd, loaded only when the core first calls it.
 *
 * The core asks systemd (sd-bus) about socket units only for a port that
 * cannot be bound, and to stop a unit only when told to.  Linked in the
 * ordinary way, libsystemd and the six libraries it needs would be
 * loaded and relocated at every configuration pass of every healthy
 * httpd start (most of this module's cost at start-up: bench/
 * apache_startup.sh).  So the module is linked without it, and these
 * definitions of the few sd-bus functions the core uses open it with
 * dlopen() on the first call.  When it cannot be opened, every call fails
 * with -ENOSYS, which the core already handles as "no systemd here".
 *
 * The build checks that the module has no other sd_* symbol left
 * undefined (mod_apache/apache.am): a new call in the core must be added
 * here, or httpd could not load the module.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>

#include <systemd/sd-bus.h>

#if defined(__GNUC__)
/* bind the core's calls to these, never interpose on anyone else's */
#define PF_SD_LOCAL  __attribute__((visibility("hidden")))
#else
#define PF_SD_LOCAL
#endif

static void *
pf_sd_sym(const char *name)
{
    static void *handle;
    static int   tried;

    if (!tried) {
        tried = 1;
        handle = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
    }
    return handle != NULL ? dlsym(handle, name) : NULL;
}

PF_SD_LOCAL int
sd_bus_open_system(sd_bus **bus)
{
    int (*fn)(sd_bus **);

    *(void **) &fn = pf_sd_sym("sd_bus_open_system");
    return fn != NULL ? fn(bus) : -ENOSYS;
}

PF_SD_LOCAL sd_bus *
sd_bus_flush_close_unref(sd_bus *bus)
{
    sd_bus *(*fn)(sd_bus *);

    if (bus == NULL) {
        return NULL;
    }
    *(void **) &fn = pf_sd_sym("sd_bus_flush_close_unref");
    return fn != NULL ? fn(bus) : NULL;
}

PF_SD_LOCAL int
sd_bus_set_method_call_timeout(sd_bus *bus, uint64_t usec)
{
    int (*fn)(sd_bus *, uint64_t);

    *(void **) &fn = pf_sd_sym("sd_bus_set_method_call_timeout");
    return fn != NULL ? fn(bus, usec) : -ENOSYS;
}

PF_SD_LOCAL int
sd_bus_call_method(sd_bus *bus, const char *destination, const char *path,
                   const char *interface, const char *member,
                   sd_bus_error *ret_error, sd_bus_message **reply,
                   const char *types, ...)
{
    int     (*fn)(sd_bus *, const char *, const char *, const char *,
                  const char *, sd_bus_error *, sd_bus_message **,
                  const char *, va_list);
    va_list ap;
    int     rc;

    *(void **) &fn = pf_sd_sym("sd_bus_call_methodv");
    if (fn == NULL) {
        return -ENOSYS;
    }
    va_start(ap, types);
    rc = fn(bus, destination, path, interface, member, ret_error, reply,
            types, ap);
    va_end(ap);
    return rc;
}

PF_SD_LOCAL int
sd_bus_get_property(sd_bus *bus, const char *destination, const char *path,
                    const char *interface, const char *member,
                    sd_bus_error *ret_error, sd_bus_message **reply,
                    const char *type)
{
    int (*fn)(sd_bus *, const char *, const char *, const char *,
              const char *, sd_bus_error *, sd_bus_message **,
              const char *);

    *(void **) &fn = pf_sd_sym("sd_bus_get_property");
    return fn != NULL ? fn(bus, destination, path, interface, member,
                           ret_error, reply, type)
                      : -ENOSYS;
}

PF_SD_LOCAL int
sd_bus_get_property_string(sd_bus *bus, const char *destination,
                           const char *path, const char *interface,
                           const char *member, sd_bus_error *ret_error,
                           char **ret)
{
    int (*fn)(sd_bus *, const char *, const char *, const char *,
              const char *, sd_bus_error *, char **);

    *(void **) &fn = pf_sd_sym("sd_bus_get_property_string");
    return fn != NULL ? fn(bus, destination, path, interface, member,
                           ret_error, ret)
                      : -ENOSYS;
}

PF_SD_LOCAL int
sd_bus_get_property_strv(sd_bus *bus, const char *destination,
                         const char *path, const char *interface,
                         const char *member, sd_bus_error *ret_error,
                         char ***ret)
{
    int (*fn)(sd_bus *, const char *, const char *, const char *,
              const char *, sd_bus_error *, char ***);

    *(void **) &fn = pf_sd_sym("sd_bus_get_property_strv");
    return fn != NULL ? fn(bus, destination, path, interface, member,
                           ret_error, ret)
                      : -ENOSYS;
}

PF_SD_LOCAL int
sd_bus_message_read(sd_bus_message *m, const char *types, ...)
{
    int     (*fn)(sd_bus_message *, const char *, va_list);
    va_list ap;
    int     rc;

    *(void **) &fn = pf_sd_sym("sd_bus_message_readv");
    if (fn == NULL) {
        return -ENOSYS;
    }
    va_start(ap, types);
    rc = fn(m, types, ap);
    va_end(ap);
    return rc;
}

PF_SD_LOCAL int
sd_bus_message_enter_container(sd_bus_message *m, char type,
                               const char *contents)
{
    int (*fn)(sd_bus_message *, char, const char *);

    *(void **) &fn = pf_sd_sym("sd_bus_message_enter_container");
    return fn != NULL ? fn(m, type, contents) : -ENOSYS;
}

PF_SD_LOCAL sd_bus_message *
sd_bus_message_unref(sd_bus_message *m)
{
    sd_bus_message *(*fn)(sd_bus_message *);

    if (m == NULL) {
        return NULL;
    }
    *(void **) &fn = pf_sd_sym("sd_bus_message_unref");
    return fn != NULL ? fn(m) : NULL;
}

/* Without libsystemd no call could have set an error: nothing to free. */
PF_SD_LOCAL void
sd_bus_error_free(sd_bus_error *e)
{
    void (*fn)(sd_bus_error *);

    *(void **) &fn = pf_sd_sym("sd_bus_error_free");
    if (fn != NULL) {
        fn(e);
    }
}

PF_SD_LOCAL int
sd_bus_error_is_set(const sd_bus_error *e)
{
    return e != NULL && e->name != NULL;
}
