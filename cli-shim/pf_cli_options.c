/*
 * Command-line options, GNU style: getopt_long ("--opt=value", bundled
 * short options, options before or after the command), and "--", which
 * ends the options: after it come targets (check -- 80) or, for run, the
 * server's own command line, which is never parsed as ours.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_cli.h"

enum {
    PF_OPT_APACHE = 256, PF_OPT_NGINX, PF_OPT_JSON, PF_OPT_NO_COLOR,
    PF_OPT_COLOR, PF_OPT_APPLY, PF_OPT_REMEDY, PF_OPT_ON_CONFLICT,
    PF_OPT_VERSION, PF_OPT_FACTS
};

/* "-" first: non-options come back in order (as 1), so the command word
 * is found wherever it is, whatever POSIXLY_CORRECT says; ":" then: we
 * word the errors ourselves. */
static const char pf_cli_shortopts[] = "-:hqvyd:D:p:";

static const struct option pf_cli_longopts[] = {
    { "apache",      required_argument, NULL, PF_OPT_APACHE },
    { "nginx",       required_argument, NULL, PF_OPT_NGINX },
    { "json",        no_argument,       NULL, PF_OPT_JSON },
    { "quiet",       no_argument,       NULL, 'q' },
    { "verbose",     no_argument,       NULL, 'v' },
    { "no-color",    no_argument,       NULL, PF_OPT_NO_COLOR },
    { "color",       optional_argument, NULL, PF_OPT_COLOR },
    { "apply",       no_argument,       NULL, PF_OPT_APPLY },
    { "yes",         no_argument,       NULL, 'y' },
    { "remedy",      required_argument, NULL, PF_OPT_REMEDY },
    { "on-conflict", required_argument, NULL, PF_OPT_ON_CONFLICT },
    { "facts",       required_argument, NULL, PF_OPT_FACTS },
    { "help",        no_argument,       NULL, 'h' },
    { "version",     no_argument,       NULL, PF_OPT_VERSION },
    { NULL, 0, NULL, 0 }
};

