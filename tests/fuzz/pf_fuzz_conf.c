/* The body of the configuration fuzz targets. */
#include <stdlib.h>
#include <string.h>

#include "pf_fuzz_conf.h"

/* Small limits: an Include of a system directory costs time per input,
 * and the limits themselves are what the fuzzer should probe. */
#define PF_FUZZ_CONF_MAX       (64 * 1024)
#define PF_FUZZ_MAX_INCLUDES   4
#define PF_FUZZ_MAX_DEPTH      3
#define PF_FUZZ_MAX_READS      16     /* a file counts once; its reads */
#define PF_FUZZ_MAX_BYTES      (1024 * 1024)
#define PF_FUZZ_MAX_NAMES      1000   /* wildcards from / list millions */

static void
pf_fuzz_conf_names(const pf_array_t *targets)
{
    char   name[256];
    size_t i;

    for (i = 0; i < targets->nelts; i++) {
        pf_target_name(&PF_ARRAY_AT(targets, pf_target_t, i), name,
                       sizeof(name));
    }
}

int
pf_fuzz_conf(pf_fuzz_conf_parse_pt parse, const uint8_t *data, size_t size)
{
    static const char *const defines[] = { "FUZZ", NULL };
    pf_conf_options_t  opts;
    pf_conf_text_t     conf;
    pf_pool_t         *pool;
    pf_array_t         out;
    pf_error_t         err;
    char               msg[256];
    char              *text;
    size_t             len;

    text = pf_fuzz_text(data, size, PF_FUZZ_CONF_MAX, &len);
    pool = pf_pool_create();
    memset(&opts, 0, sizeof(opts));
    opts.defines = defines;
    opts.max_includes = PF_FUZZ_MAX_INCLUDES;
    opts.max_depth = PF_FUZZ_MAX_DEPTH;
    opts.max_reads = PF_FUZZ_MAX_READS;
    opts.max_bytes = PF_FUZZ_MAX_BYTES;
    opts.max_names = PF_FUZZ_MAX_NAMES;
    opts.is_root = size & 1;
    memset(&err, 0, sizeof(err));
    if (text != NULL && pool != NULL
        && pf_array_init(&out, pool, 4, sizeof(pf_target_t)) == PF_OK)
    {
        /* the bytes as they are, NULs included, as a file may hold */
        conf.name = "fuzz.conf";
        conf.text = text;
        conf.len = len;
        if (parse(pool, &conf, &opts, &out, &err) == PF_OK) {
            pf_fuzz_conf_names(&out);
        } else {
            pf_error_format(&err, msg, sizeof(msg));
        }
    }
    pf_pool_destroy(pool);
    free(text);
    return 0;
}
