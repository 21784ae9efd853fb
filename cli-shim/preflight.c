/*
 * preflight: tells, before a web server binds, whether it can, and if not
 * who holds the port, why, and how to fix it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_cli.h"

typedef struct {
    const char *name;
    int       (*run)(pf_cli_t *cli);
} pf_cli_command_t;

static const pf_cli_command_t pf_cli_commands[] = {
    { "check",   pf_cli_check },
    { "explain", pf_cli_explain },
    { "facts",   pf_cli_facts },
    { "fix",     pf_cli_fix },
    { "undo",    pf_cli_undo },
    { "run",     pf_cli_run },
    { "wait",    pf_cli_wait },
    { NULL,      NULL }
};

int
main(int argc, char **argv)
{
    pf_cli_t                cli;
    const pf_cli_command_t *c;
    int                     rc;

    rc = pf_cli_wait_options(&argc, argv);
    if (rc >= 0) {
        return rc;
    }
    rc = pf_cli_parse(&cli, argc, argv);
    if (rc < 0) {
        rc = PF_EXIT_USAGE;
        for (c = pf_cli_commands; c->name != NULL; c++) {
            if (strcmp(c->name, cli.command) == 0) {
                break;
            }
        }
        if (c->name != NULL) {
            rc = c->run(&cli);
        } else {
            fprintf(stderr, "preflight: unknown command '%s'; "
                    "try 'preflight --help'\n", cli.command);
        }
    }
    free(cli.targets);
    return rc;
}
