/*
 * Command-line options.  Hand-rolled rather than getopt_long so the same
 * code builds with mingw-w64 and keeps "--" and the run command intact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_cli.h"

void
pf_cli_usage(FILE *out)
{
    fputs(
"Usage: preflight COMMAND [OPTIONS] [TARGET...]\n"
"\n"
"Tells, before a web server binds its ports, whether it can; if not, which\n"
"port, who holds it and why, with the evidence and the commands that fix it.\n"
"\n"
"Commands:\n"
"  check   [TARGET...]   check the targets (default command)\n"
"  explain TARGET        one target, with all the evidence\n"
"  facts   [TARGET...]   the gathered facts as JSON (for bug reports)\n"
"  fix     [TARGET...]   the plan that fixes the findings; --apply does it\n"
"  undo                  what the last applied fix changed; --apply restores it\n"
"  run -- COMMAND [ARG...]\n"
"                        check the ports COMMAND's server is configured\n"
"                        for, then run it and give back its exit status\n"
"\n"
"TARGET is a port or an address and port: 80, *:80, 0.0.0.0:80,\n"
"127.0.0.1:8080, [::]:443, [::1]:8080, localhost:80.  With no target and\n"
"no configuration file, check reads the usual Apache and nginx\n"
"configurations of this system and otherwise checks ports 80 and 443.\n"
"\n"
"Options:\n"
"  --apache FILE     the Listen addresses of an Apache httpd configuration\n"
"  --nginx FILE      the listen addresses of an nginx configuration\n"
"  -d DIR            Apache ServerRoot (as httpd -d)\n"
"  -D NAME           Apache define (as httpd -D), may repeat\n"
"  -p DIR            nginx prefix (as nginx -p)\n"
"  --json            one JSON object on standard output (schema 1)\n"
"  --quiet, -q       print only the targets that cannot be bound\n"
"  --verbose, -v     print every piece of evidence and what was not found\n"
"  --no-color        no colour (also when NO_COLOR is set or not a terminal)\n"
"  --apply           fix, undo: make the changes (the default is a dry run;\n"
"                    asks on a terminal, otherwise needs --yes)\n"
"  --yes, -y         fix, undo: do not ask for confirmation\n"
"  --remedy ID[@TARGET]\n"
"                    fix: this remedy (ids are in the findings; default:\n"
"                    per finding, the first that changes the system)\n"
"  --facts FILE      check, explain, facts, fix: replay the output of\n"
"                    `preflight facts` (from this or another host, any\n"
"                    platform) instead of probing; TARGETs select among\n"
"                    its targets; fix only plans (--apply is refused)\n"
"  --on-conflict warn|fail|fix\n"
"                    run: start anyway (warn, the default), do not start\n"
"                    (fail), or apply the fix first (fix)\n"
"  --help, -h        this help\n"
"  --version         the version\n"
"\n"
"Exit status:\n"
"  0  every target can be bound\n"
"  1  at least one cannot (the findings say why)\n"
"  2  usage or configuration error\n"
"  3  a remedy was requested and failed or was refused\n"
"  run gives back the server's own exit status once it has started.\n"
"\n"
"See preflight(1).\n", out);
}

static int
pf_cli_need_value(int argc, char **argv, int i)
{
    if (i + 1 >= argc) {
        fprintf(stderr, "preflight: option '%s' needs a value\n", argv[i]);
        return 0;
    }
    return 1;
}

static int
pf_cli_is_command(const char *s)
{
    static const char *commands[] = {
        "check", "explain", "facts", "fix", "undo", "run", NULL
    };
    int i;

    for (i = 0; commands[i]; i++) {
        if (strcmp(s, commands[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* --facts describes another host (or this one, earlier): it is read,
 * diagnosed and planned, never acted on. */
static int
pf_cli_facts_valid(const pf_cli_t *cli)
{
    const char *c = cli->command;

    if (cli->facts_file == NULL) {
        return 1;
    }
    if (strcmp(c, "check") != 0 && strcmp(c, "explain") != 0
        && strcmp(c, "facts") != 0 && strcmp(c, "fix") != 0)
    {
        fprintf(stderr, "preflight: --facts goes with check, explain, facts "
                "and fix, not %s\n", c);
        return 0;
    }
    if (cli->apply) {
        fprintf(stderr, "preflight: fix --facts --apply refused: the facts "
                "describe the host that gathered them, and --apply would "
                "change this one; nothing was changed\n");
        return 0;
    }
    if (cli->apache_conf != NULL || cli->nginx_conf != NULL) {
        fprintf(stderr, "preflight: --facts replays the targets the file "
                "holds; it does not go with --apache or --nginx\n");
        return 0;
    }
    return 1;
}

/* Returns -1 to go on with cli filled in, or an exit code. */
int
pf_cli_parse(pf_cli_t *cli, int argc, char **argv)
{
    int i = 1;

    memset(cli, 0, sizeof(*cli));
    cli->color = -1;
    cli->command = "check";
    cli->targets = calloc((size_t) argc + 1, sizeof(char *));
    if (cli->targets == NULL) {
        fprintf(stderr, "preflight: out of memory\n");
        return PF_EXIT_USAGE;
    }

    if (i < argc && pf_cli_is_command(argv[i])) {
        cli->command = argv[i++];
    }

    for (; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--") == 0) {
            cli->command_argv = argv + i + 1;
            cli->command_argc = argc - i - 1;
            break;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            pf_cli_usage(stdout);
            return PF_EXIT_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("preflight %s\n", PF_VERSION);
            return PF_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            cli->json = 1;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            cli->quiet = 1;
        } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            cli->verbose = 1;
        } else if (strcmp(a, "--no-color") == 0) {
            cli->color = 0;
        } else if (strcmp(a, "--apply") == 0) {
            cli->apply = 1;
        } else if (strcmp(a, "--yes") == 0 || strcmp(a, "-y") == 0) {
            cli->yes = 1;
        } else if (strcmp(a, "--apache") == 0 || strcmp(a, "--nginx") == 0
                   || strcmp(a, "--remedy") == 0
                   || strcmp(a, "--on-conflict") == 0
                   || strcmp(a, "--facts") == 0
                   || strcmp(a, "-d") == 0 || strcmp(a, "-D") == 0
                   || strcmp(a, "-p") == 0)
        {
            if (!pf_cli_need_value(argc, argv, i)) {
                return PF_EXIT_USAGE;
            }
            i++;
            if (a[1] == 'd') {
                cli->server_root = argv[i];
            } else if (a[1] == 'D') {
                if (cli->ndefines == 63) {
                    fprintf(stderr, "preflight: too many -D options\n");
                    return PF_EXIT_USAGE;
                }
                cli->defines[cli->ndefines++] = argv[i];
            } else if (a[1] == 'p') {
                cli->prefix = argv[i];
            } else if (strcmp(a, "--apache") == 0) {
                cli->apache_conf = argv[i];
            } else if (strcmp(a, "--nginx") == 0) {
                cli->nginx_conf = argv[i];
            } else if (strcmp(a, "--remedy") == 0) {
                cli->remedy = argv[i];
            } else if (strcmp(a, "--facts") == 0) {
                cli->facts_file = argv[i];
            } else {
                cli->on_conflict = argv[i];
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "preflight: unknown option '%s'; "
                    "try 'preflight --help'\n", a);
            return PF_EXIT_USAGE;
        } else {
            cli->targets[cli->ntargets++] = a;
        }
    }
    return pf_cli_facts_valid(cli) ? -1 : PF_EXIT_USAGE;
}
