/*
 * `--facts FILE`: reads the JSON `preflight facts` writes
 * (core/src/render/pf_render_facts_json.c) back into a pf_report_t.
 *
 * Each struct of the facts model is a table of fields (key, kind,
 * offset), so the reader is one loop: a key the table does not know is an
 * error, not something skipped, because a fact the writer learns and the
 * reader drops would make a replay differ from the host without a word.
 * A missing key keeps the model's "unknown" (pf_*_init), so a small
 * hand-written file is enough for a case.  Every error names the file and
 * the JSON path ($.targets[0].facts.listeners[1].pid) and what was
 * expected there; the syntax errors of json-c name the line.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_cli_replay.h"

#define PF_REPLAY_MAX_FILE  (16L * 1024 * 1024)

#ifndef PF_HAVE_JSON_C

int
pf_replay_available(void)
{
    return 0;
}

int
pf_replay_parse(pf_report_t *r, const char *name, const char *dir,
                const char *text, size_t len, pf_error_t *err)
{
    pf_error_set(err, name, 0, "this preflight was built without json-c, "
                 "so it cannot read --facts");
    return PF_ERROR;
}

#else

#include <json.h>

int
pf_replay_available(void)
{
    return 1;
}

#ifdef PF_JSONC_SONAME
/*
 * json-c is opened here, when a --facts file is read, and never linked:
 * every other run of the CLI (a healthy check above all) would pay for
 * loading it and binding its symbols (issue 22).  The names below stand
 * for json-c's own in the rest of this file.
 */
#include <dlfcn.h>

static struct {
    json_object *(*array_get_idx)(const json_object *, size_t);
    size_t (*array_length)(const json_object *);
    json_bool (*get_boolean)(const json_object *);
    int64_t (*get_int64)(const json_object *);
    const char *(*get_string)(json_object *);
    int (*get_string_len)(const json_object *);
    enum json_type (*get_type)(const json_object *);
    int (*is_type)(const json_object *, enum json_type);
    struct lh_table *(*get_object)(const json_object *);
    json_bool (*object_get_ex)(const json_object *, const char *,
                               json_object **);
    int (*put)(json_object *);
    const char *(*error_desc)(enum json_tokener_error);
    void (*tok_free)(json_tokener *);
    enum json_tokener_error (*tok_get_error)(json_tokener *);
    size_t (*tok_parse_end)(json_tokener *);
    json_tokener *(*tok_new)(void);
    json_object *(*tok_parse_ex)(json_tokener *, const char *, int);
    const char *(*type_to_name)(enum json_type);
} pf_jc;

static const struct {
    const char *name;
    void      **slot;
} pf_jc_symbols[] = {
    { "json_object_array_get_idx", (void **) &pf_jc.array_get_idx },
    { "json_object_array_length", (void **) &pf_jc.array_length },
    { "json_object_get_boolean", (void **) &pf_jc.get_boolean },
    { "json_object_get_int64", (void **) &pf_jc.get_int64 },
    { "json_object_get_string", (void **) &pf_jc.get_string },
    { "json_object_get_string_len", (void **) &pf_jc.get_string_len },
    { "json_object_get_type", (void **) &pf_jc.get_type },
    { "json_object_is_type", (void **) &pf_jc.is_type },
    { "json_object_get_object", (void **) &pf_jc.get_object },
    { "json_object_object_get_ex", (void **) &pf_jc.object_get_ex },
    { "json_object_put", (void **) &pf_jc.put },
    { "json_tokener_error_desc", (void **) &pf_jc.error_desc },
    { "json_tokener_free", (void **) &pf_jc.tok_free },
    { "json_tokener_get_error", (void **) &pf_jc.tok_get_error },
    { "json_tokener_get_parse_end", (void **) &pf_jc.tok_parse_end },
    { "json_tokener_new", (void **) &pf_jc.tok_new },
    { "json_tokener_parse_ex", (void **) &pf_jc.tok_parse_ex },
    { "json_type_to_name", (void **) &pf_jc.type_to_name },
};

#define json_object_array_get_idx   pf_jc.array_get_idx
#define json_object_array_length    pf_jc.array_length
#define json_object_get_boolean     pf_jc.get_boolean
#define json_object_get_int64       pf_jc.get_int64
#define json_object_get_string      pf_jc.get_string
#define json_object_get_string_len  pf_jc.get_string_len
#define json_object_get_type        pf_jc.get_type
#define json_object_is_type         pf_jc.is_type
#define json_object_get_object      pf_jc.get_object
#define json_object_object_get_ex   pf_jc.object_get_ex
#define json_object_put             pf_jc.put
#define json_tokener_error_desc     pf_jc.error_desc
#define json_tokener_free           pf_jc.tok_free
#define json_tokener_get_error      pf_jc.tok_get_error
#define json_tokener_get_parse_end  pf_jc.tok_parse_end
#define json_tokener_new            pf_jc.tok_new
#define json_tokener_parse_ex       pf_jc.tok_parse_ex
#define json_type_to_name           pf_jc.type_to_name

static int
pf_jc_load(const char *name, pf_error_t *err)
{
    static void *lib;
    const char  *why;
    size_t       i;

    if (lib != NULL) {
        return PF_OK;
    }
    lib = dlopen(PF_JSONC_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        why = dlerror();
        pf_error_set(err, name, 0, "reading --facts needs json-c, which "
                     "cannot be loaded (%s); install it (Debian: libjson-c5, "
                     "Fedora: json-c)", why ? why : PF_JSONC_SONAME);
        return PF_ERROR;
    }
    for (i = 0; i < sizeof(pf_jc_symbols) / sizeof(pf_jc_symbols[0]); i++) {
        *pf_jc_symbols[i].slot = dlsym(lib, pf_jc_symbols[i].name);
        if (*pf_jc_symbols[i].slot == NULL) {
            pf_error_set(err, name, 0, "reading --facts needs json-c, and "
                         "%s has no %s (too old a json-c?)", PF_JSONC_SONAME,
                         pf_jc_symbols[i].name);
            dlclose(lib);
            lib = NULL;
            return PF_ERROR;
        }
    }
    return PF_OK;
}

#else

static int
pf_jc_load(const char *name, pf_error_t *err)
{
    (void) name;
    (void) err;
    return PF_OK;           /* linked */
}

#endif

typedef struct pf_fr_s pf_fr_t;

