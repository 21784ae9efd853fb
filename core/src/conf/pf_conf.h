/*
 * Shared by the Apache and nginx configuration parsers: one run over a
 * configuration tree, with the bounds that keep a hostile tree from
 * making the parser loop, recurse or allocate without limit.
 */
#ifndef PF_CONF_H
#define PF_CONF_H

#include "preflight_internal.h"

/* Budgets, not counts a real server reaches: a shared-hosting tree of
 * 100,000 vhosts (one file each, each including a few shared snippets,
 * about 1 KiB apiece) needs 100,000 files, 500,000 reads, 500 MiB read
 * and about 100 MiB of memory.  Files are counted once however often
 * they are included (loops are the include stack's job); reads and bytes
 * count every inclusion, since each costs time. */
#define PF_CONF_MAX_INCLUDES    500000 /* distinct files besides the main
                                          one */
#define PF_CONF_MAX_READS       2000000 /* files opened in all */
#define PF_CONF_MAX_DEPTH       16     /* files open at once (nesting) */
#define PF_CONF_MAX_FILE        (16u * 1024 * 1024)
#define PF_CONF_MAX_TOTAL       (1024u * 1024 * 1024) /* bytes read in all */
#define PF_CONF_MAX_MEMORY      (512u * 1024 * 1024)  /* the pool's growth */
/* Wildcards walk directories: six of them from the root walk the whole
 * file system, /proc included, and a ".." after a wildcard lists the
 * same directories again for every match (httpd's ap_dir_fnmatch does
 * both, for minutes).  A tree of 100,000 vhosts in one directory,
 * included by a few wildcards, lists a few 100,000 names. */
#define PF_CONF_MAX_NAMES       2000000
#define PF_CONF_MAX_LINE        (64u * 1024)
#define PF_CONF_MAX_BLOCKS      100    /* nginx blocks / Apache sections
                                          open at once */

/* A hash set of strings (open addressing), each with a value. */
typedef struct {
    const char *key;
    const char *val;
} pf_conf_pair_t;

typedef struct {
    pf_conf_pair_t *slots;
    size_t          mask;    /* slots - 1 (a power of two) */
    size_t          n;
} pf_conf_set_t;

/* One file being read: its name (as errors show it) and text. */
typedef struct {
    const char *name;
    const char *real;        /* realpath, NULL for text in memory */
    char       *text;        /* malloc'd, NUL-terminated */
    size_t      len;
    int         owned;       /* text is ours to free */
} pf_conf_file_t;

/* What nginx compares when two listens name one socket
 * (ngx_http_add_addresses, ngx_stream_add_ports). */
typedef struct {
    unsigned    block;       /* the server block, counted from 1 */
    int         kind;        /* pf_conf_nginx_ctx_t of that block */
    int         default_server;
    int         options;     /* socket options (backlog=, reuseport, ...):
                                nginx's lsopt.set */
} pf_conf_listen_t;

typedef struct {
    pf_pool_t               *pool;
    const pf_conf_options_t *opts;
    pf_array_t              *out;        /* pf_target_t */
    size_t                   out_start;  /* targets before this run */
    pf_error_t              *err;
    pf_server_t              server;
    unsigned                 max_includes;  /* distinct files */
    unsigned                 max_depth;
    unsigned                 max_reads;
    size_t                   max_bytes;
    size_t                   max_memory;
    unsigned                 max_names;
    unsigned                 nnames;     /* directory entries listed so
                                            far (pf_conf_list_dir) */
    unsigned                 nincludes;  /* distinct files so far */
    unsigned                 nreads;     /* inclusions so far */
    size_t                   total;      /* bytes read so far */
    size_t                   pool_start; /* pf_pool_bytes at the start */
    pf_conf_set_t            files;      /* realpath -> the name it was
                                            first read by */
    pf_conf_set_t            dirs;       /* directory -> its realpath */
    size_t                  *tslot;      /* index of targets: out index
                                            + 1 per slot, 0 empty */
    size_t                  *tnext;      /* chain of equal keys, by out
                                            index - out_start */
    size_t                   tmask;
    size_t                   tcap;       /* room in tnext */
    pf_array_t               open;       /* const char *: realpaths of the
                                            files being read, outermost
                                            first */
    int                      merge_lines;/* keep an address once even
                                            across Apache Listen lines */
    const char              *pid_file;   /* PidFile / pid, resolved */
    pf_conf_listen_t         listen;     /* nginx: the listen being read */
    pf_array_t               listens;    /* pf_conf_listen_t of each target
                                            of out from out_start on */
} pf_conf_run_t;

