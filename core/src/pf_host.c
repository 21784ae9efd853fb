/*
 * The host interface (preflight.h): the policy every server module used
 * to carry a copy of, once.  A module bind-tests its listeners itself;
 * when one fails it calls pf_host_check(), and from there Apache and
 * nginx say the same thing about the same facts.
 */
#include <stdio.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_platform.h"

#define PF_HOST_LINE_MAX  2048

static const char *const pf_host_on_conflict_names[] = {
    "warn", "fail", "fix"
};

static const char *const pf_host_remedy_names[] = {
    "none", "suggest", "apply"
};

#define PF_HOST_NELTS(a)  (sizeof(a) / sizeof((a)[0]))

/* ASCII only: the settings' words are, and a locale must not matter. */
static int
pf_host_word_is(const char *s, size_t len, const char *word)
{
    size_t i;

    if (strlen(word) != len) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        char c = s[i];

        if (c >= 'A' && c <= 'Z') {
            c = (char) (c - 'A' + 'a');
        }
        if (c != word[i]) {
            return 0;
        }
    }
    return 1;
}

static int
pf_host_word(const char *const *names, size_t n, const char *s, size_t len,
             int *out)
{
    size_t i;

    for (i = 0; s != NULL && i < n; i++) {
        if (pf_host_word_is(s, len, names[i])) {
            *out = (int) i;
            return PF_OK;
        }
    }
    return PF_ERROR;
}

int
pf_on_conflict_parse(const char *s, size_t len, pf_on_conflict_t *out)
{
    int v;

    if (pf_host_word(pf_host_on_conflict_names,
                     PF_HOST_NELTS(pf_host_on_conflict_names), s, len, &v)
        != PF_OK)
    {
        return PF_ERROR;
    }
    *out = (pf_on_conflict_t) v;
    return PF_OK;
}

const char *
pf_on_conflict_name(pf_on_conflict_t p)
{
    return (unsigned) p < PF_HOST_NELTS(pf_host_on_conflict_names)
           ? pf_host_on_conflict_names[p] : "?";
}

int
pf_remedy_mode_parse(const char *s, size_t len, pf_remedy_mode_t *out)
{
    int v;

    if (pf_host_word(pf_host_remedy_names,
                     PF_HOST_NELTS(pf_host_remedy_names), s, len, &v)
        != PF_OK)
    {
        return PF_ERROR;
    }
    *out = (pf_remedy_mode_t) v;
    return PF_OK;
}

const char *
pf_remedy_mode_name(pf_remedy_mode_t m)
{
    return (unsigned) m < PF_HOST_NELTS(pf_host_remedy_names)
           ? pf_host_remedy_names[m] : "?";
}

void
pf_host_settings_init(pf_host_settings_t *s, pf_server_t server)
{
    memset(s, 0, sizeof(*s));
    s->server = server;
    s->on_conflict = PF_ON_CONFLICT_WARN;
    s->remedy = PF_REMEDY_MODE_SUGGEST;
}

/* Every holder is this server (its pids, or children of them); or none
 * could be named while a server of this configuration runs. */
static int
pf_host_held_by_us(const pf_check_t *c, int running)
{
    size_t i;

    if (c->facts.processes.nelts == 0) {
        return running && c->probe.status == PF_STATUS_IN_USE;
    }
    for (i = 0; i < c->facts.processes.nelts; i++) {
        if (!PF_ARRAY_AT(&c->facts.processes, pf_process_t, i).is_self) {
            return 0;
        }
    }
    return 1;
}

int
pf_host_is_conflict(const pf_check_t *c, int running)
{
    return pf_check_is_conflict(c) && !pf_host_held_by_us(c, running);
}

unsigned
pf_host_conflicts(const pf_report_t *r, int running)
{
    size_t   i;
    unsigned n = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        n += pf_host_is_conflict(&PF_ARRAY_AT(&r->checks, pf_check_t, i),
                                 running);
    }
    return n;
}

void
pf_host_log_text(const pf_host_ops_t *ops, void *data, pf_log_level_t level,
                 pf_host_msg_t msg, const char *prefix, const char *text)
{
    char        line[PF_HOST_LINE_MAX];
    const char *p, *nl;
    size_t      len;

    for (p = text; p != NULL && *p != '\0'; p += len + (nl != NULL)) {
        nl = strchr(p, '\n');
        len = nl != NULL ? (size_t) (nl - p) : strlen(p);
        if (len > 0) {
            snprintf(line, sizeof(line), "%s%.*s", prefix, (int) len, p);
            ops->log(data, level, msg, line);
        }
    }
}

