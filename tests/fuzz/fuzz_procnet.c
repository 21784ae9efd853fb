/*
 * Fuzz target: the /proc/net/tcp, tcp6, udp, udp6 parser, the fallback
 * when sock_diag netlink cannot answer.  Every input is read in each
 * address format, for TCP and UDP, for every port and for one port.
 */
#include <stdlib.h>
#include <string.h>

#include "pf_fuzz.h"
#include "unix/pf_linux.h"

static void
pf_fuzz_procnet(pf_pool_t *pool, const char *text, size_t len,
                pf_family_t fam, pf_proto_t proto, unsigned port)
{
    pf_linux_sock_query_t  w;
    pf_array_t             listeners;
    pf_error_t             err;

    if (pf_array_init(&listeners, pool, 4, sizeof(pf_listener_t)) != PF_OK) {
        return;
    }
    memset(&err, 0, sizeof(err));
    memset(&w, 0, sizeof(w));
    w.pool = pool;
    w.fam = fam;
    w.proto = proto;
    w.port = port;
    w.listeners = &listeners;
    (void) pf_linux_procnet_parse(&w, text, len, &err);
}

/* Every family and protocol the facts layer asks for. */
static void
pf_fuzz_procnet_all(pf_pool_t *pool, const char *text, size_t len)
{
    pf_fuzz_procnet(pool, text, len, PF_FAMILY_INET, PF_PROTO_TCP, 0);
    pf_fuzz_procnet(pool, text, len, PF_FAMILY_INET6, PF_PROTO_TCP, 80);
    pf_fuzz_procnet(pool, text, len, PF_FAMILY_INET, PF_PROTO_UDP, 53);
    pf_fuzz_procnet(pool, text, len, PF_FAMILY_INET6, PF_PROTO_UDP, 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pf_fuzz_run_text(data, size, 256 * 1024, pf_fuzz_procnet_all);
}
