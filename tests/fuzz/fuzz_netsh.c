/*
 * Fuzz target: the netsh output parsers.  Each input is given to both,
 * as request queues (`netsh http show servicestate view=requestq`) and as
 * excluded port ranges (`netsh interface ipv4 show excludedportrange`):
 * a parser must reject the other's text cleanly too.  The text may be
 * UTF-16 or an OEM code page, so the bytes are passed as they are.
 */
#include <stdlib.h>
#include <string.h>

#include "pf_fuzz.h"
#include "netsh/pf_netsh.h"

static void
pf_fuzz_netsh(pf_pool_t *pool, const char *text, size_t len)
{
    pf_array_t  queues, ranges;
    pf_error_t  err;

    if (pf_array_init(&queues, pool, 2, sizeof(pf_request_queue_t)) != PF_OK
        || pf_array_init(&ranges, pool, 4, sizeof(pf_port_range_t)) != PF_OK)
    {
        return;
    }
    memset(&err, 0, sizeof(err));
    (void) pf_netsh_parse_servicestate(pool, text, len, 80, &queues, &err);
    memset(&err, 0, sizeof(err));
    (void) pf_netsh_parse_excluded(pool, text, len,
                                   len & 1 ? PF_FAMILY_INET6
                                           : PF_FAMILY_INET,
                                   &ranges, &err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pf_fuzz_run_text(data, size, 256 * 1024, pf_fuzz_netsh);
}
