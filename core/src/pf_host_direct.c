/*
 * The host interface's way into the core for a host that links the core
 * itself (the command, the tests, mod_preflight on Windows).  A module on
 * Linux passes pf_lazy_host instead (core/src/unix/pf_unix_lazy.c): this
 * file would bring the facts layer into it.
 */
#include "preflight_internal.h"

const pf_host_core_t pf_host_direct = {
    pf_report_explain,
    pf_remedy_for_server,
    pf_conf_nginx
};
