/*
 * Opens libsystemd on the first call of pf_sdbus_get() (why:
 * pf_unix_sdbus.h).  The library stays loaded for the life of the
 * process: sd-bus keeps no state between our calls that would need it
 * gone, and unloading a library is a source of bugs (atexit handlers,
 * thread-local destructors) for no gain.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_unix_sdbus.h"

#define PF_SDBUS_SONAME  "libsystemd.so.0"

typedef struct {
    const char *name;
    size_t      offset;
} pf_sdbus_sym_t;

static const pf_sdbus_sym_t pf_sdbus_syms[] = {
    { "sd_bus_open_system", offsetof(pf_sdbus_t, open_system) },
    { "sd_bus_flush_close_unref", offsetof(pf_sdbus_t, flush_close_unref) },
    { "sd_bus_set_method_call_timeout",
      offsetof(pf_sdbus_t, set_method_call_timeout) },
    { "sd_bus_call_method", offsetof(pf_sdbus_t, call_method) },
    { "sd_bus_get_property", offsetof(pf_sdbus_t, get_property) },
    { "sd_bus_get_property_string",
      offsetof(pf_sdbus_t, get_property_string) },
    { "sd_bus_get_property_strv", offsetof(pf_sdbus_t, get_property_strv) },
    { "sd_bus_message_enter_container",
      offsetof(pf_sdbus_t, message_enter_container) },
    { "sd_bus_message_read", offsetof(pf_sdbus_t, message_read) },
    { "sd_bus_message_unref", offsetof(pf_sdbus_t, message_unref) },
    { "sd_bus_error_free", offsetof(pf_sdbus_t, error_free) },
    { "sd_bus_error_is_set", offsetof(pf_sdbus_t, error_is_set) }
};

/* Every member of the table from the library; PF_ERROR if one is missing
 * (a libsystemd older than the functions we call). */
static int
pf_sdbus_fill(void *lib, pf_sdbus_t *t)
{
    size_t  i;
    void   *sym;

    for (i = 0; i < sizeof(pf_sdbus_syms) / sizeof(pf_sdbus_syms[0]); i++) {
        sym = dlsym(lib, pf_sdbus_syms[i].name);
        if (sym == NULL) {
            return PF_ERROR;
        }
        /* POSIX: a function's address from dlsym() converts this way */
        memcpy((char *) t + pf_sdbus_syms[i].offset, &sym, sizeof(sym));
    }
    return PF_OK;
}

/*
 * Not thread-safe: a plain once-flag.  The core asks for sd-bus from the
 * one thread that runs the check (at a server's start, or the CLI), so
 * two first calls cannot race; a threaded caller must make its first
 * call before it starts threads.
 */
const pf_sdbus_t *
pf_sdbus_get(void)
{
    static pf_sdbus_t  table;
    static const pf_sdbus_t *loaded;
    static int         tried;
    void              *lib;

    if (tried) {
        return loaded;
    }
    tried = 1;
    /* RTLD_LOCAL: its symbols resolve nothing of the server's */
    lib = dlopen(PF_SDBUS_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        return NULL;
    }
    if (pf_sdbus_fill(lib, &table) != PF_OK) {
        /* kept open (never dlclose): unloading gains nothing here */
        memset(&table, 0, sizeof(table));
        return NULL;
    }
    loaded = &table;
    return loaded;
}
