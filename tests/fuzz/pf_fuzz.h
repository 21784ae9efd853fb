/*
 * Shared by the fuzz targets: the libFuzzer entry point, and a helper that
 * turns the fuzzer's bytes into the NUL-terminated text the parsers take.
 * The same target sources build into libFuzzer binaries (--enable-fuzz)
 * and into corpus replayers run by `make check` (fuzz_replay.c).
 */
#ifndef PF_FUZZ_H
#define PF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "preflight_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of at most max bytes (*len of them), from malloc:
 * free() it.  Not from a pool, so that ASan sees a read one byte past
 * the terminator. */
char *pf_fuzz_text(const uint8_t *data, size_t size, size_t max,
                   size_t *len);

/* The whole body of most targets: the input as text of at most max bytes
 * and a fresh pool, handed to fn; both released after. */
typedef void (*pf_fuzz_text_pt)(pf_pool_t *pool, const char *text,
                                size_t len);
int pf_fuzz_run_text(const uint8_t *data, size_t size, size_t max,
                     pf_fuzz_text_pt fn);

#endif