void
pf_cli_usage(FILE *out)
{
    fputs(
"Usage: preflight [COMMAND] [OPTION...] [TARGET...]\n"
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
"  wait    TARGET...     wait (--timeout SECONDS, default 10) until every\n"
"                        target can be bound: for a script that stops\n"
"                        one server and starts another\n"
"  run -- COMMAND [ARG...]\n"
"                        check the ports COMMAND's server is configured\n"
"                        for, then run it and give back its exit status\n"
"  help [COMMAND]        this help, or what COMMAND does\n"
"\n"
"TARGET is a port or an address and port: 80, *:80, 0.0.0.0:80,\n"
"127.0.0.1:8080, [::]:443, [::1]:8080, localhost:80.  With no target and\n"
"no configuration file, check reads the usual Apache and nginx\n"
"configurations of this system and otherwise checks ports 80 and 443.\n"
"Options may come before or after the command; '--' ends them.\n"
"\n"
"Options:\n"
"  --apache=FILE     the Listen addresses of an Apache httpd configuration\n"
"  --nginx=FILE      the listen addresses of an nginx configuration\n"
"  -d DIR            Apache ServerRoot (as httpd -d)\n"
"  -D NAME           Apache define (as httpd -D), may repeat\n"
"  -p DIR            nginx prefix (as nginx -p)\n"
"  --json            one JSON object on standard output (schema 1)\n"
"  -q, --quiet       print only the targets that cannot be bound\n"
"  -v, --verbose     print every piece of evidence and what was not found\n"
"  --color[=WHEN]    colour: auto (the default: a terminal, NO_COLOR unset,\n"
"                    TERM not dumb), always, never\n"
"  --no-color        the same as --color=never\n"
"  --apply           fix, undo: make the changes (the default is a dry run;\n"
"                    asks on a terminal, otherwise needs --yes)\n"
"  -y, --yes         fix, undo, run --on-conflict fix: do not ask for\n"
"                    confirmation\n"
"  --remedy=ID[@TARGET]\n"
"                    fix: this remedy (ids are in the findings; default:\n"
"                    per finding, the first that changes the system)\n"
"  --facts=FILE      check, explain, facts, fix: replay the output of\n"
"                    `preflight facts` (from this or another host, any\n"
"                    platform) instead of probing; TARGETs select among\n"
"                    its targets; fix only plans (--apply is refused)\n"
"  --on-conflict=warn|fail|fix\n"
"                    run: start anyway (warn, the default), do not start\n"
"                    (fail), or first apply what 'fix --apply' would (fix;\n"
"                    asks on a terminal, otherwise needs --yes)\n"
"  --wait=SECONDS    check, run: a grace for ports whose holder is leaving\n"
"                    (polls the bind test), and says whom it waited for\n"
"  -h, --help        this help (after a command: that command's)\n"
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

const pf_cli_command_t *
pf_cli_find_command(const char *name)
{
    const pf_cli_command_t *c;

    for (c = pf_cli_commands; c->name != NULL; c++) {
        if (strcmp(c->name, name) == 0) {
            return c;
        }
    }
    return NULL;
}

/* Optimal string alignment distance: a swap of two letters counts one,
 * the typo people make most ("chekc"). */
static size_t
pf_cli_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j, d[16][16];

    if (la > 15 || lb > 15) {
        return 99;
    }
    for (i = 0; i <= la; i++) {
        d[i][0] = i;
    }
    for (j = 0; j <= lb; j++) {
        d[0][j] = j;
    }
    for (i = 1; i <= la; i++) {
        for (j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1], v = d[i - 1][j - 1] + cost;

            if (d[i - 1][j] + 1 < v) {
                v = d[i - 1][j] + 1;
            }
            if (d[i][j - 1] + 1 < v) {
                v = d[i][j - 1] + 1;
            }
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2]
                && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
            {
                v = d[i - 2][j - 2] + 1;
            }
            d[i][j] = v;
        }
    }
    return d[la][lb];
}

static int
pf_cli_unknown_command(const char *name)
{
    const pf_cli_command_t *c, *best = NULL;
    size_t                  d, bestd = 3;

    for (c = pf_cli_commands; c->name != NULL; c++) {
        d = pf_cli_distance(name, c->name);
        if (d < bestd && d < strlen(c->name)) {
            best = c;
            bestd = d;
        }
    }
    if (best != NULL) {
        fprintf(stderr, "preflight: unknown command '%s' (did you mean "
                "'%s'?); try 'preflight help'\n", name, best->name);
    } else {
        fprintf(stderr, "preflight: unknown command '%s'; try 'preflight "
                "help'\n", name);
    }
    return PF_EXIT_USAGE;
}

/* A word, not a port or an address: meant as a command. */
static int
pf_cli_is_word(const char *s)
{
    if (*s == '\0') {
        return 0;
    }
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
              || *s == '-' || *s == '_'))
        {
            return 0;
        }
    }
    return 1;
}

/* A port or an address and port ("80", "[::1]:80", "localhost:80"), not
 * a program's name. */
static int
pf_cli_is_target(const char *s)
{
    const char *colon = strrchr(s, ':');

    if ((*s >= '0' && *s <= '9') || *s == '[' || *s == '*') {
        return 1;
    }
    return colon != NULL && colon[1] != '\0' && strchr(s, '/') == NULL
           && strspn(colon + 1, "0123456789") == strlen(colon + 1);
}

int
pf_cli_help(pf_cli_t *cli)
{
    const pf_cli_command_t *c = NULL;
    const char             *name = NULL;

    if (strcmp(cli->command, "help") != 0) {
        name = cli->command_named ? cli->command : NULL; /* COMMAND --help */
    } else if (cli->ntargets > 0) {
        name = cli->targets[0];       /* help COMMAND */
    }
    if (name == NULL) {
        pf_cli_usage(stdout);
        return PF_EXIT_OK;
    }
    c = pf_cli_find_command(name);
    if (c == NULL) {
        return pf_cli_unknown_command(name);
    }
    printf("Usage: preflight %s\n\n%s\nThe options: preflight --help; "
           "more in preflight(1).\n", c->synopsis, c->help);
    return PF_EXIT_OK;
}

