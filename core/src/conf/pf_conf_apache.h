/*
 * Apache httpd configuration: shared by the parts of the parser.  The
 * model is httpd 2.4's server/config.c and core.c: lines (with "\"
 * continuations) are read in order, ${VAR} is resolved on the whole line
 * when it is read, and the directives that httpd runs while reading
 * (Include, Define, ServerRoot, LoadModule, <IfDefine>, <IfModule>) take
 * effect at once, in file order.
 */
#ifndef PF_CONF_APACHE_H
#define PF_CONF_APACHE_H

#include "preflight_internal.h"
#include "conf/pf_conf.h"

typedef struct {
    const char *name;
    const char *value;       /* NULL: defined without a value (-D) */
} pf_ap_define_t;

/* A section open while reading: <VirtualHost>, <IfModule>, ... */
typedef struct {
    const char *name;        /* "VirtualHost", as written */
    const char *file;
    unsigned    line;
    int         conditional; /* <IfDefine>, <IfModule>, ...: transparent */
} pf_ap_section_t;

typedef struct {
    pf_conf_run_t  run;
    const char    *server_root;
    int            root_asked;   /* ask httpd for its compiled-in root at
                                    the first relative path (no -d, no
                                    ServerRoot line yet) */
    pf_array_t     defines;      /* pf_ap_define_t */
    pf_array_t     modules;      /* const char *: ids and source names of
                                    LoadModule'd modules */
    pf_array_t     sections;     /* pf_ap_section_t */
    pf_array_t     dirs;         /* const char *: realpaths of the
                                    directories being included */
    const char    *pid_file;     /* PidFile as written (vars resolved) */
    const char    *runtime_dir;  /* DefaultRuntimeDir, the same */
} pf_ap_t;

/* One logical line, trimmed, continuations joined. */
typedef struct {
    const char *file;
    unsigned    line;        /* its first physical line */
    char       *text;
    const char *undefined;   /* a ${VAR} left unresolved, or NULL */
} pf_ap_line_t;

/* Reads the logical lines of a file, in place (the text is ours). */
typedef struct {
    pf_ap_t    *ap;
    const char *name;
    char       *p;
    char       *end;
    unsigned    line;        /* next physical line */
} pf_ap_reader_t;

void  pf_ap_reader_init(pf_ap_reader_t *rd, pf_ap_t *ap,
                        pf_conf_file_t *f);
/* 1 and a line, 0 at the end of the file; comments and blank lines are
 * skipped. */
int   pf_ap_next_line(pf_ap_reader_t *rd, pf_ap_line_t *l);

/* ${NAME} and ${NAME?=default} from Define, then the environment, as
 * ap_resolve_env(); sets l->undefined for the first one left as is.
 * Returns PF_OK or PF_ENOMEM. */
int   pf_ap_resolve(pf_ap_t *ap, pf_ap_line_t *l);

/* The next word of *line as ap_getword_conf(): quotes and backslashes
 * honoured.  "" at the end.  NULL on OOM. */
char *pf_ap_word(pf_pool_t *pool, const char **line);

/* The first word, lower-cased, into buf (no allocation). */
void  pf_ap_directive(const char *text, char *buf, size_t len);

/* Conditions and the state they read. */
int   pf_ap_define(pf_ap_t *ap, const char *name, const char *value);
void  pf_ap_undefine(pf_ap_t *ap, const char *name);
const char *pf_ap_lookup(const pf_ap_t *ap, const char *name, int *found);
int   pf_ap_load_module(pf_ap_t *ap, const char *id, const char *file);
/* <IfDefine>, <IfModule>, <IfFile>, ...: 1 true, 0 false; for sections
 * that are not conditions, 1. */
int   pf_ap_condition(pf_ap_t *ap, const char *section, const char *arg);
int   pf_ap_is_conditional(const char *section);

/* The directives that matter here. */
int   pf_ap_listen(pf_ap_t *ap, pf_ap_line_t *l, const char *args);
int   pf_ap_include(pf_ap_t *ap, pf_ap_line_t *l, const char *args,
                    int optional);
int   pf_ap_server_root(pf_ap_t *ap, pf_ap_line_t *l, const char *args);
/* rel resolved against the ServerRoot in force (NULL: out of memory). */
char *pf_ap_path(pf_ap_t *ap, const char *rel);

/* Reads one file (or text) in the context of the sections open now. */
int   pf_ap_read(pf_ap_t *ap, pf_conf_file_t *f);
int   pf_ap_read_path(pf_ap_t *ap, const char *path, const char *from,
                      unsigned line);

#endif
