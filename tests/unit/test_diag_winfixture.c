/*
 * Windows-shaped facts: see test_diag_winfixture.h.
 */
#include "test_diag_winfixture.h"

void
fx_win_setup(void)
{
    fx_setup();
    fx_r->host.platform = "windows";
    fx_r->host.euid = -1;
    fx_r->host.unprivileged_port_start = -1;
    fx_r->host.cap_net_bind_service = -1;
    fx_r->host.is_admin = 1;
}

const char *
fx_capture(const char *name, size_t *len)
{
    const char *data = pf_test_read(fx_r->pool, PF_TEST_SRCDIR
                                    "/tests/unit/data/netsh", name, len);

    PF_ASSERT_NOT_NULL_FATAL(data);
    return data;
}

void
fx_host_excluded(const char *name)
{
    pf_error_t  err;
    size_t      len;
    const char *text = fx_capture(name, &len);

    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ_FATAL(pf_netsh_parse_excluded(fx_r->pool, text, len,
                       PF_FAMILY_INET, &fx_r->host.excluded_ranges, &err),
                       PF_OK);
    fx_r->host.excluded_known = PF_KNOWN_YES;
}

void
fx_host_dynamic(const char *name)
{
    pf_error_t       err;
    size_t           len;
    const char      *text = fx_capture(name, &len);
    pf_port_range_t *r = pf_array_push(&fx_r->host.dynamic_ranges);

    PF_ASSERT_NOT_NULL_FATAL(r);
    memset(&err, 0, sizeof(err));
    PF_ASSERT_EQ_FATAL(pf_netsh_parse_dynamicport(fx_r->pool, text, len,
                       PF_FAMILY_INET, r, &err), PF_OK);
    fx_r->host.dynamic_known = PF_KNOWN_YES;
}

pf_check_t *
fx_denied_nobody(unsigned port)
{
    char        spec[32];
    pf_check_t *c;

    snprintf(spec, sizeof(spec), "0.0.0.0:%u", port);
    c = fx_check(spec, PF_STATUS_DENIED, PF_ERRSPACE_WINSOCK, WSAEACCES);
    c->facts.free_port_nearby = port + 1000;
    return c;
}

int
fx_has_action(const pf_check_t *c, pf_action_t action)
{
    size_t i, j;

    for (i = 0; i < c->findings.nelts; i++) {
        const pf_finding_t *f = &PF_ARRAY_AT(&c->findings, pf_finding_t, i);

        for (j = 0; j < f->remedies.nelts; j++) {
            if (PF_ARRAY_AT(&f->remedies, pf_remedy_t, j).action == action) {
                return 1;
            }
        }
    }
    return 0;
}
