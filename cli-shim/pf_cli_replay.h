/*
 * `--facts FILE`: the output of `preflight facts`, read back into a report
 * so that diagnose, render and the remedy plan run on another host's facts
 * as they ran there.  The JSON is read with json-c, in the CLI only: the
 * core stays C99 + OS APIs.
 */
#ifndef PF_CLI_REPLAY_H
#define PF_CLI_REPLAY_H

#include "preflight_internal.h"

/* Nonzero when this build reads --facts (json-c was found). */
int pf_replay_available(void);

/* Fills r (fresh from pf_report_create) from the facts JSON text: host,
 * context, targets with their probe results and facts.  `name` is the
 * file errors name; `dir` the directory "captures" are relative to (NULL:
 * captures are refused).  Nothing is probed or gathered.  PF_ERROR with
 * err saying where (file, line or JSON path) and what was expected. */
int pf_replay_parse(pf_report_t *r, const char *name, const char *dir,
                    const char *text, size_t len, pf_error_t *err);

/* The same from a file (at most 16 MiB). */
int pf_replay_load(pf_report_t *r, const char *path, pf_error_t *err);

/* Keeps only the checks that the targets named on the command line
 * select (by "0.0.0.0:80" as printed, as written in the file, or by port
 * alone); each name must select one.  PF_ERROR says which did not. */
int pf_replay_select(pf_report_t *r, const char *const *names, int n,
                     pf_error_t *err);

#endif
