/*
 * unknown: no rule matched.  Say what failed and what was gathered, so the
 * report is still worth reading and worth attaching to a bug.
 */
#include "pf_diagnose.h"

static const char *
pf_unknown_summary(pf_diag_t *d)
{
    const pf_check_t *c = d->c;
    const char       *err = c->probe.err_name ? c->probe.err_name : "?";

    if (c->probe.status == PF_STATUS_IN_USE) {
        return pf_diag_sprintf(d, "port %u is in use, but who holds it "
                               "could not be found (%s)", c->target.port,
                               err);
    }
    return pf_diag_sprintf(d, "binding %s port %u failed with %s (%d); "
                           "the cause could not be found", c->target.address,
                           c->target.port, err, c->probe.err);
}

static void
pf_unknown_notes(pf_diag_t *d, pf_finding_t *f, const pf_array_t *notes)
{
    size_t i;

    for (i = 0; i < notes->nelts; i++) {
        pf_diag_evidence(d, f, "%s", PF_ARRAY_AT(notes, const char *, i));
    }
}

int
pf_rule_unknown(pf_diag_t *d)
{
    const pf_target_facts_t *facts = &d->c->facts;
    pf_finding_t            *f;

    if (d->matched != 0) {
        return 0;
    }
    f = pf_diag_finding(d, PF_CAUSE_UNKNOWN, PF_POSSIBLE, "%s",
                        pf_unknown_summary(d));
    pf_diag_evidence(d, f, "bind() failed with %s (%d)",
                     d->c->probe.err_name ? d->c->probe.err_name : "?",
                     d->c->probe.err);
    if (facts->listeners_known == PF_KNOWN_YES) {
        pf_diag_evidence(d, f, "listening sockets on port %u: %u",
                         d->c->target.port, (unsigned) facts->listeners.nelts);
    } else {
        pf_diag_evidence(d, f, "the listening sockets were %s",
                         facts->listeners_known == PF_KNOWN_FAILED
                         ? "not readable" : "not looked at");
    }
    pf_unknown_notes(d, f, &facts->notes);
    pf_unknown_notes(d, f, &d->host->notes);
    if (d->c->probe.status == PF_STATUS_IN_USE
        || d->c->probe.status == PF_STATUS_DENIED)
    {
        pf_offer_look(d, f);
    }
    pf_offer_other_port(d, f, 0);
    return 1;
}
