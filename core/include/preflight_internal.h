/*
 * The core's internals that its parts, the command (cli-shim/) and the
 * tests share: configuration parsers, terminals, the pipeline's steps,
 * rendering, remedies and plans, `preflight run`, and text helpers.  Not
 * for a server module: it includes preflight.h, the host interface.
 */
#ifndef PREFLIGHT_INTERNAL_H
#define PREFLIGHT_INTERNAL_H

#include "preflight.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------
 * Configuration files.  Both append pf_target_t to `out`.
 */
typedef struct {
    const char *server_root;       /* Apache -d; NULL: from the file */
    const char *const *defines;    /* Apache -D names, NULL-terminated */
    const char *prefix;            /* nginx -p; NULL: from the file */
    int         is_root;           /* nginx: a server without listen
                                      means *:80 as root, *:8000 else */
    unsigned    max_includes;      /* distinct included files; 0: a
                                      default for 100,000 vhosts */
    unsigned    max_depth;         /* 0: a safe default */
    const char *httpd_exe;         /* Apache: the httpd whose compiled-in
                                      ServerRoot (-V: HTTPD_ROOT) applies
                                      when neither -d nor a ServerRoot
                                      line says; NULL: guessed from the
                                      file's place */
    unsigned    max_reads;         /* inclusions in all (a snippet each
                                      time); 0: default */
    size_t      max_bytes;         /* bytes read in all; 0: default */
    unsigned    max_names;         /* directory entries listed by
                                      wildcards and included directories
                                      in all; 0: default */
    size_t      max_memory;        /* memory the run may take; 0: default */
} pf_conf_options_t;

int pf_conf_apache(pf_pool_t *pool, const char *path,
                   const pf_conf_options_t *opts, pf_array_t *out,
                   pf_error_t *err);
int pf_conf_nginx(pf_pool_t *pool, const char *path,
                  const pf_conf_options_t *opts, pf_array_t *out,
                  pf_error_t *err);
/* A configuration file in memory: the name it goes by (in errors and
 * sources, and the directory relative includes start from; NULL: a
 * default) and its text, which need not end in a NUL.  The parsers of
 * servers' and systemd's files take it. */
typedef struct {
    const char *name;
    const char *text;      /* NULL: empty */
    size_t      len;
} pf_conf_text_t;

/* pf_conf_apache() and pf_conf_nginx() from text in memory (for tests
 * and fuzzing); includes are resolved on disk. */
int pf_conf_apache_text(pf_pool_t *pool, const pf_conf_text_t *conf,
                        const pf_conf_options_t *opts, pf_array_t *out,
                        pf_error_t *err);
int pf_conf_nginx_text(pf_pool_t *pool, const pf_conf_text_t *conf,
                       const pf_conf_options_t *opts, pf_array_t *out,
                       pf_error_t *err);

/* Targets from this platform's usual Apache and nginx configurations
 * (those that exist), otherwise ports 80 and 443. */
int pf_targets_default(pf_pool_t *pool, const pf_conf_options_t *opts,
                       pf_array_t *out, pf_error_t *err);

/* root, or an elevated administrator on Windows */
int         pf_is_admin(void);
/* Standard stream 0, 1 or 2 is a terminal (colour, confirmation). */
int         pf_is_terminal(int fd);
/* Stream fd shows UTF-8 (the locale's charset on Unix, after the caller's
 * setlocale(LC_CTYPE, ""); the console code page on Windows). */
int         pf_output_utf8(int fd);
/* Colour escapes show on standard stream fd: a terminal on Unix; on
 * Windows a console where VT processing could be turned on (its mode is
 * put back at exit). */
int         pf_terminal_color(int fd);
/* Writes UTF-8 text to standard stream fd when it is a Windows console,
 * as UTF-16 (WriteConsoleW); PF_ERROR when fd is not one (write the bytes
 * then), and always on Unix. */
int         pf_write_console(int fd, const char *text, size_t len);
/* argc/argv as UTF-8: on Windows from the wide command line (main's argv
 * lost what the ANSI code page cannot hold); unchanged elsewhere. */
int         pf_args_utf8(int *argc, char ***argv);
/* The server binary a setcap-style remedy names; NULL when unknown. */
const char *pf_server_default_exe(pf_server_t s);
/* A short grace for ports whose holder is exiting: polls the bind test
 * of every failed target (every 50 ms) until it binds or `ms` have
 * passed.  A target that binds is marked released, with waited_ms set;
 * the others are explained again (gather unless no_facts, diagnose), as
 * they are now.  Returns how many still fail. */