static int
pf_cli_color_when(pf_cli_t *cli, const char *when)
{
    if (when == NULL || strcmp(when, "always") == 0
        || strcmp(when, "yes") == 0 || strcmp(when, "force") == 0)
    {
        cli->color = 1;
    } else if (strcmp(when, "never") == 0 || strcmp(when, "no") == 0
               || strcmp(when, "none") == 0)
    {
        cli->color = 0;
    } else if (strcmp(when, "auto") == 0 || strcmp(when, "tty") == 0
               || strcmp(when, "if-tty") == 0)
    {
        cli->color = -1;
    } else {
        fprintf(stderr, "preflight: --color takes auto, always or never, "
                "not '%s'\n", when);
        return PF_EXIT_USAGE;
    }
    return -1;
}

/* The option as the user wrote it: getopt gives a short one in optopt,
 * a long one only as the argument it was in. */
static int
pf_cli_bad_option(char **argv, const char *fmt)
{
    char        name[64];
    const char *a = argv[optind - 1];

    if (optopt > 0 && optopt < 256) {
        snprintf(name, sizeof(name), "-%c", optopt);
    } else {
        snprintf(name, sizeof(name), "%.*s", (int) strcspn(a, "="), a);
    }
    fprintf(stderr, "preflight: ");
    fprintf(stderr, fmt, name);
    fprintf(stderr, "; try 'preflight --help'\n");
    return PF_EXIT_USAGE;
}

static int
pf_cli_positional(pf_cli_t *cli, const char *a, int *have_command)
{
    if (!*have_command && cli->ntargets == 0) {
        *have_command = 1;
        if (pf_cli_find_command(a) != NULL) {
            cli->command = a;
            cli->command_named = 1;
            return -1;
        }
        if (pf_cli_is_word(a)) {
            return pf_cli_unknown_command(a);
        }
    }
    cli->targets[cli->ntargets++] = a;
    return -1;
}

static int
pf_cli_option(pf_cli_t *cli, int c, int *version)
{
    switch (c) {
    case 'h':
        cli->help = 1;
        break;
    case PF_OPT_VERSION:
        *version = 1;
        break;
    case PF_OPT_JSON:
        cli->json = 1;
        break;
    case 'q':
        cli->quiet = 1;
        break;
    case 'v':
        cli->verbose = 1;
        break;
    case PF_OPT_NO_COLOR:
        cli->color = 0;
        break;
    case PF_OPT_COLOR:
        return pf_cli_color_when(cli, optarg);
    case PF_OPT_APPLY:
        cli->apply = 1;
        break;
    case 'y':
        cli->yes = 1;
        break;
    case 'd':
        cli->server_root = optarg;
        break;
    case 'D':
        if (cli->ndefines == 63) {
            fprintf(stderr, "preflight: too many -D options\n");
            return PF_EXIT_USAGE;
        }
        cli->defines[cli->ndefines++] = optarg;
        break;
    case 'p':
        cli->prefix = optarg;
        break;
    case PF_OPT_APACHE:
        cli->apache_conf = optarg;
        break;
    case PF_OPT_NGINX:
        cli->nginx_conf = optarg;
        break;
    case PF_OPT_REMEDY:
        cli->remedy = optarg;
        break;
    case PF_OPT_ON_CONFLICT:
        cli->on_conflict = optarg;
        break;
    case PF_OPT_FACTS:
        cli->facts_file = optarg;
        break;
    }
    return -1;
}

/* Where our options end: the first "--" that is not the value of an
 * option ("--remedy --" is a value, however odd). */
