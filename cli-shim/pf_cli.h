/* The preflight command: argument parsing and printing only; the work is
 * done by the core. */
#ifndef PF_CLI_H
#define PF_CLI_H

#include "preflight_internal.h"

/* Exit codes: the contract scripts rely on (see preflight(1)). */
#define PF_EXIT_OK        0   /* every target can be bound */
#define PF_EXIT_CONFLICT  1   /* at least one cannot */
#define PF_EXIT_USAGE     2   /* usage or configuration error */
#define PF_EXIT_REMEDY    3   /* a remedy failed or was refused */

typedef struct {
    const char  *command;        /* "check", "explain", ... */
    const char **targets;        /* positional targets */
    int          ntargets;
    const char  *apache_conf;
    const char  *nginx_conf;
    const char  *server_root;    /* -d for Apache configs */
    const char  *prefix;         /* -p for nginx configs */
    const char  *defines[64];    /* -D NAME for Apache configs */
    int          ndefines;
    int          json;
    int          quiet;
    int          verbose;
    int          color;          /* -1 auto (--color=auto) */
    int          apply;
    int          yes;
    const char  *remedy;
    const char  *on_conflict;    /* run: warn|fail|fix */
    const char  *facts_file;     /* --facts: replay, nothing probed */
    char       **command_argv;   /* run: after "--" */
    int          command_argc;
    int          help;           /* --help: the usage, or the command's */
    int          command_named;  /* the command was given, not implied */
} pf_cli_t;

/* One command: its name, what runs it, its synopsis and what it does
 * (preflight help COMMAND, COMMAND --help).  Adding a command is one
 * entry in pf_cli_commands (preflight.c). */
typedef struct {
    const char *name;
    int       (*run)(pf_cli_t *cli);
    const char *synopsis;
    const char *help;
} pf_cli_command_t;

extern const pf_cli_command_t pf_cli_commands[];

const pf_cli_command_t *pf_cli_find_command(const char *name);
int  pf_cli_parse(pf_cli_t *cli, int argc, char **argv);
void pf_cli_usage(FILE *out);
int  pf_cli_help(pf_cli_t *cli);
/* The render flags the options and the environment ask for, in two:
 * all but the character set (colour, quiet, verbose), and that
 * (PF_RENDER_ASCII or 0; reads the locale, once). */
unsigned pf_cli_style_flags(const pf_cli_t *cli, int fd);
unsigned pf_cli_charset_flags(int fd);

/* Collects the targets the options name into r.  PF_EXIT_OK or
 * PF_EXIT_USAGE (message printed). */
int  pf_cli_load_targets(pf_cli_t *cli, pf_report_t *r);
/* The same, with the reason in err instead of printed. */
int  pf_cli_load_targets_err(pf_cli_t *cli, pf_report_t *r,
                             pf_error_t *err);
/* The report of check, explain, facts and fix: the targets probed and
 * explained here, or (--facts) the file's facts diagnosed.  PF_EXIT_OK or
 * PF_EXIT_USAGE (message printed). */
int  pf_cli_report(pf_cli_t *cli, pf_report_t *r);
void pf_cli_print(pf_buf_t *b, FILE *out);
void pf_cli_eprintf(const char *fmt, ...);

int  pf_cli_check(pf_cli_t *cli);
int  pf_cli_explain(pf_cli_t *cli);
int  pf_cli_facts(pf_cli_t *cli);
int  pf_cli_fix(pf_cli_t *cli);      /* pf_cli_fix.c */
int  pf_cli_undo(pf_cli_t *cli);     /* pf_cli_fix.c */
/* run --on-conflict fix: fix --apply on run's report (pf_cli_fix.c);
 * PF_OK, or PF_ERROR when nothing was applied (err says why) */
int  pf_cli_fix_for_run(pf_cli_t *cli, pf_report_t *r, pf_error_t *err);
int  pf_cli_run(pf_cli_t *cli);      /* pf_cli_run.c */
/* pf_cli_wait.c: takes --wait/--timeout SECONDS out of argv (-1 to go
 * on, or an exit code); the grace of check and run; the wait command. */
int  pf_cli_wait_options(int *argc, char **argv);
void pf_cli_grace(pf_report_t *r, FILE *out);
int  pf_cli_wait(pf_cli_t *cli);

#endif