unsigned     pf_report_wait(pf_report_t *r, unsigned ms);
/* "waited 0.4 s for 127.0.0.1:8080, held by PID 12 (nginx), to be
 * released", one line per target waited for (prefix first). */
void         pf_render_wait_text(const pf_report_t *r, const char *prefix,
                                 pf_buf_t *out);

/* Pure: facts in, findings out (appends to c->findings). */
int pf_diagnose(pf_pool_t *pool, const pf_context_t *ctx,
                const pf_host_facts_t *host, pf_check_t *c);
/* Targets of an Apache and an nginx configuration that ask for the same
 * socket: a config-clash finding on each, free or not (a conflict). */
int pf_diagnose_clashes(pf_pool_t *pool, const pf_context_t *ctx,
                        const pf_host_facts_t *host, pf_array_t *checks);

/* Helpers for tests and the platform layers that build facts by hand. */
void pf_host_facts_init(pf_host_facts_t *h, pf_pool_t *pool);
void pf_target_facts_init(pf_target_facts_t *f, pf_pool_t *pool);
void pf_process_init(pf_process_t *p, pf_pool_t *pool);
void pf_listener_init(pf_listener_t *l, pf_pool_t *pool);
void pf_request_queue_init(pf_request_queue_t *q, pf_pool_t *pool);
void pf_context_init(pf_context_t *ctx, pf_pool_t *pool);
pf_process_t *pf_facts_find_process(const pf_target_facts_t *f, long pid);

/* Recorded `netsh` output (a capture from a bug report) into the facts
 * the Windows layer derives from netsh's live answer, through the same
 * parsers, on any system: for `--facts` replays and the case corpus
 * (tests/cases/).  Unreadable text is a note and PF_KNOWN_FAILED, as on
 * the host; PF_ENOMEM is the only error.  servicestate: the request
 * queues with a URL on c's port (replacing any), their services from
 * c->facts.services by PID.  excluded: appends the ranges of `fam`. */
int pf_facts_netsh_servicestate(pf_pool_t *pool, const char *text,
                                size_t len, pf_check_t *c);
int pf_facts_netsh_excluded(pf_pool_t *pool, const char *text, size_t len,
                            pf_family_t fam, pf_host_facts_t *h);

/* ---------------------------------------------------------------------
 * Render.
 */
#define PF_RENDER_COLOR     0x01
#define PF_RENDER_QUIET     0x02  /* only targets that cannot be bound */
#define PF_RENDER_VERBOSE   0x04  /* all evidence and notes */
#define PF_RENDER_ASCII     0x08  /* no UTF-8 glyphs */

void pf_render_text(const pf_report_t *r, unsigned flags, pf_buf_t *out);
/* One check, as the lines a server module logs (no colour). */
void pf_render_check_text(const pf_report_t *r, const pf_check_t *c,
                          unsigned flags, pf_buf_t *out);
void pf_render_json(const pf_report_t *r, pf_buf_t *out);
void pf_render_facts_json(const pf_report_t *r, pf_buf_t *out);

/* A server module's remedies (pf_host_check() calls it): see
 * pf_remedy_mode_t in preflight.h. */
int pf_remedy_for_server(pf_report_t *r, pf_remedy_mode_t mode,
                         const pf_array_t *allow, pf_buf_t *out,
                         pf_error_t *err);

/* ---------------------------------------------------------------------
 * Remedies for `preflight fix` and `preflight undo`: plan (pure), apply
 * through the platform's executor, journal every change before it is
 * made, undo from the journal.
 */
typedef enum {
    PF_STEP_RUN = 0,         /* applied with --apply */
    PF_STEP_MANUAL,          /* CHANGE_PORT: a config change to make */
    PF_STEP_ADVICE,          /* NONE: commands to run by hand, never run */
    PF_STEP_REFUSED,         /* would act, but refusal says why not */
    PF_STEP_SKIPPED          /* not in the allow list of a module */
} pf_step_kind_t;