int  pf_conf_run_init(pf_conf_run_t *run, pf_pool_t *pool,
                      const pf_conf_options_t *opts, pf_server_t server,
                      pf_array_t *out, pf_error_t *err);

/* Opens an included file: checks the limits and the loop stack, reads
 * it, checks its bytes.  from/line name the directive that asked (NULL
 * for the main file).  Pair with pf_conf_close. */
int  pf_conf_open(pf_conf_run_t *run, const char *path, const char *from,
                  unsigned line, pf_conf_file_t *f);
/* The same for text in memory (the *_text entry points). */
int  pf_conf_open_text(pf_conf_run_t *run, const char *name,
                       const char *text, size_t len, pf_conf_file_t *f);
void pf_conf_close(pf_conf_run_t *run, pf_conf_file_t *f);

/* The end of a run: on failure, no partial targets are left in out, and
 * an allocation failure gets a message too.  Returns rc. */
int  pf_conf_finish(pf_conf_run_t *run, int rc);

/* FNV-1a of s, continuing from h (2166136261u to start). */
size_t pf_conf_hash(const char *s, size_t h);

/* Adds a target, unless an equal one (address, port, proto) is already
 * there from this run: Apache refuses a duplicate Listen, nginx shares
 * one socket between servers; either way it is one bind to check. */
int  pf_conf_add_target(pf_conf_run_t *run, const pf_target_t *t);

/* Resolves spec ("80", "*:80", "[::1]:80", "host:80") with
 * pf_target_parse and adds each address with the fields of tmpl
 * (proto, v6only, reuseport, spelling, source, server).  family_any_as
 * says what "*" means: PF_FAMILY_ANY for Apache (dual stack),
 * PF_FAMILY_INET for nginx (0.0.0.0). */
int  pf_conf_add_spec(pf_conf_run_t *run, const char *spec,
                      const pf_target_t *tmpl, pf_family_t family_any_as,
                      const char *file, unsigned line);

/* "FILE:LINE" in the pool. */
const char *pf_conf_source(pf_conf_run_t *run, const char *file,
                           unsigned line);

/* Path helpers (common code; separators from pf_fs_is_sep). */
char *pf_conf_join(pf_pool_t *pool, const char *dir, const char *rel);
char *pf_conf_dirname(pf_pool_t *pool, const char *path);
const char *pf_conf_basename(const char *path);

/* ASCII case-insensitive compare (strcasecmp is not C99). */
int  pf_conf_casecmp(const char *a, const char *b);
/* Pure: HTTPD_ROOT from the text `httpd -V` prints; NULL when absent. */
char *pf_conf_httpd_root_from_v(pf_pool_t *pool, const char *text);

/* Wildcards. */
#define PF_FNM_PERIOD   0x01   /* a leading '.' must be matched by '.' */

int  pf_conf_has_wildcard(const char *s);
/* 1 when name matches pattern (*, ?, [set], [!set], [^set], \c). */
int  pf_conf_fnmatch(const char *pattern, const char *name, unsigned flags);

/* Lists a directory for a wildcard or an included directory, within the
 * budget of names.  Its error names no file: pf_conf_error_at then gives
 * the error (this one or pf_conf_glob's) the directive's file and line. */
int  pf_conf_list_dir(pf_conf_run_t *run, const char *dir,
                      pf_array_t *names);
void pf_conf_error_at(pf_conf_run_t *run, const char *file, unsigned line);

/* Every existing path matching pattern (wildcards in any component after
 * the first), appended to out (const char *), each directory level
 * sorted by strcmp.  A component other than the last only matches
 * directories.  A directory that cannot be listed: ENOENT-like absence
 * gives no match; other failures an error. */
int  pf_conf_glob(pf_conf_run_t *run, const char *pattern, unsigned flags,
                  pf_array_t *out);

#endif