/* The first finding that is not "this server": the reason to give. */
static const char *
pf_host_reason(const pf_check_t *c)
{
    size_t i;

    for (i = 0; i < c->findings.nelts; i++) {
        const pf_finding_t *f = &PF_ARRAY_AT(&c->findings, pf_finding_t, i);

        if (f->cause != PF_CAUSE_SAME_SERVER && f->summary != NULL) {
            return f->summary;
        }
    }
    return pf_status_name(c->probe.status);
}

const char *
pf_host_refusal(const pf_report_t *r, int running, char *out, size_t len)
{
    const pf_check_t *first = NULL;
    char              name[PF_ADDRSTRLEN + 16], more[64];
    const char       *why;
    size_t            i;
    unsigned          n = 0;

    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        if (pf_host_is_conflict(c, running)) {
            first = first != NULL ? first : c;
            n++;
        }
    }
    if (first == NULL) {
        return NULL;
    }
    /* the summary names the holder: its name is anybody's */
    why = pf_inert(r->pool, pf_host_reason(first));
    more[0] = '\0';
    if (n > 1) {
        snprintf(more, sizeof(more), " (and %u more)", n - 1);
    }
    snprintf(out, len, "%s cannot be bound: %s%s",
             pf_target_name(&first->target, name, sizeof(name)),
             why != NULL ? why : "?", more);
    return out;
}

int
pf_host_allow(pf_pool_t *pool, const pf_host_settings_t *s, pf_array_t *out)
{
    size_t i;

    if (pf_array_init(out, pool, 4, sizeof(const char *)) != PF_OK) {
        return PF_ENOMEM;
    }
    for (i = 0; s->allow != NULL && i < s->nallow; i++) {
        if (pf_array_push_str(out, s->allow[i]) != PF_OK) {
            return PF_ENOMEM;
        }
    }
    return PF_OK;
}

const char *
pf_host_server_exe(pf_pool_t *pool, pf_server_t server, const char *argv0)
{
    const char *exe = pf_platform_self_exe(pool, argv0);

    return exe != NULL ? exe : pf_server_default_exe(server);
}

/* The parser's target for the same socket: the first listen line that
 * asks for it (nginx merges the later ones into it). */
static const char *
pf_host_source_of(const pf_array_t *parsed, const pf_target_t *t)
{
    size_t i;

    for (i = 0; i < parsed->nelts; i++) {
        const pf_target_t *p = &PF_ARRAY_AT(parsed, pf_target_t, i);

        if (p->source == NULL || p->proto != t->proto) {
            continue;
        }
        if (t->family == PF_FAMILY_UNIX
            ? p->family == PF_FAMILY_UNIX && p->path != NULL
              && t->path != NULL && strcmp(p->path, t->path) == 0
            : p->port == t->port && strcmp(p->address, t->address) == 0)
        {
            return p->source;
        }
    }
    return NULL;
}

int
pf_host_nginx_sources(const pf_host_core_t *core, pf_report_t *r,
                      const char *conf, const char *prefix)
{
    pf_conf_options_t opts;
    pf_array_t        parsed;
    pf_error_t        err;
    const char       *source;
    size_t            i;

    if (pf_array_init(&parsed, r->pool, 8, sizeof(pf_target_t)) != PF_OK) {
        return PF_ENOMEM;
    }
    memset(&opts, 0, sizeof(opts));
    memset(&err, 0, sizeof(err));
    opts.prefix = prefix;
    opts.is_root = pf_is_admin();
    if (core->conf_nginx(r->pool, conf, &opts, &parsed, &err) != PF_OK) {
        return PF_OK;           /* nginx has read it: the file name stays */
    }
    for (i = 0; i < r->checks.nelts; i++) {
        pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        source = pf_host_source_of(&parsed, &c->target);
        if (source != NULL) {
            c->target.source = source;
        }
    }
    return PF_OK;
}

/* One check rendered, every line "preflight: ..." */
static void
pf_host_log_check(const pf_host_ops_t *ops, void *data, pf_log_level_t level,
                  pf_host_msg_t msg, const pf_report_t *r,
                  const pf_check_t *c)
{
    pf_buf_t b;

    pf_buf_init(&b);
    pf_render_check_text(r, c, 0, &b);
    if (b.failed || b.data == NULL) {
        if (msg == PF_HOST_MSG_CONFLICT) {
            ops->log(data, level, msg, "preflight: a listen address "
                     "cannot be bound (out of memory while explaining "
                     "why)");
        }
    } else {
        pf_host_log_text(ops, data, level, msg, "preflight: ", b.data);
    }
    pf_buf_free(&b);
}