typedef enum {
    PF_FR_STR = 0,     /* const char *, null allowed */
    PF_FR_ADDR,        /* char[PF_ADDRSTRLEN], null: "" */
    PF_FR_LONG,        /* long, null: -1 */
    PF_FR_INT,         /* int, null: -1 */
    PF_FR_ERRNO,       /* int, null: 0 */
    PF_FR_PORT,        /* unsigned 0..65535, null: 0 */
    PF_FR_ULONG,       /* unsigned long, null: 0 */
    PF_FR_BOOL,        /* int 0 or 1 */
    PF_FR_TRI,         /* int: null -1, false 0, true 1 */
    PF_FR_SELINUX,     /* int: null -1, "permissive" 0, "enforcing" 1 */
    PF_FR_KNOWN,       /* pf_known_t */
    PF_FR_FAMILY,      /* pf_family_t */
    PF_FR_PROTO,       /* pf_proto_t */
    PF_FR_SERVER,      /* pf_server_t */
    PF_FR_STATUS,      /* pf_status_t */
    PF_FR_ERRSPACE,    /* pf_errspace_t */
    PF_FR_UNITKIND,    /* pf_unit_kind_t: null PF_UNIT_NONE */
    PF_FR_SOCKFILE,    /* pf_sockfile_t: null PF_SOCKFILE_UNKNOWN */
    PF_FR_STRS,        /* pf_array_t of const char * */
    PF_FR_STRS_NULL,   /* the same, null kept as NULL (parallel arrays:
                          a queue's images, one per PID) */
    PF_FR_LONGS,       /* pf_array_t of long */
    PF_FR_LIST,        /* pf_array_t of structs: sub */
    PF_FR_OBJ,         /* an embedded struct: sub */
    PF_FR_SKIP         /* known, not read here */
} pf_fr_kind_t;

typedef struct pf_fr_struct_s pf_fr_struct_t;

typedef struct {
    const char           *key;
    pf_fr_kind_t          kind;
    size_t                offset;
    const pf_fr_struct_t *sub;
} pf_fr_field_t;

struct pf_fr_struct_s {
    size_t               size;          /* element size, for PF_FR_LIST */
    void               (*init)(pf_fr_t *fr, void *elt);
    const pf_fr_field_t *fields;
};

struct pf_fr_s {
    pf_report_t  *r;
    const char   *name;          /* the file, for errors */
    pf_error_t   *err;
    char          path[512];     /* JSON path of the value being read */
};

/* ---------------------------------------------------------------------
 * Errors and paths
 */
static int
pf_fr_fail(pf_fr_t *fr, const char *expected, json_object *found)
{
    const char *what = found == NULL ? "null"
                       : json_type_to_name(json_object_get_type(found));

    pf_error_set(fr->err, fr->name, 0, "%s: expected %s, found %s",
                 fr->path, expected, what);
    return PF_ERROR;
}

/* Appends ".key" or "[i]" to the path; returns the old length. */
static size_t
pf_fr_push(pf_fr_t *fr, const char *key, size_t index)
{
    size_t n = strlen(fr->path);

    if (key != NULL) {
        snprintf(fr->path + n, sizeof(fr->path) - n, ".%s", key);
    } else {
        snprintf(fr->path + n, sizeof(fr->path) - n, "[%lu]",
                 (unsigned long) index);
    }
    return n;
}

static void
pf_fr_pop(pf_fr_t *fr, size_t n)
{
    fr->path[n] = '\0';
}

/* ---------------------------------------------------------------------
 * Scalars
 */
static int
pf_fr_integer(pf_fr_t *fr, json_object *v, long min, long max,
              long null_value, long *out)
{
    int64_t i;

    if (v == NULL) {
        *out = null_value;
        return PF_OK;
    }
    if (!json_object_is_type(v, json_type_int)) {
        return pf_fr_fail(fr, "a whole number or null", v);
    }
    errno = 0;
    i = json_object_get_int64(v);
    if (errno != 0 || i < min || i > max) {
        pf_error_set(fr->err, fr->name, 0, "%s: expected a number from %ld "
                     "to %ld, found %s", fr->path, min, max,
                     json_object_get_string(v));
        return PF_ERROR;
    }
    *out = (long) i;
    return PF_OK;
}

static int
pf_fr_string(pf_fr_t *fr, json_object *v, int nullable, const char **out)
{
    if (v == NULL && nullable) {
        *out = NULL;
        return PF_OK;
    }
    if (!json_object_is_type(v, json_type_string)) {
        return pf_fr_fail(fr, nullable ? "a string or null" : "a string", v);
    }
    *out = pf_pstrndup(fr->r->pool, json_object_get_string(v),
                       (size_t) json_object_get_string_len(v));
    if (*out == NULL) {
        pf_error_set(fr->err, fr->name, 0, "out of memory");
        return PF_ENOMEM;
    }
    return PF_OK;
}

/* One of the words in `names` (NULL-terminated); *out its index. */
static int
pf_fr_word_of(pf_fr_t *fr, const char *s, const char *const *names,
              const char *expected, int *out)
{
    int i;

    for (i = 0; names[i] != NULL; i++) {
        if (names[i][0] != '\0' && strcmp(s, names[i]) == 0) {
            *out = i;
            return PF_OK;
        }
    }
    pf_error_set(fr->err, fr->name, 0, "%s: expected %s, found \"%.64s\"",
                 fr->path, expected, s);
    return PF_ERROR;
}

static int
pf_fr_word(pf_fr_t *fr, json_object *v, const char *const *names,
           const char *expected, int *out)
{
    if (!json_object_is_type(v, json_type_string)) {
        return pf_fr_fail(fr, expected, v);
    }
    return pf_fr_word_of(fr, json_object_get_string(v), names, expected,
                         out);
}

static int
pf_fr_bool(pf_fr_t *fr, json_object *v, int tri, int *out)
{
    if (v == NULL && tri) {
        *out = -1;
        return PF_OK;
    }
    if (!json_object_is_type(v, json_type_boolean)) {
        return pf_fr_fail(fr, tri ? "true, false or null" : "true or false",
                          v);
    }
    *out = json_object_get_boolean(v) ? 1 : 0;
    return PF_OK;
}

static int
pf_fr_addr(pf_fr_t *fr, json_object *v, char *out)
{
    const char *s, *p;

    if (pf_fr_string(fr, v, 1, &s) != PF_OK) {
        return PF_ERROR;
    }
    /* numeric addresses ("::1", "fe80::1%eth0", "*"): printable ASCII,
     * which the writer writes back byte for byte */
    for (p = s; p != NULL && *p > 0x20 && *p < 0x7F; p++) {
        /* nothing */
    }
    if (s != NULL && (*p != '\0' || p - s >= PF_ADDRSTRLEN)) {
        pf_error_set(fr->err, fr->name, 0, "%s: expected a numeric address "
                     "of at most %d characters", fr->path,
                     PF_ADDRSTRLEN - 1);
        return PF_ERROR;
    }
    strcpy(out, s != NULL ? s : "");
    return PF_OK;
}

/* ---------------------------------------------------------------------
 * Enumerations: the words pf_render_facts_json writes.
 */
static const char *const pf_fr_known[] = { "no", "yes", "failed", NULL };
static const char *const pf_fr_proto[] = { "tcp", "udp", NULL };
static const char *const pf_fr_server[] = { "any", "apache", "nginx", NULL };
static const char *const pf_fr_errspace[] = { "posix", "winsock", NULL };
static const char *const pf_fr_selinux[] = { "permissive", "enforcing",
                                             NULL };
