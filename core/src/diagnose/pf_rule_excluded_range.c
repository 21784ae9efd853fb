/*
 * excluded-range: on Windows, WSAEACCES (10013) with nobody listening on
 * the port: the port lies in a range the TCP/IP stack keeps for itself
 * (Hyper-V, WinNAT, Docker Desktop, WSL2 take them at boot, and the
 * ranges move on every restart of winnat).
 *
 * Only a range the system took explains the error.  An administered
 * range (marked '*', added with `netsh ... add excludedportrange`) keeps
 * WinNAT and HNS away from the port and still lets a program bind it:
 * that is what the reserve-port remedy relies on.
 *
 * Those ranges are carved out of the TCP dynamic port range.  When that
 * range starts below 49152 (Hyper-V and some installers move it to 1024)
 * any user port can be taken, and moving it back is the lasting fix.
 */
#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_excluded_fix_dynamic_range = { "dynamic-range", PF_ACTION_NONE, 1 },
    pf_excluded_fix_restart_winnat = { "restart-winnat", PF_ACTION_NONE, 1 },
    pf_excluded_fix_reserve_port = { "reserve-port", PF_ACTION_NONE, 1 },
    pf_excluded_fix_show_excluded = { "show-excluded", PF_ACTION_NONE, 0 };

#define PF_DYNAMIC_START  49152    /* IANA, and the Windows default */

static int
pf_excluded_applies(const pf_diag_t *d)
{
    const pf_probe_t *p = &d->c->probe;

    return p->status == PF_STATUS_DENIED
           && p->errspace == PF_ERRSPACE_WINSOCK
           && !pf_diag_has_listener(d)
           && d->c->facts.processes.nelts == 0;
}

static int
pf_family_matches(pf_family_t range, pf_family_t target)
{
    return range == PF_FAMILY_ANY || target == PF_FAMILY_ANY
           || range == target;
}

static const pf_port_range_t *
pf_excluded_find(const pf_diag_t *d)
{
    const pf_array_t *rs = &d->host->excluded_ranges;
    unsigned          port = d->c->target.port;
    size_t            i;

    for (i = 0; i < rs->nelts; i++) {
        const pf_port_range_t *r = &PF_ARRAY_AT(rs, pf_port_range_t, i);

        if (port >= r->start && port <= r->end && !r->administered
            && pf_family_matches(r->family, d->c->target.family))
        {
            return r;
        }
    }
    return NULL;
}

/* The dynamic port range that covers the port and starts below the
 * default; NULL when there is none or it is unknown. */
static const pf_port_range_t *
pf_excluded_dynamic(const pf_diag_t *d)
{
    const pf_array_t *rs = &d->host->dynamic_ranges;
    unsigned          port = d->c->target.port;
    size_t            i;

    for (i = 0; i < rs->nelts; i++) {
        const pf_port_range_t *r = &PF_ARRAY_AT(rs, pf_port_range_t, i);

        if (r->start < PF_DYNAMIC_START && port >= r->start
            && port <= r->end
            && pf_family_matches(r->family, d->c->target.family))
        {
            return r;
        }
    }
    return NULL;
}

static void
pf_excluded_dynamic_fix(pf_diag_t *d, pf_finding_t *f)
{
    const pf_port_range_t *dyn = pf_excluded_dynamic(d);
    pf_remedy_t           *r;

    if (dyn == NULL) {
        return;
    }
    pf_diag_evidence(d, f, "the TCP dynamic port range is %u-%u (netsh int "
                     "ipv%c show dynamicport tcp): it starts below %u, so "
                     "Hyper-V and WinNAT can exclude port %u",
                     dyn->start, dyn->end,
                     dyn->family == PF_FAMILY_INET6 ? '6' : '4',
                     PF_DYNAMIC_START, d->c->target.port);
    r = pf_diag_remedy(d, f, &pf_excluded_fix_dynamic_range,
                       "move the TCP dynamic port range back to %u-65535, "
                       "then restart Windows: excluded ranges are then "
                       "taken above %u", PF_DYNAMIC_START,
                       PF_DYNAMIC_START);
    pf_diag_command(d, r, "netsh int ipv4 set dynamic tcp start=49152 "
                    "num=16384");
    pf_diag_command(d, r, "netsh int ipv6 set dynamic tcp start=49152 "
                    "num=16384");
}

