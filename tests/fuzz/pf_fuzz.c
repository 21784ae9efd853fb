/* Helpers shared by the fuzz targets. */
#include <stdlib.h>
#include <string.h>

#include "pf_fuzz.h"

char *
pf_fuzz_text(const uint8_t *data, size_t size, size_t max, size_t *len)
{
    char *text;

    if (size > max) {
        size = max;
    }
    *len = size;
    text = malloc(size + 1);
    if (text == NULL) {
        return NULL;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    return text;
}

int
pf_fuzz_run_text(const uint8_t *data, size_t size, size_t max,
                 pf_fuzz_text_pt fn)
{
    pf_pool_t *pool;
    char      *text;
    size_t     len;

    text = pf_fuzz_text(data, size, max, &len);
    pool = pf_pool_create();
    if (text != NULL && pool != NULL) {
        fn(pool, text, len);
    }
    pf_pool_destroy(pool);
    free(text);
    return 0;
}