/* index = the enum's value; "" is PF_UNIT_NONE / PF_SOCKFILE_UNKNOWN,
 * written as null */
static const char *const pf_fr_unitkind[] = {
    "", "system", "delegated", "user", "scope", "container", NULL
};
static const char *const pf_fr_sockfile[] = {
    "", "none", "live", "stale", "not-socket", "no-dir", NULL
};

static int
pf_fr_family(pf_fr_t *fr, json_object *v, pf_family_t *out)
{
    static const char *const names[] = { "any", "inet", "inet6", "unix",
                                         NULL };
    int i;

    if (pf_fr_word(fr, v, names, "\"any\", \"inet\", \"inet6\" or "
                   "\"unix\"", &i) != PF_OK)
    {
        return PF_ERROR;
    }
    *out = i == 1 ? PF_FAMILY_INET : i == 2 ? PF_FAMILY_INET6
           : i == 3 ? PF_FAMILY_UNIX : PF_FAMILY_ANY;
    return PF_OK;
}

static int
pf_fr_status(pf_fr_t *fr, json_object *v, pf_status_t *out)
{
    const char *names[PF_STATUS_CLASH + 2];
    int         i;

    /* every status pf_status_name writes, "clash" (the last) included */
    for (i = 0; i <= PF_STATUS_CLASH; i++) {
        names[i] = pf_status_name((pf_status_t) i);
    }
    names[i] = NULL;
    if (pf_fr_word(fr, v, names, "a status (\"free\", \"in-use\", "
                   "\"denied\", ...)", &i) != PF_OK)
    {
        return PF_ERROR;
    }
    *out = (pf_status_t) i;
    return PF_OK;
}

/* ---------------------------------------------------------------------
 * Lists and structs
 */
static int pf_fr_struct(pf_fr_t *fr, json_object *obj,
                        const pf_fr_struct_t *st, void *base);

static int
pf_fr_array(pf_fr_t *fr, json_object *v, pf_array_t *a, size_t size)
{
    if (!json_object_is_type(v, json_type_array)) {
        return pf_fr_fail(fr, "an array", v);
    }
    if (a->pool == NULL
        && pf_array_init(a, fr->r->pool, 0, size) != PF_OK)
    {
        pf_error_set(fr->err, fr->name, 0, "out of memory");
        return PF_ENOMEM;
    }
    a->nelts = 0;    /* the file's list replaces the default */
    return PF_OK;
}

static void *
pf_fr_push_elt(pf_fr_t *fr, pf_array_t *a)
{
    void *e = pf_array_push(a);

    if (e == NULL) {
        pf_error_set(fr->err, fr->name, 0, "out of memory");
    }
    return e;
}

static int
pf_fr_list(pf_fr_t *fr, json_object *v, const pf_fr_field_t *f, void *slot)
{
    pf_array_t *a = slot;
    size_t      i, n, mark;
    int         rc = PF_OK;

    if (pf_fr_array(fr, v, a, f->kind == PF_FR_STRS
                    || f->kind == PF_FR_STRS_NULL ? sizeof(char *)
                    : f->kind == PF_FR_LONGS ? sizeof(long) : f->sub->size)
        != PF_OK)
    {
        return PF_ERROR;
    }
    n = json_object_array_length(v);
    for (i = 0; rc == PF_OK && i < n; i++) {
        json_object *e = json_object_array_get_idx(v, i);
        void        *elt = pf_fr_push_elt(fr, a);
        long         l;

        if (elt == NULL) {
            return PF_ENOMEM;
        }
        mark = pf_fr_push(fr, NULL, i);
        if (f->kind == PF_FR_STRS || f->kind == PF_FR_STRS_NULL) {
            rc = pf_fr_string(fr, e, f->kind == PF_FR_STRS_NULL,
                              (const char **) elt);
        } else if (f->kind == PF_FR_LONGS) {
            l = 0;
            rc = json_object_is_type(e, json_type_int)
                 ? pf_fr_integer(fr, e, LONG_MIN, LONG_MAX, 0, &l)
                 : pf_fr_fail(fr, "a whole number", e);
            *(long *) elt = l;
        } else {
            if (f->sub->init != NULL) {
                f->sub->init(fr, elt);
            }
            rc = pf_fr_struct(fr, e, f->sub, elt);
        }
        pf_fr_pop(fr, mark);
    }
    return rc;
}

static int
pf_fr_value(pf_fr_t *fr, json_object *v, const pf_fr_field_t *f, void *base)
{
    void *p = (char *) base + f->offset;
    long  l;
    int   i, rc;

    switch (f->kind) {
    case PF_FR_STR:
        return pf_fr_string(fr, v, 1, (const char **) p);
    case PF_FR_ADDR:
        return pf_fr_addr(fr, v, p);
    case PF_FR_LONG:
        rc = pf_fr_integer(fr, v, -1, LONG_MAX, -1, &l);
        *(long *) p = l;
        return rc;
    case PF_FR_INT:
    case PF_FR_ERRNO:
        rc = pf_fr_integer(fr, v, f->kind == PF_FR_INT ? -1 : INT_MIN,
                           INT_MAX, f->kind == PF_FR_INT ? -1 : 0, &l);
        *(int *) p = (int) l;
        return rc;
    case PF_FR_PORT:
        rc = pf_fr_integer(fr, v, -1, 65535, 0, &l);
        *(unsigned *) p = l < 0 ? 0 : (unsigned) l;
        return rc;
    case PF_FR_ULONG:
        rc = pf_fr_integer(fr, v, -1, LONG_MAX, 0, &l);
        *(unsigned long *) p = l < 0 ? 0 : (unsigned long) l;
        return rc;
    case PF_FR_BOOL:
    case PF_FR_TRI:
        return pf_fr_bool(fr, v, f->kind == PF_FR_TRI, (int *) p);
    case PF_FR_SELINUX:
        i = -1;
        rc = v == NULL ? PF_OK : pf_fr_word(fr, v, pf_fr_selinux,
                         "\"permissive\", \"enforcing\" or null", &i);
        *(int *) p = i;
        return rc;
    case PF_FR_KNOWN:
        i = 0;
        rc = pf_fr_word(fr, v, pf_fr_known, "\"yes\", \"no\" or \"failed\"",
                        &i);
        *(pf_known_t *) p = (pf_known_t) i;
        return rc;
    case PF_FR_FAMILY:
        return pf_fr_family(fr, v, (pf_family_t *) p);
    case PF_FR_PROTO:
        i = 0;
        rc = pf_fr_word(fr, v, pf_fr_proto, "\"tcp\" or \"udp\"", &i);
        *(pf_proto_t *) p = (pf_proto_t) i;
        return rc;
    case PF_FR_SERVER:
        i = 0;
        rc = pf_fr_word(fr, v, pf_fr_server,
                        "\"any\", \"apache\" or \"nginx\"", &i);
        *(pf_server_t *) p = (pf_server_t) i;
        return rc;
    case PF_FR_STATUS:
        return pf_fr_status(fr, v, (pf_status_t *) p);
    case PF_FR_ERRSPACE:
        i = 0;
        rc = pf_fr_word(fr, v, pf_fr_errspace, "\"posix\" or \"winsock\"",
                        &i);
        *(pf_errspace_t *) p = (pf_errspace_t) i;
        return rc;
    case PF_FR_UNITKIND:
        i = 0;
        rc = v == NULL ? PF_OK : pf_fr_word(fr, v, pf_fr_unitkind,
                         "\"system\", \"delegated\", \"user\", \"scope\", "
                         "\"container\" or null", &i);
        *(pf_unit_kind_t *) p = (pf_unit_kind_t) i;
        return rc;
    case PF_FR_SOCKFILE:
        i = 0;
        rc = v == NULL ? PF_OK : pf_fr_word(fr, v, pf_fr_sockfile,
                         "\"none\", \"live\", \"stale\", \"not-socket\", "
                         "\"no-dir\" or null", &i);
        *(pf_sockfile_t *) p = (pf_sockfile_t) i;
        return rc;
    case PF_FR_STRS:
    case PF_FR_STRS_NULL:
    case PF_FR_LONGS:
    case PF_FR_LIST:
        return pf_fr_list(fr, v, f, p);
    case PF_FR_OBJ:
        return pf_fr_struct(fr, v, f->sub, p);
    case PF_FR_SKIP:
        return PF_OK;
    }
    return PF_OK;
}

