/* run: PLACEHOLDER until the launcher work lands. */
#include <stdio.h>

#include "pf_cli.h"

int
pf_cli_run(pf_cli_t *cli)
{
    (void) cli;
    fprintf(stderr, "preflight: run is not available in this build\n");
    return PF_EXIT_USAGE;
}