static int
pf_cli_dashdash(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") != 0) {
            continue;
        }
        if (i > 1) {
            const char *p = argv[i - 1];
            size_t      n = strlen(p);

            if ((p[0] == '-' && p[1] == '-' && strchr(p, '=') == NULL
                 && (strcmp(p, "--apache") == 0 || strcmp(p, "--nginx") == 0
                     || strcmp(p, "--remedy") == 0
                     || strcmp(p, "--on-conflict") == 0))
                || (p[0] == '-' && p[1] != '-' && n >= 2
                    && strchr("dDp", p[n - 1]) != NULL
                    && strspn(p + 1, "hqvy") == n - 2))
            {
                continue;
            }
        }
        return i;
    }
    return argc;
}

static int
pf_cli_after_dashdash(pf_cli_t *cli, int argc, char **argv, int end)
{
    int i;

    if (end >= argc) {
        return -1;
    }
    if (strcmp(cli->command, "run") == 0) {
        cli->command_argv = argv + end + 1;
        cli->command_argc = argc - end - 1;
        return -1;
    }
    for (i = end + 1; i < argc; i++) {
        cli->targets[cli->ntargets++] = argv[i];
    }
    return -1;
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
    int c, rc, end, version = 0, have_command = 0;

    memset(cli, 0, sizeof(*cli));
    cli->color = -1;
    cli->command = "check";
    cli->targets = calloc((size_t) argc + 1, sizeof(char *));
    if (cli->targets == NULL) {
        fprintf(stderr, "preflight: out of memory\n");
        return PF_EXIT_USAGE;
    }

    end = pf_cli_dashdash(argc, argv);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(end, argv, pf_cli_shortopts, pf_cli_longopts,
                            NULL)) != -1)
    {
        if (c == '?') {
            return pf_cli_bad_option(argv, "unknown option '%s'");
        }
        if (c == ':') {
            return pf_cli_bad_option(argv, "option '%s' needs a value");
        }
        if (c == 1 && end == argc && cli->command_named
            && strcmp(cli->command, "run") == 0 && !pf_cli_is_target(optarg))
        {
            /* "run nginx -g ..." without "--": the server's command
             * starts at its name, as for env(1) or nice(1) */
            cli->command_argv = argv + optind - 1;
            cli->command_argc = argc - optind + 1;
            break;
        }
        rc = c == 1 ? pf_cli_positional(cli, optarg, &have_command)
                    : pf_cli_option(cli, c, &version);
        if (rc >= 0) {
            return rc;
        }
    }
    if (version) {
        printf("preflight %s\n", pf_version());
        return PF_EXIT_OK;
    }
    rc = pf_cli_after_dashdash(cli, argc, argv, end);
    return rc < 0 && !pf_cli_facts_valid(cli) ? PF_EXIT_USAGE : rc;
}

/* The character set of the user's terminal, for the glyphs only:
 * numbers and messages stay in the C locale.  Read on first use: loading
 * the locale costs a quiet healthy check about 15 system calls and the
 * parse of locale.alias, for output it does not print. */
unsigned
pf_cli_charset_flags(int fd)
{
    static int read_locale;

    if (!read_locale) {
        (void) setlocale(LC_CTYPE, "");
        read_locale = 1;
    }
    return pf_output_utf8(fd) ? 0 : PF_RENDER_ASCII;
}

/* What the render needs to know of the output but its character set. */
unsigned
pf_cli_style_flags(const pf_cli_t *cli, int fd)
{
    unsigned    flags = 0;
    int         color = cli->color;
    const char *nc, *term;

    if (color < 0) {
        nc = getenv("NO_COLOR");
        term = getenv("TERM");
        color = pf_is_terminal(fd) && (nc == NULL || nc[0] == '\0')
                && (term == NULL || strcmp(term, "dumb") != 0)
                && pf_terminal_color(fd);
    } else if (color) {
        (void) pf_terminal_color(fd);   /* a Windows console: VT on */
    }
    if (color) {
        flags |= PF_RENDER_COLOR;
    }
    if (cli->quiet) {
        flags |= PF_RENDER_QUIET;
    }
    if (cli->verbose) {
        flags |= PF_RENDER_VERBOSE;
    }
    return flags;
}