static int
pf_fr_struct(pf_fr_t *fr, json_object *obj, const pf_fr_struct_t *st,
             void *base)
{
    const pf_fr_field_t *f;
    size_t               mark;
    int                  rc;

    if (!json_object_is_type(obj, json_type_object)) {
        return pf_fr_fail(fr, "an object", obj);
    }
    json_object_object_foreach(obj, key, v) {
        for (f = st->fields; f->key != NULL; f++) {
            if (strcmp(f->key, key) == 0) {
                break;
            }
        }
        mark = pf_fr_push(fr, key, 0);
        if (f->key == NULL) {
            pf_error_set(fr->err, fr->name, 0, "%s: unknown key (written by "
                         "a newer preflight, or misspelt?)", fr->path);
            return PF_ERROR;
        }
        rc = pf_fr_value(fr, v, f, base);
        if (rc != PF_OK) {
            return rc;
        }
        pf_fr_pop(fr, mark);
    }
    return PF_OK;
}

/* ---------------------------------------------------------------------
 * The facts model, as pf_render_facts_json writes it.
 */
#define PF_F(key, kind, type, member) \
    { key, kind, offsetof(type, member), NULL }
#define PF_FS(key, kind, type, member, sub) \
    { key, kind, offsetof(type, member), sub }
#define PF_F_END  { NULL, PF_FR_SKIP, 0, NULL }

static void
pf_fr_init_listener(pf_fr_t *fr, void *e)
{
    pf_listener_init(e, fr->r->pool);
}

static void
pf_fr_init_process(pf_fr_t *fr, void *e)
{
    pf_process_init(e, fr->r->pool);
}

static void
pf_fr_init_queue(pf_fr_t *fr, void *e)
{
    pf_request_queue_init(e, fr->r->pool);
}

static void
pf_fr_init_container(pf_fr_t *fr, void *e)
{
    ((pf_container_t *) e)->proxy_pid = -1;
    ((pf_container_t *) e)->uid = -1;
}

static void
pf_fr_init_service(pf_fr_t *fr, void *e)
{
    ((pf_service_t *) e)->pid = -1;
}

