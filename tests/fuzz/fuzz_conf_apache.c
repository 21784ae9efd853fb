/* Fuzz target: the Apache httpd.conf parser (Listen, Define, IfDefine,
 * IfModule, Include, ServerRoot), from text in memory. */
#include "pf_fuzz_conf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pf_fuzz_conf(pf_conf_apache_text, data, size);
}
