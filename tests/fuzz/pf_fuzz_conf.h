/*
 * The configuration fuzz targets share one body: parse the text, then
 * name every target found, so the targets' fields are read too.
 */
#ifndef PF_FUZZ_CONF_H
#define PF_FUZZ_CONF_H

#include "pf_fuzz.h"

typedef int (*pf_fuzz_conf_parse_pt)(pf_pool_t *pool,
    const pf_conf_text_t *conf, const pf_conf_options_t *opts,
    pf_array_t *out, pf_error_t *err);

int pf_fuzz_conf(pf_fuzz_conf_parse_pt parse, const uint8_t *data,
                 size_t size);

#endif
