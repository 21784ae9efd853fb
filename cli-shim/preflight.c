/*
 * preflight: tells, before a web server binds, whether it can, and if not
 * who holds the port, why, and how to fix it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_cli.h"

const pf_cli_command_t pf_cli_commands[] = {
    { "check", pf_cli_check,
      "check [TARGET...] [--apache FILE] [--nginx FILE]",
      "Checks that each target can be bound; for those that cannot, says\n"
      "who holds the port, why, and the commands that fix it.  With no\n"
      "target and no configuration file, the usual Apache and nginx\n"
      "configurations of this system, otherwise ports 80 and 443.\n" },
    { "explain", pf_cli_explain,
      "explain TARGET",
      "One target, with all the evidence and notes.\n" },
    { "facts", pf_cli_facts,
      "facts [TARGET...]",
      "The gathered facts as one JSON object (for bug reports).\n" },
    { "fix", pf_cli_fix,
      "fix [TARGET...] [--apply [--yes]] [--remedy ID[@TARGET]] [--json]",
      "Prints the plan that fixes the findings; --apply carries it out\n"
      "(asks on a terminal, otherwise needs --yes).\n" },
    { "undo", pf_cli_undo,
      "undo [--apply [--yes]]",
      "Prints what the last applied fix changed; --apply restores it.\n" },
    { "run", pf_cli_run,
      "run [--apache FILE|--nginx FILE] [--on-conflict warn|fail|fix] "
      "[TARGET... --] COMMAND [ARG...]",
      "Checks the ports COMMAND's server is configured for, then runs it\n"
      "and gives back its exit status.  Any failure of preflight's own is\n"
      "one warning and COMMAND starts; only --on-conflict fail keeps it\n"
      "from starting.  Without '--', COMMAND starts at the first word\n"
      "that is not an option, and the rest is its own.\n" },
    { "wait", pf_cli_wait,
      "wait [--timeout SECONDS] TARGET...",
      "Waits until every target can be bound (a script that stops one\n"
      "server and starts another), at most --timeout seconds (10);\n"
      "exits 0 when all are free, 1 with the explanation otherwise.\n" },
    { "help", pf_cli_help,
      "help [COMMAND]",
      "The usage, or what COMMAND does.\n" },
    { NULL, NULL, NULL, NULL }
};

int
main(int argc, char **argv)
{
    pf_cli_t                cli;
    const pf_cli_command_t *c;
    int                     rc;

    /* the locale is read only when something is printed
     * (pf_cli_charset_flags): a healthy check prints nothing */
    /* paths in any language: Windows' argv lost what its code page lacks */
    if (pf_args_utf8(&argc, &argv) == PF_ENOMEM) {
        fprintf(stderr, "preflight: out of memory\n");
        return PF_EXIT_USAGE;
    }

    rc = pf_cli_wait_options(&argc, argv);
    if (rc >= 0) {
        return rc;
    }
    rc = pf_cli_parse(&cli, argc, argv);
    if (rc < 0) {
        c = pf_cli_find_command(cli.command);
        rc = cli.help ? pf_cli_help(&cli) : c->run(&cli);
    }
    free(cli.targets);
    return rc;
}
