/* fix and undo: PLACEHOLDER until the remedies work lands. */
#include <stdio.h>

#include "pf_cli.h"

int
pf_cli_fix(pf_cli_t *cli)
{
    (void) cli;
    fprintf(stderr, "preflight: fix is not available in this build\n");
    return PF_EXIT_REMEDY;
}

int
pf_cli_undo(pf_cli_t *cli)
{
    (void) cli;
    fprintf(stderr, "preflight: undo is not available in this build\n");
    return PF_EXIT_REMEDY;
}