static void
pf_host_log_released(const pf_host_ops_t *ops, void *data,
                     const pf_check_t *c)
{
    char line[PF_HOST_LINE_MAX];

    snprintf(line, sizeof(line), "preflight: %s was in use, and free when "
             "probed again: its holder has exited",
             c->target.spelling != NULL ? c->target.spelling : "?");
    ops->log(data, PF_LOG_DEBUG, PF_HOST_MSG_RELEASED, line);
}

/*
 * Every check that is not free, at its level.  Not conflicts but said:
 * an older generation of this server still shutting down is what nginx
 * retries its bind for (five tries, half a second apart: a notice) and what
 * httpd does not (its make_sock fails at once: a warning, as Apache logged
 * it before the host interface; churn_apache.sh); held by this server, running,
 * a second start is worth a warning, and a config test of the running
 * server is the everyday case (nothing).  Returns the conflicts.
 */
static pf_log_level_t
pf_host_exiting_level(const pf_host_settings_t *s)
{
    return s->server == PF_SERVER_NGINX ? PF_LOG_NOTICE : PF_LOG_WARN;
}

static unsigned
pf_host_log_checks(const pf_host_ops_t *ops, void *data,
                   const pf_host_settings_t *s, const pf_report_t *r,
                   int running, pf_log_level_t level)
{
    size_t       i;
    unsigned     n = 0;
    pf_verdict_t v;

    for (i = 0; i < r->checks.nelts; i++) {
        const pf_check_t *c = &PF_ARRAY_AT(&r->checks, pf_check_t, i);

        v = pf_check_verdict(c);
        if (v == PF_VERDICT_RELEASED) {
            pf_host_log_released(ops, data, c);
        } else if (v == PF_VERDICT_FREE) {
            continue;
        } else if (pf_host_is_conflict(c, running)) {
            n++;
            pf_host_log_check(ops, data, level, PF_HOST_MSG_CONFLICT, r, c);
        } else if (s->config_test) {
            continue;
        } else if (v == PF_VERDICT_SELF_EXITING) {
            pf_host_log_check(ops, data, pf_host_exiting_level(s),
                              PF_HOST_MSG_SELF_EXITING, r, c);
        } else {
            pf_host_log_check(ops, data, PF_LOG_WARN, PF_HOST_MSG_SELF, r, c);
        }
    }
    return n;
}

/* The remedies the settings ask for; 1 when some were applied without an
 * error (worth probing again).  A config test changes nothing. */
static int
pf_host_remedy(const pf_host_ops_t *ops, void *data,
               const pf_host_settings_t *s, pf_report_t *r,
               pf_log_level_t level)
{
    pf_remedy_mode_t mode = s->remedy;
    pf_array_t       allow;
    pf_buf_t         out;
    pf_error_t       err;
    char             why[1024], line[1200];
    int              rc;

    if (s->config_test && mode == PF_REMEDY_MODE_APPLY) {
        mode = PF_REMEDY_MODE_SUGGEST;
    }
    if (mode == PF_REMEDY_MODE_NONE) {
        return 0;
    }
    if (pf_host_allow(r->pool, s, &allow) != PF_OK) {
        ops->log(data, PF_LOG_WARN, PF_HOST_MSG_INTERNAL,
                 "preflight: out of memory: no remedies");
        return 0;
    }
    memset(&err, 0, sizeof(err));
    pf_buf_init(&out);
    rc = s->core->remedy_for_server(r, mode, &allow, &out, &err);
    /* the remedy layer's lines carry "preflight remedy: " already */
    pf_host_log_text(ops, data, level, PF_HOST_MSG_REMEDY, "", out.data);
    pf_buf_free(&out);
    if (rc != PF_OK) {
        snprintf(line, sizeof(line), "preflight: remedy failed: %s",
                 pf_error_format(&err, why, sizeof(why)));
        ops->log(data, PF_LOG_WARN, PF_HOST_MSG_REMEDY_FAILED, line);
        return 0;
    }
    return mode == PF_REMEDY_MODE_APPLY;
}

/* After remedies were applied: the same targets probed again (the facts
 * stay those of the first probe: a port now free is no conflict). */
static unsigned
pf_host_recheck(const pf_host_ops_t *ops, void *data, pf_report_t *r,
                int running, pf_log_level_t level)
{
    char     line[256];
    unsigned n;

    pf_report_probe(r);
    n = pf_host_conflicts(r, running);
    if (n == 0) {
        ops->log(data, PF_LOG_NOTICE, PF_HOST_MSG_REMEDY_DONE,
                 "preflight: remedies applied: every listen address can "
                 "be bound now");
        return 0;
    }
    snprintf(line, sizeof(line), "preflight: after the remedies, %u listen "
             "address(es) still cannot be bound", n);
    ops->log(data, level, PF_HOST_MSG_REMEDY_DONE, line);
    return n;
}