typedef struct {
    pf_step_kind_t      kind;
    const pf_remedy_t  *remedy;
    const pf_finding_t *finding;
    const pf_check_t   *check;
    const char         *targets;    /* "0.0.0.0:80, [::]:80" */
    const char         *change;     /* "unit x.service: active -> inactive" */
    const char         *refusal;    /* why it will not run */
    const char         *start_type; /* Windows: known start type, or NULL */
    int                 applied;    /* 1 done, -1 failed, 0 not run */
    const char         *result;     /* what applying said */
} pf_step_t;

typedef struct {
    pf_array_t   steps;       /* pf_step_t */
    unsigned     conflicts;   /* targets that cannot be bound */
    unsigned     uncovered;   /* of those, with no step that can run */
    int          windows;     /* words for the rights refusal */
    pf_report_t *report;      /* the report planned from: apply gathers
                                 its facts again and proves each step's
                                 subject once more */
} pf_plan_t;

typedef struct {
    const char       *remedy;    /* "ID" or "ID@TARGET"; NULL: default */
    int               is_admin;
    const pf_array_t *allow;     /* const char *; NULL: no allow list */
} pf_plan_options_t;

/* Pure: findings of r in, steps out.  PF_ERROR when --remedy names no
 * remedy of any conflicting finding (err says which exist). */
int  pf_plan_build(pf_report_t *r, const pf_plan_options_t *o,
                   pf_plan_t *plan, pf_error_t *err);
/* Lines for people; each starts with prefix ("" or "preflight: "). */
void pf_plan_render_text(const pf_plan_t *plan, const char *prefix,
                         pf_buf_t *out);
/* report: the check's JSON object (pf_render_json), embedded as "report"
 * when not NULL. */
void pf_plan_render_json(const pf_plan_t *plan, int apply, const char *report,
                         pf_buf_t *out);
unsigned pf_plan_count(const pf_plan_t *plan, pf_step_kind_t kind);

const char *pf_action_name(pf_action_t a);

/* What changes the system: the platform's (systemd on Linux, the SCM
 * and HTTP.sys on Windows), or a fake in the tests. */
typedef struct pf_executor_s pf_executor_t;

/* The real executor of this platform (core/src/unix/pf_unix_remedy.c,
 * core/src/win/pf_win_remedy.c). */
const pf_executor_t *pf_executor_platform(void);
/* Whether this process has the rights ex's changes need, and their name
 * ("root", "an elevated Administrator prompt"). */
int         pf_executor_is_admin(const pf_executor_t *ex);
const char *pf_executor_rights(const pf_executor_t *ex);

/* Where apply and undo work: the executor that changes the system, the
 * journal (NULL: the platform's state directory), and the lines they
 * write as they go (each after prefix, NULL ""). */
typedef struct {
    pf_pool_t           *pool;
    const pf_executor_t *ex;
    const char          *journal;
    const char          *prefix;
    pf_buf_t            *out;
} pf_apply_ctx_t;

int  pf_plan_apply(const pf_apply_ctx_t *ctx, pf_plan_t *plan,
                   pf_error_t *err);

/* The journal's entries still to undo, loaded; *path is set. PF_OK with
 * an empty array when there is no journal. */
int  pf_undo_load(pf_pool_t *pool, const char *journal_path,
                  const char **path, pf_array_t *entries, pf_error_t *err);
void pf_undo_render(const pf_array_t *entries, pf_buf_t *out);
/* Restores, newest first, marks each entry undone, archives the journal
 * when everything is undone (*archived names where it went). */
int  pf_undo_apply(const pf_apply_ctx_t *ctx, pf_array_t *entries,
                   const char **archived, pf_error_t *err);
unsigned pf_undo_pending(const pf_array_t *entries);
/* Entries not yet undone that preflight could not have written (a name
 * outside the unit/service grammar, a change fix never makes): undo
 * refuses to apply any entry while one is left. */
unsigned pf_undo_refused(pf_pool_t *pool, const pf_array_t *entries);


/* ---------------------------------------------------------------------
 * `preflight run`: find the server and its configuration in a launcher's
 * command line, then run it with signals passed on.
 */
typedef struct {
    pf_server_t  server;         /* PF_SERVER_ANY: not a server we know */
    const char  *conf_path;      /* NULL: no configuration found */
    const char  *server_root;    /* Apache -d */
    const char  *prefix;         /* nginx -p */
    pf_array_t   defines;        /* const char *: Apache -D */
} pf_run_server_t;

/* Pure: reads argv as httpd / apache2 / nginx would (-f -d -D, -c -p)
 * and fills out.  Relative paths are resolved the way the server does. */
