/* Fuzz target: the nginx.conf parser (blocks, quoting, listen with its
 * parameters, include, the default listen), from text in memory. */
#include "pf_fuzz_conf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pf_fuzz_conf(pf_conf_nginx_text, data, size);
}