void
pf_host_decide(const pf_host_ops_t *ops, void *data,
               const pf_host_settings_t *s, pf_report_t *r, int running,
               pf_host_result_t *res)
{
    pf_log_level_t level = s->config_test ? PF_LOG_WARN : PF_LOG_ERR;
    char           line[PF_HOST_LINE_MAX], why[PF_HOST_LINE_MAX / 2];
    unsigned       n;

    n = pf_host_log_checks(ops, data, s, r, running, level);
    res->conflicts = n;
    if (n == 0) {
        return;
    }
    if (pf_host_remedy(ops, data, s, r, level)) {
        n = pf_host_recheck(ops, data, r, running, level);
        res->conflicts = n;
    }
    if (s->config_test) {
        snprintf(line, sizeof(line), "preflight: the configuration may be "
                 "fine, but a start now would fail: %u listen address%s "
                 "cannot be bound", n, n == 1 ? "" : "es");
        ops->log(data, PF_LOG_WARN, PF_HOST_MSG_CONFIGTEST, line);
        return;
    }
    if (n == 0 || s->on_conflict != PF_ON_CONFLICT_FAIL
        || pf_host_refusal(r, running, why, sizeof(why)) == NULL)
    {
        return;
    }
    snprintf(line, sizeof(line), "preflight: %s: %s",
             s->reload ? "not reloading, the running configuration stays"
                       : "not starting", why);
    ops->log(data, PF_LOG_EMERG, PF_HOST_MSG_REFUSE, line);
    res->refuse = 1;
}

static void
pf_host_count(const pf_report_t *r, pf_host_result_t *res)
{
    size_t i;

    for (i = 0; i < r->checks.nelts; i++) {
        res->held += PF_ARRAY_AT(&r->checks, pf_check_t, i)
                     .target.held_by_self;
    }
    res->checked = (unsigned) r->checks.nelts;
}

/* The report up to its explanation; PF_OK, PF_ENOMEM, or PF_HOST_NOTHING
 * when there is nothing to say (all bound, the host could not name its
 * targets, or this process only signals). */
#define PF_HOST_NOTHING  1

static int
pf_host_explain(const pf_host_ops_t *ops, void *data,
                const pf_host_settings_t *s, pf_report_t *r,
                pf_host_result_t *res)
{
    int rc = ops->targets(data, r);

    if (rc != PF_OK) {
        /* PF_ERROR: the host could not name them and has said why */
        return rc == PF_ERROR ? PF_HOST_NOTHING : PF_ENOMEM;
    }
    pf_report_probe(r);
    pf_host_count(r, res);
    if (!pf_report_any_failed(r)) {
        return PF_HOST_NOTHING;
    }
    /* who this server is only explains a port that failed */
    if (!s->config_test && ops->only_signals != NULL
        && ops->only_signals(data))
    {
        res->skipped = 1;
        return PF_HOST_NOTHING;
    }
    r->ctx.server_exe = pf_host_server_exe(r->pool, s->server, s->argv0);
    if (ops->self != NULL && ops->self(data, r) != PF_OK) {
        return PF_ENOMEM;
    }
    s->core->explain(r);
    return PF_OK;
}

int
pf_host_check(const pf_host_ops_t *ops, void *data,
              const pf_host_settings_t *s, pf_host_result_t *res)
{
    pf_report_t *r;
    int          rc = PF_ENOMEM, running;

    memset(res, 0, sizeof(*res));
    if (s->core == NULL) {
        ops->log(data, PF_LOG_WARN, PF_HOST_MSG_INTERNAL, "preflight: the "
                 "module gave no way into its core; the listen addresses "
                 "were not checked");
        return PF_OK;
    }
    r = pf_report_create();
    if (r != NULL) {
        r->ctx.server = s->server;
        rc = pf_host_explain(ops, data, s, r, res);
    }
    if (rc == PF_OK) {
        running = ops->running != NULL && ops->running(data) > 0;
        pf_host_decide(ops, data, s, r, running, res);
    } else if (rc == PF_ENOMEM) {
        ops->log(data, PF_LOG_WARN, PF_HOST_MSG_INTERNAL,
                 "preflight: out of memory; the listen addresses were "
                 "not checked");
    }
    pf_report_destroy(r);
    return PF_OK;
}
