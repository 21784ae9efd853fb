/*
 * container (pf_rule_container.c): docker-proxy or a rootless forwarder
 * holds the port for a container.
 * Facts built by hand (test_diag_fixture.h); the
 * replayed captures of this cause are in tests/cases/ (docs/WHERE.md).
 */
#include "test_diag_fixture.h"

static void
test_container_docker_proxy(void)
{
    pf_check_t     *c = fx_check("*:8080", PF_STATUS_IN_USE,
                                 PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_container_t *k = pf_array_push(&c->facts.containers);
    pf_finding_t   *f;

    fx_process(c, 900, "docker-proxy");
    k->proxy_pid = 900;
    k->proto = "tcp";
    k->host_ip = "0.0.0.0";
    k->host_port = 8080;
    k->container_ip = "172.17.0.2";
    k->container_port = 80;
    k->id = "0123456789abcdef0123";
    k->name = "web";
    fx_diagnose(c);
    PF_ASSERT_SIZE_EQ(c->findings.nelts, 1);
    f = fx_finding(c, PF_CAUSE_CONTAINER);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "web (0123456789ab)");
    PF_ASSERT_CONTAINS(f->summary, "172.17.0.2:80");
    PF_ASSERT_EQ(PF_ARRAY_AT(&f->holders, pf_process_t *, 0)->pid, 900);
    FX_ASSERT_EVIDENCE(f, "docker-proxy (PID 900) forwards 0.0.0.0:8080/tcp");
    FX_ASSERT_COMMAND(f, "docker stop 0123456789ab");
    FX_ASSERT_COMMAND(f, "docker ps --filter publish=8080");
}

static void
test_container_proxy_only(void)
{
    pf_check_t   *c = fx_check("*:8080", PF_STATUS_IN_USE,
                               PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_finding_t *f;

    /* issue 16: a name proves nothing; the facts layer found no
     * forwarder (its executable, owner, parent and arguments say so) */
    fx_process(c, 901, "docker-proxy");
    fx_diagnose(c);
    PF_ASSERT_NULL(fx_finding(c, PF_CAUSE_CONTAINER));
    f = fx_finding(c, PF_CAUSE_PROCESS);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "in use by docker-proxy (PID 901");
    FX_ASSERT_COMMAND(f, "kill 901   # docker-proxy, started by hand");
}

/* A rootless forwarder the facts layer recognised: advice only. */
static void
test_container_rootless(void)
{
    pf_check_t     *c = fx_check("*:8080", PF_STATUS_IN_USE,
                                 PF_ERRSPACE_POSIX, EADDRINUSE);
    pf_container_t *k = pf_array_push(&c->facts.containers);
    pf_finding_t   *f;
    size_t          i;

    fx_process(c, 902, "pasta");
    k->proxy_pid = 902;
    k->forwarder = "pasta";
    k->rootless = 1;
    k->uid = 1001;
    k->proto = "tcp";
    k->host_port = 8080;
    fx_diagnose(c);
    f = fx_finding(c, PF_CAUSE_CONTAINER);
    PF_ASSERT_NOT_NULL_FATAL(f);
    PF_ASSERT_CONTAINS(f->summary, "held by pasta (PID 902), the port "
                       "forwarder of a rootless container of uid 1001");
    FX_ASSERT_COMMAND(f, "podman ps --filter publish=8080");
    for (i = 0; i < f->remedies.nelts; i++) {
        PF_ASSERT_EQ(PF_ARRAY_AT(&f->remedies, pf_remedy_t, i).action
                     == PF_ACTION_NONE
                     || PF_ARRAY_AT(&f->remedies, pf_remedy_t, i).action
                     == PF_ACTION_CHANGE_PORT, 1);
    }
}

static CU_TestInfo container_tests[] = {
    { "docker-proxy and its container", test_container_docker_proxy },
    { "a process merely named docker-proxy", test_container_proxy_only },
    { "a rootless forwarder: advice only", test_container_rootless },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "container", NULL, NULL, fx_setup, fx_teardown, container_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