/* WinNAT's commands only where the service is installed: elsewhere
 * `net stop winnat` fails and the ranges are Hyper-V's own. */
static void
pf_excluded_reserve(pf_diag_t *d, pf_finding_t *f)
{
    unsigned     port = d->c->target.port;
    pf_remedy_t *r;

    if (d->host->winnat != 1) {
        if (d->host->winnat == 0) {
            pf_diag_evidence(d, f, "the WinNAT service is not installed");
        }
        return;
    }

    r = pf_diag_remedy(d, f, &pf_excluded_fix_restart_winnat,
                       "restart WinNAT, which takes new ranges (they may "
                       "land on the port again)");
    pf_diag_command(d, r, "net stop winnat");
    pf_diag_command(d, r, "net start winnat");
    r = pf_diag_remedy(d, f, &pf_excluded_fix_reserve_port,
                       "reserve port %u for yourself while WinNAT is "
                       "stopped, so that it is never taken again", port);
    pf_diag_command(d, r, "net stop winnat");
    pf_diag_command(d, r, "netsh int ipv4 add excludedportrange protocol=tcp "
                    "startport=%u numberofports=1", port);
    pf_diag_command(d, r, "net start winnat");
}

static void
pf_excluded_known(pf_diag_t *d, const pf_port_range_t *range)
{
    pf_finding_t *f;

    f = pf_diag_finding(d, PF_CAUSE_EXCLUDED_RANGE, PF_SURE,
                        "port %u is inside the excluded port range "
                        "%u-%u: Windows keeps it from every program",
                        d->c->target.port, range->start, range->end);
    pf_diag_evidence(d, f, "bind() failed with WSAEACCES (10013) and no "
                     "program listens on port %u", d->c->target.port);
    pf_diag_evidence(d, f, "netsh interface ipv%c show excludedportrange "
                     "protocol=tcp lists %u-%u (not administered: taken "
                     "by the system, e.g. Hyper-V, WinNAT, WSL2, Docker)",
                     range->family == PF_FAMILY_INET6 ? '6' : '4',
                     range->start, range->end);
    pf_excluded_dynamic_fix(d, f);
    pf_excluded_reserve(d, f);
    pf_offer_other_port(d, f, 0);
}

static void
pf_excluded_maybe(pf_diag_t *d)
{
    pf_finding_t *f;
    pf_remedy_t  *r;

    f = pf_diag_finding(d, PF_CAUSE_EXCLUDED_RANGE, PF_POSSIBLE,
                        "port %u is possibly inside an excluded port range: "
                        "access was denied and no program listens on it",
                        d->c->target.port);
    pf_diag_evidence(d, f, "bind() failed with WSAEACCES (10013) and no "
                     "listener was found on port %u", d->c->target.port);
    pf_diag_evidence(d, f, "the excluded port ranges could not be read");
    r = pf_diag_remedy(d, f, &pf_excluded_fix_show_excluded,
                       "see whether a range covers port %u",
                       d->c->target.port);
    pf_diag_command(d, r, "netsh interface ipv4 show excludedportrange "
                    "protocol=tcp");
    pf_diag_command(d, r, "netsh interface ipv6 show excludedportrange "
                    "protocol=tcp");
    pf_excluded_dynamic_fix(d, f);
    pf_excluded_reserve(d, f);
    pf_offer_other_port(d, f, 0);
}

int
pf_rule_excluded_range(pf_diag_t *d)
{
    const pf_port_range_t *range;

    if (!pf_excluded_applies(d)) {
        return 0;
    }
    range = pf_excluded_find(d);
    if (range != NULL) {
        pf_excluded_known(d, range);
        return 1;
    }
    if (d->host->excluded_known != PF_KNOWN_YES) {
        pf_excluded_maybe(d);
        return 1;
    }
    return 0;                  /* ranges known, none the system's covers
                                  the port */
}