int pf_run_detect(pf_pool_t *pool, int argc, char *const *argv,
                  pf_run_server_t *out, pf_error_t *err);

/* Pure: one argument quoted for a Windows command line, so that
 * CommandLineToArgvW gives it back unchanged. */
void pf_run_quote_arg(pf_buf_t *out, const char *arg);

typedef struct pf_child_s pf_child_t;

/* Starts argv[0] (searched in PATH) with this process's standard
 * streams; from then on the signals a launcher receives are passed on. */
int pf_run_start(pf_pool_t *pool, char *const *argv, pf_child_t **child,
                 pf_error_t *err);
/* Waits for it; *status is its exit code (128 + signal on Unix) and
 * *seconds how long it ran. */
int pf_run_wait(pf_child_t *child, int *status, double *seconds,
                pf_error_t *err);

/* Pure: the pid a pid file's text names (pf_self_pid_file(), preflight.h):
 * decimal digits, then only white space.  name is what errors call the
 * text.  PF_OK with *pid > 0, or PF_ERROR saying what was found. */
int pf_self_pid_parse(const char *name, const char *text, size_t len,
                      long *pid, pf_error_t *err);

/* JSON string escaping, for every JSON the core writes. */
void pf_json_str(pf_buf_t *out, const char *s);

/* Untrusted text stays inert: s with every control character (C0, DEL,
 * C1 as UTF-8) written as a visible escape ("\x1b", "\r", "\n"), for
 * every system string that text output, plans and logs print. */
void pf_buf_inert(pf_buf_t *out, const char *s);
/* The same into a pool string (NULL on allocation failure). */
const char *pf_inert(pf_pool_t *pool, const char *s);
/* err's message and file made inert in place, for a host that logs them
 * as they are (they quote units, services, paths). */
void pf_error_inert(pf_pool_t *pool, pf_error_t *err);

/* Names preflight may put into a command or act on: a systemd unit name
 * (unit-name characters, a known suffix, no '/', no leading '-') and a
 * Windows service name (letters, digits, "_-.$@#+{}" and space). */
int pf_unit_name_ok(const char *s);
int pf_service_name_ok(const char *s);
/* One word for POSIX sh (single-quoted when needed) or for cmd.exe
 * (double-quoted when it holds a space); NULL when it cannot be made
 * safe (a control character, or for cmd.exe a metacharacter). */
const char *pf_sh_quote(pf_pool_t *pool, const char *s);
const char *pf_cmd_quote(pf_pool_t *pool, const char *s);

/* ---------------------------------------------------------------------
 * pf_report_explain(), pf_remedy_for_server() and pf_conf_nginx() as a
 * module reaches them (through pf_lazy_host, preflight.h): on Linux the
 * module carries the probe only and these open preflight-core.so, next to
 * the module, on first use (core/src/unix/pf_unix_lazy.c); a core that
 * cannot be opened leaves each failed check an "unknown" finding saying
 * why.  On Windows they call the core directly
 * (core/src/win/pf_win_lazy.c).  Each has one body per platform, never
 * two in one link.
 */
int  pf_lazy_report_explain(pf_report_t *r);
int  pf_lazy_remedy_for_server(pf_report_t *r, pf_remedy_mode_t mode,
                               const pf_array_t *allow, pf_buf_t *out,
                               pf_error_t *err);
int  pf_lazy_conf_nginx(pf_pool_t *pool, const char *path,
                        const pf_conf_options_t *opts, pf_array_t *out,
                        pf_error_t *err);

/* pf_host_core_t (preflight.h): pf_host_direct (core/src/pf_host_direct.c)
 * calls the core's functions; pf_lazy_host (core/src/unix/pf_unix_lazy.c)
 * their stand-ins, which open the core on first use. */
struct pf_host_core_s {
    int   (*explain)(pf_report_t *r);
    int   (*remedy_for_server)(pf_report_t *r, pf_remedy_mode_t mode,
                               const pf_array_t *allow, pf_buf_t *out,
                               pf_error_t *err);
    int   (*conf_nginx)(pf_pool_t *pool, const char *path,
                        const pf_conf_options_t *opts, pf_array_t *out,
                        pf_error_t *err);
};

#ifdef __cplusplus
}
#endif

#endif /* PREFLIGHT_INTERNAL_H */
