/*
 * A plan for people (also the lines a server module logs) and for
 * scripts (JSON, schema 1, added to by new fields only).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "pf_remedy.h"
#include "pf_version.h"

static const char *
pf_step_status(const pf_step_t *s)
{
    static const char *kinds[] = {
        "can be applied", "config change", "advice", "refused",
        "not allowed"
    };

    if (s->applied > 0) {
        return "done";
    }
    if (s->applied < 0) {
        return "failed";
    }
    return (unsigned) s->kind <= PF_STEP_SKIPPED ? kinds[s->kind] : "?";
}

static const char *
pf_step_status_json(const pf_step_t *s)
{
    static const char *kinds[] = {
        "planned", "manual", "advice", "refused", "skipped"
    };

    if (s->applied != 0) {
        return s->applied > 0 ? "done" : "failed";
    }
    return (unsigned) s->kind <= PF_STEP_SKIPPED ? kinds[s->kind] : "?";
}

static void
pf_step_commands_text(const pf_step_t *s, const char *prefix, pf_buf_t *out)
{
    const pf_array_t *cmds = &s->remedy->commands;
    const char       *label = s->kind == PF_STEP_ADVICE
                              ? "run by hand" : "same as";
    size_t            i;

    for (i = 0; i < cmds->nelts; i++) {
        pf_buf_printf(out, "%s     %s: ", prefix, label);
        pf_buf_inert(out, PF_ARRAY_AT(cmds, const char *, i));
        pf_buf_printf(out, "%s\n",
                      s->remedy->needs_admin ? "   [needs admin]" : "");
    }
}

static void
pf_step_line(pf_buf_t *out, const char *prefix, const char *s)
{
    pf_buf_puts(out, prefix);
    pf_buf_inert(out, s);
    pf_buf_puts(out, "\n");
}

static void
pf_step_text(const pf_step_t *s, size_t n, const char *prefix, pf_buf_t *out)
{
    const pf_remedy_t *m = s->remedy;

    /* summary, change, refusal and result name the system's strings */
    pf_buf_printf(out, "%s  %u. [%s] %s for %s (%s): ", prefix,
                  (unsigned) n, pf_step_status(s),
                  m->id ? m->id : pf_action_name(m->action), s->targets,
                  pf_cause_name(s->finding->cause));
    pf_step_line(out, "", m->summary ? m->summary : "");
    pf_step_commands_text(s, prefix, out);
    if (s->kind != PF_STEP_ADVICE) {
        pf_buf_printf(out, "%s     changes: ", prefix);
        pf_step_line(out, "", s->change);
    }
    if (s->kind == PF_STEP_ADVICE && s->finding->cause == PF_CAUSE_PROCESS
        && s->finding->holders.nelts > 0)
    {
        pf_buf_printf(out, "%s     (a process is never killed "
                      "automatically)\n", prefix);
    }
    if (s->refusal != NULL) {
        pf_buf_printf(out, "%s     why not: ", prefix);
        pf_step_line(out, "", s->refusal);
    }
    if (s->result != NULL) {
        pf_buf_printf(out, "%s     result: ", prefix);
        pf_step_line(out, "", s->result);
    }
}

void
pf_plan_render_text(const pf_plan_t *plan, const char *prefix, pf_buf_t *out)
{
    size_t i;

    if (plan->conflicts == 0) {
        pf_buf_printf(out, "%sNothing to fix: every target can be bound.\n",
                      prefix);
        return;
    }
    if (plan->steps.nelts == 0) {
        pf_buf_printf(out, "%sNo remedy is known for the %u conflicting "
                      "target(s).\n", prefix, plan->conflicts);
        return;
    }
    pf_buf_printf(out, "%sRemedy plan:\n", prefix);
    for (i = 0; i < plan->steps.nelts; i++) {
        pf_step_text(&PF_ARRAY_AT(&plan->steps, pf_step_t, i), i + 1, prefix,
                     out);
    }
}

static void
pf_json_field(pf_buf_t *out, const char *key, const char *value, int comma)
{
    pf_buf_printf(out, "%s\"%s\":", comma ? "," : "", key);
    if (value == NULL) {
        pf_buf_puts(out, "null");
    } else {
        pf_json_str(out, value);
    }
}

static void
pf_step_json(const pf_step_t *s, pf_buf_t *out)
{
    const pf_remedy_t *m = s->remedy;
    size_t             i;

    pf_json_field(out, "targets", s->targets, 0);
    pf_json_field(out, "cause", pf_cause_name(s->finding->cause), 1);
    pf_json_field(out, "remedy", m->id, 1);
    pf_json_field(out, "action", pf_action_name(m->action), 1);
    pf_json_field(out, "subject", m->subject, 1);
    pf_json_field(out, "summary", m->summary, 1);
    pf_buf_puts(out, ",\"commands\":[");
    for (i = 0; i < m->commands.nelts; i++) {
        if (i) {
            pf_buf_puts(out, ",");
        }
        pf_json_str(out, PF_ARRAY_AT(&m->commands, const char *, i));
    }
    pf_buf_printf(out, "],\"needs_admin\":%s", m->needs_admin ? "true"
                                                               : "false");
    pf_json_field(out, "change", s->change, 1);
    pf_json_field(out, "status", pf_step_status_json(s), 1);
    pf_json_field(out, "reason", s->refusal, 1);
    pf_json_field(out, "result", s->result, 1);
}

void
pf_plan_render_json(const pf_plan_t *plan, int apply, const char *report,
                    pf_buf_t *out)
{
    size_t i;

    pf_buf_printf(out, "{\"schema\":%d,\"tool\":\"preflight\",\"version\":"
                  "\"%s\",\"command\":\"fix\",\"apply\":%s,\"conflicts\":%u,"
                  "\"uncovered\":%u,\"steps\":[", PF_JSON_SCHEMA, PF_VERSION,
                  apply ? "true" : "false", plan->conflicts, plan->uncovered);
    for (i = 0; i < plan->steps.nelts; i++) {
        pf_buf_puts(out, i ? ",{" : "{");
        pf_step_json(&PF_ARRAY_AT(&plan->steps, pf_step_t, i), out);
        pf_buf_puts(out, "}");
    }
    pf_buf_puts(out, "]");
    if (report != NULL) {
        size_t n = strlen(report);

        while (n > 0 && (report[n - 1] == '\n' || report[n - 1] == ' ')) {
            n--;
        }
        pf_buf_puts(out, ",\"report\":");
        pf_buf_add(out, report, n);
    }
    pf_buf_puts(out, "}\n");
}