static const pf_fr_field_t pf_fr_listener_fields[] = {
    PF_F("address", PF_FR_ADDR, pf_listener_t, address),
    PF_F("family", PF_FR_FAMILY, pf_listener_t, family),
    PF_F("port", PF_FR_PORT, pf_listener_t, port),
    PF_F("proto", PF_FR_PROTO, pf_listener_t, proto),
    PF_F("inode", PF_FR_ULONG, pf_listener_t, inode),
    PF_F("uid", PF_FR_LONG, pf_listener_t, uid),
    PF_F("owner_pid", PF_FR_LONG, pf_listener_t, owner_pid),
    PF_F("v6only", PF_FR_TRI, pf_listener_t, v6only),
    PF_F("pids", PF_FR_LONGS, pf_listener_t, pids),
    PF_F("pids_visible", PF_FR_BOOL, pf_listener_t, pids_visible),
    PF_F("user", PF_FR_STR, pf_listener_t, user),
    PF_F("owner_gone", PF_FR_BOOL, pf_listener_t, owner_gone),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_listener = {
    sizeof(pf_listener_t), pf_fr_init_listener, pf_fr_listener_fields
};

static const pf_fr_field_t pf_fr_process_fields[] = {
    PF_F("pid", PF_FR_LONG, pf_process_t, pid),
    PF_F("ppid", PF_FR_LONG, pf_process_t, ppid),
    PF_F("name", PF_FR_STR, pf_process_t, name),
    PF_F("exe", PF_FR_STR, pf_process_t, exe),
    PF_F("cmdline", PF_FR_STR, pf_process_t, cmdline),
    PF_F("user", PF_FR_STR, pf_process_t, user),
    PF_F("uid", PF_FR_LONG, pf_process_t, uid),
    PF_F("unit", PF_FR_STR, pf_process_t, unit),
    PF_F("container", PF_FR_STR, pf_process_t, container),
    PF_F("unit_manager", PF_FR_UNITKIND, pf_process_t, unit_kind),
    PF_F("cgroup", PF_FR_STR, pf_process_t, cgroup),
    PF_F("cgroup_unit", PF_FR_STR, pf_process_t, cgroup_unit),
    PF_F("unit_proven", PF_FR_TRI, pf_process_t, unit_proven),
    PF_F("unit_proof", PF_FR_STR, pf_process_t, unit_proof),
    PF_F("unit_uid", PF_FR_LONG, pf_process_t, unit_uid),
    PF_F("services", PF_FR_STRS, pf_process_t, services),
    PF_F("kernel", PF_FR_BOOL, pf_process_t, kernel),
    PF_F("is_self", PF_FR_BOOL, pf_process_t, is_self),
    PF_F("cap_net_bind_service", PF_FR_TRI, pf_process_t,
         cap_net_bind_service),
    PF_F("old_generation", PF_FR_BOOL, pf_process_t, old_generation),
    PF_F("gone", PF_FR_BOOL, pf_process_t, gone),
    PF_F("ns_pid", PF_FR_LONG, pf_process_t, ns_pid),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_process = {
    sizeof(pf_process_t), pf_fr_init_process, pf_fr_process_fields
};

static const pf_fr_field_t pf_fr_socket_unit_fields[] = {
    PF_F("unit", PF_FR_STR, pf_socket_unit_t, unit),
    PF_F("listen", PF_FR_STR, pf_socket_unit_t, listen),
    PF_F("activates", PF_FR_STR, pf_socket_unit_t, activates),
    PF_F("from_files", PF_FR_BOOL, pf_socket_unit_t, from_files),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_socket_unit = {
    sizeof(pf_socket_unit_t), NULL, pf_fr_socket_unit_fields
};

static const pf_fr_field_t pf_fr_container_fields[] = {
    PF_F("proxy_pid", PF_FR_LONG, pf_container_t, proxy_pid),
    PF_F("proto", PF_FR_STR, pf_container_t, proto),
    PF_F("host_ip", PF_FR_STR, pf_container_t, host_ip),
    PF_F("host_port", PF_FR_PORT, pf_container_t, host_port),
    PF_F("container_ip", PF_FR_STR, pf_container_t, container_ip),
    PF_F("container_port", PF_FR_PORT, pf_container_t, container_port),
    PF_F("id", PF_FR_STR, pf_container_t, id),
    PF_F("name", PF_FR_STR, pf_container_t, name),
    PF_F("forwarder", PF_FR_STR, pf_container_t, forwarder),
    PF_F("rootless", PF_FR_BOOL, pf_container_t, rootless),
    PF_F("uid", PF_FR_LONG, pf_container_t, uid),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_container = {
    sizeof(pf_container_t), pf_fr_init_container, pf_fr_container_fields
};

static const pf_fr_field_t pf_fr_service_fields[] = {
    PF_F("name", PF_FR_STR, pf_service_t, name),
    PF_F("display_name", PF_FR_STR, pf_service_t, display_name),
    PF_F("pid", PF_FR_LONG, pf_service_t, pid),
    PF_F("running", PF_FR_BOOL, pf_service_t, running),
    PF_F("start_type", PF_FR_STR, pf_service_t, start_type),
    PF_F("dependents", PF_FR_STRS, pf_service_t, dependents),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_service = {
    sizeof(pf_service_t), pf_fr_init_service, pf_fr_service_fields
};

static const pf_fr_field_t pf_fr_queue_fields[] = {
    PF_F("name", PF_FR_STR, pf_request_queue_t, name),
    PF_F("pids", PF_FR_LONGS, pf_request_queue_t, pids),
    PF_F("urls", PF_FR_STRS, pf_request_queue_t, urls),
    PF_F("services", PF_FR_STRS, pf_request_queue_t, services),
    PF_F("from_handle", PF_FR_BOOL, pf_request_queue_t, from_handle),
    PF_F("images", PF_FR_STRS_NULL, pf_request_queue_t, images),
    PF_F("controller_pid", PF_FR_LONG, pf_request_queue_t, controller_pid),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_queue = {
    sizeof(pf_request_queue_t), pf_fr_init_queue, pf_fr_queue_fields
};

static const pf_fr_field_t pf_fr_reservation_fields[] = {
    PF_F("url", PF_FR_STR, pf_url_reservation_t, url),
    PF_F("sddl", PF_FR_STR, pf_url_reservation_t, sddl),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_reservation = {
    sizeof(pf_url_reservation_t), NULL, pf_fr_reservation_fields
};

static const pf_fr_field_t pf_fr_httpsys_fields[] = {
    PF_F("queues_known", PF_FR_KNOWN, pf_httpsys_facts_t, queues_known),
    PF_FS("queues", PF_FR_LIST, pf_httpsys_facts_t, queues, &pf_fr_queue),
    PF_F("queues_partial", PF_FR_BOOL, pf_httpsys_facts_t, queues_partial),
    PF_F("host_pid", PF_FR_LONG, pf_httpsys_facts_t, host_pid),
    PF_F("reservations_known", PF_FR_KNOWN, pf_httpsys_facts_t,
         reservations_known),
    PF_FS("reservations", PF_FR_LIST, pf_httpsys_facts_t, reservations,
          &pf_fr_reservation),
    PF_F("iplisten_known", PF_FR_KNOWN, pf_httpsys_facts_t, iplisten_known),
    PF_F("iplisten", PF_FR_STRS, pf_httpsys_facts_t, iplisten),
    PF_F("dependents_known", PF_FR_KNOWN, pf_httpsys_facts_t,
         dependents_known),
    PF_F("dependents", PF_FR_STRS, pf_httpsys_facts_t, dependents),
    PF_F("http_probe_known", PF_FR_KNOWN, pf_httpsys_facts_t,
         http_probe_known),
    PF_F("server_header", PF_FR_STR, pf_httpsys_facts_t, server_header),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_httpsys = {
    sizeof(pf_httpsys_facts_t), NULL, pf_fr_httpsys_fields
};

static const pf_fr_field_t pf_fr_portproxy_fields[] = {
    PF_F("kind", PF_FR_STR, pf_portproxy_t, kind),
    PF_F("listen_address", PF_FR_STR, pf_portproxy_t, listen_address),
    PF_F("listen_port", PF_FR_PORT, pf_portproxy_t, listen_port),
    PF_F("connect_address", PF_FR_STR, pf_portproxy_t, connect_address),
    PF_F("connect_port", PF_FR_PORT, pf_portproxy_t, connect_port),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_portproxy = {
    sizeof(pf_portproxy_t), NULL, pf_fr_portproxy_fields
};

static const pf_fr_field_t pf_fr_target_facts_fields[] = {
    PF_F("listeners_known", PF_FR_KNOWN, pf_target_facts_t,
         listeners_known),
    PF_FS("listeners", PF_FR_LIST, pf_target_facts_t, listeners,
          &pf_fr_listener),
    PF_FS("processes", PF_FR_LIST, pf_target_facts_t, processes,
          &pf_fr_process),
    PF_FS("socket_units", PF_FR_LIST, pf_target_facts_t, socket_units,
          &pf_fr_socket_unit),
    PF_FS("containers", PF_FR_LIST, pf_target_facts_t, containers,
          &pf_fr_container),
    PF_FS("services", PF_FR_LIST, pf_target_facts_t, services,
          &pf_fr_service),
    PF_FS("httpsys", PF_FR_OBJ, pf_target_facts_t, httpsys, &pf_fr_httpsys),
    PF_F("free_port_nearby", PF_FR_PORT, pf_target_facts_t,
         free_port_nearby),
    PF_F("notes", PF_FR_STRS, pf_target_facts_t, notes),
    PF_F("sockfile", PF_FR_SOCKFILE, pf_target_facts_t, sockfile),
    PF_F("running_pid", PF_FR_LONG, pf_target_facts_t, running_pid),
    PF_F("portproxy_known", PF_FR_KNOWN, pf_target_facts_t,
         portproxy_known),
    PF_FS("portproxies", PF_FR_LIST, pf_target_facts_t, portproxies,
          &pf_fr_portproxy),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_target_facts = {
    sizeof(pf_target_facts_t), NULL, pf_fr_target_facts_fields
};

static const pf_fr_field_t pf_fr_check_fields[] = {
    PF_F("address", PF_FR_ADDR, pf_check_t, target.address),
    PF_F("family", PF_FR_FAMILY, pf_check_t, target.family),
    PF_F("port", PF_FR_PORT, pf_check_t, target.port),
    PF_F("proto", PF_FR_PROTO, pf_check_t, target.proto),
    PF_F("spelling", PF_FR_STR, pf_check_t, target.spelling),
    PF_F("source", PF_FR_STR, pf_check_t, target.source),
    PF_F("v6only", PF_FR_TRI, pf_check_t, target.v6only),
    PF_F("reuseport", PF_FR_BOOL, pf_check_t, target.reuseport),
    PF_F("server", PF_FR_SERVER, pf_check_t, target.server),
    PF_F("held_by_self", PF_FR_BOOL, pf_check_t, target.held_by_self),
    PF_F("path", PF_FR_STR, pf_check_t, target.path),
    PF_F("v4_fallback", PF_FR_BOOL, pf_check_t, target.v4_fallback),
    PF_F("pid_file", PF_FR_STR, pf_check_t, target.pid_file),
    PF_F("status", PF_FR_STATUS, pf_check_t, probe.status),
    PF_F("error", PF_FR_STR, pf_check_t, probe.err_name),
    PF_F("errno", PF_FR_ERRNO, pf_check_t, probe.err),
    PF_F("errspace", PF_FR_ERRSPACE, pf_check_t, probe.errspace),
    PF_F("bound_address", PF_FR_ADDR, pf_check_t, probe.bound_address),
    PF_F("note", PF_FR_STR, pf_check_t, note),
    PF_F("clash_target", PF_FR_STR, pf_check_t, clash_target),
    PF_F("clash_source", PF_FR_STR, pf_check_t, clash_source),
    PF_F("clash_duplicate", PF_FR_BOOL, pf_check_t, clash_duplicate),
    PF_F("refused", PF_FR_STR, pf_check_t, target.refused),
    PF_F("refused_with", PF_FR_STR, pf_check_t, target.refused_with),
    PF_F("own_socket", PF_FR_BOOL, pf_check_t, target.own_socket),
    PF_FS("facts", PF_FR_OBJ, pf_check_t, facts, &pf_fr_target_facts),
    PF_F_END
};

static void
pf_fr_init_check(pf_fr_t *fr, void *e)
{
    pf_check_t *c = e;
    const char *pl = fr->r->host.platform;

    c->target.v6only = -1;
    /* what the host's probe would have said, unless the file says */
    c->probe.errspace = pl != NULL && strcmp(pl, "windows") == 0
                        ? PF_ERRSPACE_WINSOCK : PF_ERRSPACE_POSIX;
    pf_target_facts_init(&c->facts, fr->r->pool);
    pf_array_init(&c->findings, fr->r->pool, 0, sizeof(pf_finding_t));
}

static const pf_fr_struct_t pf_fr_check = {
    sizeof(pf_check_t), pf_fr_init_check, pf_fr_check_fields
};

static const pf_fr_field_t pf_fr_range_fields[] = {
    PF_F("start", PF_FR_PORT, pf_port_range_t, start),
    PF_F("end", PF_FR_PORT, pf_port_range_t, end),
    PF_F("family", PF_FR_FAMILY, pf_port_range_t, family),
    PF_F("administered", PF_FR_BOOL, pf_port_range_t, administered),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_range = {
    sizeof(pf_port_range_t), NULL, pf_fr_range_fields
};

static const pf_fr_field_t pf_fr_host_fields[] = {
    PF_F("platform", PF_FR_STR, pf_host_facts_t, platform),
    PF_F("euid", PF_FR_LONG, pf_host_facts_t, euid),
    PF_F("is_admin", PF_FR_BOOL, pf_host_facts_t, is_admin),
    PF_F("unprivileged_port_start", PF_FR_INT, pf_host_facts_t,
         unprivileged_port_start),
    PF_F("cap_net_bind_service", PF_FR_TRI, pf_host_facts_t,
         cap_net_bind_service),
    PF_F("selinux", PF_FR_SELINUX, pf_host_facts_t, selinux),
    PF_F("local_addresses", PF_FR_STRS, pf_host_facts_t, local_addresses),
    PF_F("ipv6", PF_FR_TRI, pf_host_facts_t, ipv6),
    PF_F("excluded_known", PF_FR_KNOWN, pf_host_facts_t, excluded_known),
    PF_FS("excluded_ranges", PF_FR_LIST, pf_host_facts_t, excluded_ranges,
          &pf_fr_range),
    PF_F("systemd", PF_FR_BOOL, pf_host_facts_t, systemd),
    PF_F("notes", PF_FR_STRS, pf_host_facts_t, notes),
    PF_F("dynamic_known", PF_FR_KNOWN, pf_host_facts_t, dynamic_known),
    PF_FS("dynamic_ranges", PF_FR_LIST, pf_host_facts_t, dynamic_ranges,
          &pf_fr_range),
    PF_F("winnat", PF_FR_TRI, pf_host_facts_t, winnat),
    PF_F("wsl_mirrored", PF_FR_TRI, pf_host_facts_t, wsl_mirrored),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_host = {
    sizeof(pf_host_facts_t), NULL, pf_fr_host_fields
};

static const pf_fr_field_t pf_fr_context_fields[] = {
    PF_F("server", PF_FR_SERVER, pf_context_t, server),
    PF_F("server_exe", PF_FR_STR, pf_context_t, server_exe),
    PF_F("server_unit", PF_FR_STR, pf_context_t, server_unit),
    PF_F("self_pids", PF_FR_LONGS, pf_context_t, self_pids),
    PF_F_END
};
static const pf_fr_struct_t pf_fr_context = {
    sizeof(pf_context_t), NULL, pf_fr_context_fields
};

/* The top level: read in this order whatever order the file has, so that
 * the host's platform is known before the targets are. */
static const pf_fr_field_t pf_fr_top_fields[] = {
    { "schema", PF_FR_SKIP, 0, NULL },
    { "tool", PF_FR_SKIP, 0, NULL },
    { "version", PF_FR_SKIP, 0, NULL },
    { "platform", PF_FR_SKIP, 0, NULL },
    { "facts_schema", PF_FR_SKIP, 0, NULL },
    { "captures", PF_FR_SKIP, 0, NULL },
    PF_FS("host", PF_FR_OBJ, pf_report_t, host, &pf_fr_host),
    PF_FS("context", PF_FR_OBJ, pf_report_t, ctx, &pf_fr_context),
    PF_FS("targets", PF_FR_LIST, pf_report_t, checks, &pf_fr_check),
    PF_F_END
};

/* ---------------------------------------------------------------------
 * The document
 */
static int
pf_fr_head(pf_fr_t *fr, json_object *top)
{
    json_object *v;
    long         schema;
    const char  *platform = NULL;

    strcpy(fr->path, "$.tool");
    if (!json_object_object_get_ex(top, "tool", &v)
        || !json_object_is_type(v, json_type_string)
        || strcmp(json_object_get_string(v), "preflight") != 0)
    {
        pf_error_set(fr->err, fr->name, 0, "$.tool: expected \"preflight\": "
                     "this is not the output of `preflight facts`");
        return PF_ERROR;
    }
    strcpy(fr->path, "$.facts_schema");
    v = NULL;
    if (!json_object_object_get_ex(top, "facts_schema", &v) || v == NULL) {
        pf_error_set(fr->err, fr->name, 0, "$.facts_schema: expected a "
                     "number: this is not the output of `preflight facts`");
        return PF_ERROR;
    }
    if (pf_fr_integer(fr, v, 1, LONG_MAX, 0, &schema) != PF_OK) {
        return PF_ERROR;
    }
    if (schema > PF_FACTS_SCHEMA) {
        pf_error_set(fr->err, fr->name, 0, "$.facts_schema: %ld, written by "
                     "a newer preflight; this one reads %d", schema,
                     PF_FACTS_SCHEMA);
        return PF_ERROR;
    }
    strcpy(fr->path, "$.platform");
    if (json_object_object_get_ex(top, "platform", &v)
        && pf_fr_string(fr, v, 1, &platform) != PF_OK)
    {
        return PF_ERROR;
    }
    if (platform != NULL) {
        fr->r->host.platform = platform;
    }
    return PF_OK;
}

static int
pf_fr_top_key(pf_fr_t *fr, json_object *top, const char *key)
{
    const pf_fr_field_t *f;
    json_object         *v;

    if (!json_object_object_get_ex(top, key, &v)) {
        return PF_OK;
    }
    for (f = pf_fr_top_fields; strcmp(f->key, key) != 0; f++) {
        /* every key asked for is in the table */
    }
    snprintf(fr->path, sizeof(fr->path), "$.%s", key);
    return pf_fr_value(fr, v, f, fr->r);
}

static int
pf_fr_unknown_top(pf_fr_t *fr, json_object *top)
{
    const pf_fr_field_t *f;

    json_object_object_foreach(top, key, v) {
        (void) v;
        for (f = pf_fr_top_fields; f->key != NULL; f++) {
            if (strcmp(f->key, key) == 0) {
                break;
            }
        }
        if (f->key == NULL) {
            pf_error_set(fr->err, fr->name, 0, "$.%.64s: unknown key "
                         "(written by a newer preflight, or misspelt?)",
                         key);
            return PF_ERROR;
        }
    }
    return PF_OK;
}

/* json-c's syntax error, with the line it stopped on. */
static int
pf_fr_syntax(pf_fr_t *fr, json_tokener *tok, const char *text, size_t len)
{
    size_t   off = tok != NULL ? (size_t) json_tokener_get_parse_end(tok)
                               : 0;
    unsigned line = 1;
    size_t   i;

    if (off > len) {
        off = len;
    }
    for (i = 0; i < off; i++) {
        line += text[i] == '\n';
    }
    pf_error_set(fr->err, fr->name, line, "not JSON: %s",
                 tok != NULL ? json_tokener_error_desc(
                                   json_tokener_get_error(tok))
                             : "out of memory");
    return PF_ERROR;
}

static json_object *
pf_fr_tokenize(pf_fr_t *fr, const char *text, size_t len)
{
    json_tokener *tok;
    json_object  *top;

    if (len > (size_t) INT_MAX) {
        pf_error_set(fr->err, fr->name, 0, "too large");
        return NULL;
    }
    tok = json_tokener_new();
    if (tok == NULL) {
        pf_fr_syntax(fr, NULL, text, len);
        return NULL;
    }
    top = json_tokener_parse_ex(tok, text, (int) len);
    if (top == NULL || json_tokener_get_parse_end(tok) < len) {
        /* incomplete (json_tokener_continue) is an error too: the file
         * has ended; text after the value is one */
        if (top != NULL) {
            size_t i;

            for (i = json_tokener_get_parse_end(tok); i < len; i++) {
                if (text[i] != ' ' && text[i] != '\n' && text[i] != '\r'
                    && text[i] != '\t')
                {
                    break;
                }
            }
            if (i == len) {
                json_tokener_free(tok);
                return top;
            }
            json_object_put(top);
            top = NULL;
            pf_error_set(fr->err, fr->name, 0, "text after the JSON value");
        } else if (json_tokener_get_error(tok) == json_tokener_continue) {
            pf_error_set(fr->err, fr->name, 0, "not JSON: the text ends "
                         "inside a value");
        } else {
            pf_fr_syntax(fr, tok, text, len);
        }
    }
    json_tokener_free(tok);
    return top;
}

/* ---------------------------------------------------------------------
 * Captures: raw command output next to the facts file, read by the
 * core's own parsers (pf_facts_netsh_*), so that a pasted `netsh` output
 * becomes a case without being turned into JSON by hand.
 */
static char *
pf_fr_read_capture(pf_fr_t *fr, const char *dir, const char *file,
                   size_t *len)
{
    char  *path, *text;
    FILE  *f;
    long   size;

    if (dir == NULL) {
        pf_error_set(fr->err, fr->name, 0, "%s: captures are read only "
                     "from a facts file on disk", fr->path);
        return NULL;
    }
    path = pf_psprintf(fr->r->pool, "%s%s", dir, file);
    f = path != NULL ? fopen(path, "rb") : NULL;
    if (f == NULL) {
        pf_error_set(fr->err, fr->name, 0, "%s: cannot open %s: %s",
                     fr->path, path ? path : file, strerror(errno));
        return NULL;
    }
    text = NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0
        && size <= PF_REPLAY_MAX_FILE && fseek(f, 0, SEEK_SET) == 0
        && (text = pf_palloc(fr->r->pool, (size_t) size + 1)) != NULL)
    {
        *len = fread(text, 1, (size_t) size, f);
    }
    fclose(f);
    if (text == NULL) {
        pf_error_set(fr->err, fr->name, 0, "%s: cannot read %s", fr->path,
                     path);
    }
    return text;
}

static int
pf_fr_capture(pf_fr_t *fr, const char *kind, const char *text, size_t len)
{
    size_t i;
    int    rc = PF_OK;

    if (strcmp(kind, "servicestate") == 0) {
        for (i = 0; rc == PF_OK && i < fr->r->checks.nelts; i++) {
            pf_check_t *c = &PF_ARRAY_AT(&fr->r->checks, pf_check_t, i);

            if (pf_check_failed(c)) {
                rc = pf_facts_netsh_servicestate(fr->r->pool, text, len, c);
            }
        }
        return rc;
    }
    return pf_facts_netsh_excluded(fr->r->pool, text, len,
                                   strcmp(kind, "excludedportrange-ipv6") == 0
                                   ? PF_FAMILY_INET6 : PF_FAMILY_INET,
                                   &fr->r->host);
}

static int
pf_replay_captures(pf_fr_t *fr, const char *dir, json_object *captures)
{
    static const char *const kinds[] = {
        "servicestate", "excludedportrange-ipv4", "excludedportrange-ipv6",
        NULL
    };
    const char *file, *text;
    size_t      len = 0, mark;
    int         i, rc, ranges = 0;

    strcpy(fr->path, "$.captures");
    if (!json_object_is_type(captures, json_type_object)) {
        return pf_fr_fail(fr, "an object: {\"servicestate\": \"FILE\", "
                          "\"excludedportrange-ipv4\": \"FILE\", ...}",
                          captures);
    }
    json_object_object_foreach(captures, key, v) {
        mark = pf_fr_push(fr, key, 0);
        if (pf_fr_word_of(fr, key, kinds,
                       "\"servicestate\", \"excludedportrange-ipv4\" or "
                       "\"excludedportrange-ipv6\"", &i) != PF_OK)
        {
            return PF_ERROR;
        }
        if (pf_fr_string(fr, v, 0, &file) != PF_OK
            || (text = pf_fr_read_capture(fr, dir, file, &len)) == NULL)
        {
            return PF_ERROR;
        }
        if (i > 0 && ranges++ == 0) {
            /* the capture is what netsh said: it replaces the file's */
            fr->r->host.excluded_ranges.nelts = 0;
            fr->r->host.excluded_known = PF_KNOWN_NO;
        }
        rc = pf_fr_capture(fr, kinds[i], text, len);
        if (rc != PF_OK) {
            pf_error_set(fr->err, fr->name, 0, "out of memory");
            return rc;
        }
        pf_fr_pop(fr, mark);
    }
    return PF_OK;
}

int
pf_replay_parse(pf_report_t *r, const char *name, const char *dir,
                const char *text, size_t len, pf_error_t *err)
{
    static const char *const order[] = { "host", "context", "targets", NULL };
    json_object *top, *captures;
    pf_fr_t      fr;
    int          rc = PF_OK, i;

    if (pf_jc_load(name, err) != PF_OK) {
        return PF_ERROR;
    }
    memset(&fr, 0, sizeof(fr));
    fr.r = r;
    fr.name = name;
    fr.err = err;
    top = pf_fr_tokenize(&fr, text, len);
    if (top == NULL) {
        return PF_ERROR;
    }
    strcpy(fr.path, "$");
    if (!json_object_is_type(top, json_type_object)) {
        rc = pf_fr_fail(&fr, "an object (the output of `preflight facts`)",
                        top);
    }
    if (rc == PF_OK) {
        rc = pf_fr_unknown_top(&fr, top);
    }
    if (rc == PF_OK) {
        rc = pf_fr_head(&fr, top);
    }
    for (i = 0; rc == PF_OK && order[i] != NULL; i++) {
        rc = pf_fr_top_key(&fr, top, order[i]);
    }
    if (rc == PF_OK && r->host.platform == NULL) {
        pf_error_set(err, name, 0, "$.host.platform: expected the platform "
                     "the facts were gathered on (\"linux\", \"windows\")");
        rc = PF_ERROR;
    }
    if (rc == PF_OK && json_object_object_get_ex(top, "captures", &captures))
    {
        rc = pf_replay_captures(&fr, dir, captures);
    }
    json_object_put(top);
    return rc;
}

#endif /* PF_HAVE_JSON_C */

int
pf_replay_load(pf_report_t *r, const char *path, pf_error_t *err)
{
    FILE       *f;
    char       *text, *dir, *slash;
    long        size = 0;
    size_t      got;
    int         rc;

    f = fopen(path, "rb");
    if (f == NULL) {
        pf_error_set(err, path, 0, "cannot open: %s", strerror(errno));
        return PF_ERROR;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0
        || fseek(f, 0, SEEK_SET) != 0 || size > PF_REPLAY_MAX_FILE)
    {
        fclose(f);
        pf_error_set(err, path, 0, size > PF_REPLAY_MAX_FILE
                     ? "larger than 16 MiB: not a facts file"
                     : "cannot read its size");
        return PF_ERROR;
    }
    text = pf_palloc(r->pool, (size_t) size + 1);
    got = text != NULL ? fread(text, 1, (size_t) size, f) : 0;
    fclose(f);
    if (text == NULL || got != (size_t) size) {
        pf_error_set(err, path, 0, text == NULL ? "out of memory"
                     : "could not read it all");
        return PF_ERROR;
    }
    /* captures are named relative to the facts file */
    dir = pf_pstrdup(r->pool, path);
    slash = dir != NULL ? strrchr(dir, '/') : NULL;
    if (dir != NULL && strrchr(dir, '\\') > slash) {
        slash = strrchr(dir, '\\');    /* a Windows path */
    }
    if (dir != NULL) {
        if (slash != NULL) {
            slash[1] = '\0';
        } else {
            dir[0] = '\0';
        }
    }
    rc = pf_replay_parse(r, path, dir, text, got, err);
    return rc;
}

static int
pf_replay_matches(const pf_check_t *c, const char *name)
{
    char full[128], port[16];

    pf_target_name(&c->target, full, sizeof(full));
    snprintf(port, sizeof(port), "%u", c->target.port);
    return strcmp(full, name) == 0 || strcmp(port, name) == 0
           || (c->target.spelling != NULL
               && strcmp(c->target.spelling, name) == 0);
}

static void
pf_replay_names(const pf_report_t *r, pf_buf_t *b)
{
    size_t i;
    char   full[128];

    for (i = 0; i < r->checks.nelts; i++) {
        pf_target_name(&PF_ARRAY_AT(&r->checks, pf_check_t, i).target, full,
                       sizeof(full));
        pf_buf_printf(b, "%s%s", i ? ", " : "", full);
    }
}

int
pf_replay_select(pf_report_t *r, const char *const *names, int n,
                 pf_error_t *err)
{
    pf_check_t *all = r->checks.elts;
    size_t      i, kept = 0;
    int         k, hit;

    for (k = 0; k < n; k++) {
        for (i = 0, hit = 0; i < r->checks.nelts && !hit; i++) {
            hit = pf_replay_matches(&all[i], names[k]);
        }
        if (!hit) {
            pf_buf_t b;

            pf_buf_init(&b);
            pf_replay_names(r, &b);
            pf_error_set(err, NULL, 0, "the facts hold no target %s "
                         "(they hold: %s)", names[k],
                         b.len ? b.data : "none");
            pf_buf_free(&b);
            return PF_ERROR;
        }
    }
    for (i = 0; n > 0 && i < r->checks.nelts; i++) {
        for (k = 0, hit = 0; k < n && !hit; k++) {
            hit = pf_replay_matches(&all[i], names[k]);
        }
        if (hit) {
            all[kept++] = all[i];
        }
    }
    if (n > 0) {
        r->checks.nelts = kept;
    }
    return PF_OK;
}
