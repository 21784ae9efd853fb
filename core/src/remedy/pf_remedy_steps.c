/*
 * A planned step as journalled changes.  The current state is read first,
 * so that the journal records what undo must restore, and nothing is
 * changed that is already as wanted.
 */
#include <string.h>

#include "pf_remedy_apply.h"
#include "pf_remedy_safety.h"

static int
pf_step_note(pf_applier_t *a, const char *what)
{
    pf_buf_printf(a->out, "%s     %s: nothing to change\n", a->prefix,
                  pf_inert(a->pool, what));
    return PF_OK;
}

static int
pf_unit_is_active(const char *active)
{
    return active != NULL && strcmp(active, "inactive") != 0
           && strcmp(active, "failed") != 0;
}

/* The same proof as the plan's, on facts gathered now: between the plan
 * and this moment the holder may have exited and another process, of
 * anybody, taken the port. */
static int
pf_step_reprove(pf_applier_t *a, const pf_step_t *s)
{
    const pf_executor_t *ex = a->ex;
    const char          *why;

    if (ex->reprove == NULL || a->report == NULL) {
        why = "this executor cannot check the holder again";
    } else {
        why = ex->reprove(ex->data, a->pool, a->report, s);
    }
    if (why == NULL) {
        return PF_OK;
    }
    pf_error_set(a->err, NULL, 0, "refused: %s no longer proves to hold "
                 "%s (%s); nothing was changed for it", s->remedy->subject,
                 s->targets, why);
    pf_buf_printf(a->out, "%s     refused: %s\n", a->prefix,
                  a->err->message);
    return PF_ERROR;
}

static int
pf_step_unit(pf_applier_t *a, const pf_step_t *s)
{
    const pf_executor_t *ex = a->ex;
    const char          *u = s->remedy->subject;
    const char          *active = NULL, *file_state = NULL;

    if (ex->unit_query == NULL) {
        pf_error_set(a->err, NULL, 0, "systemd units cannot be changed on "
                     "this platform (%s)", ex->name);
        return PF_ERROR;
    }
    if (pf_step_reprove(a, s) != PF_OK) {
        return PF_ERROR;
    }
    if (ex->unit_query(ex->data, a->pool, u, &active, &file_state, a->err)
        != PF_OK)
    {
        return PF_ERROR;
    }
    if (s->remedy->action == PF_ACTION_DISABLE_UNIT && file_state != NULL
        && strcmp(file_state, "enabled") == 0
        && pf_apply_change(a, s, &(pf_change_t) {
               .kind = "unit", .op = "disable", .subject = u,
               .before = file_state, .after = "disabled",
               .command = pf_psprintf(a->pool, "systemctl disable %s",
                                      pf_sh_quote(a->pool, u)) })
           != PF_OK)
    {
        return PF_ERROR;
    }
    if (!pf_unit_is_active(active)) {
        return pf_step_note(a, pf_psprintf(a->pool, "unit %s is %s", u,
                                           active ? active : "?"));
    }
    return pf_apply_change(a, s, &(pf_change_t) {
        .kind = "unit", .op = "stop", .subject = u, .before = active,
        .after = "inactive",
        .command = pf_psprintf(a->pool, "systemctl stop %s",
                               pf_sh_quote(a->pool, u)) });
}

/* net stop X /y: the running dependents first, then the service. */
static int
pf_step_service_stop(pf_applier_t *a, const pf_step_t *s, const char *name)
{
    const pf_executor_t *ex = a->ex;
    pf_array_t           deps;
    size_t               i;

    if (pf_array_init(&deps, a->pool, 4, sizeof(char *)) != PF_OK) {
        pf_error_set(a->err, NULL, 0, "out of memory");
        return PF_ERROR;
    }
    if (ex->service_dependents != NULL
        && ex->service_dependents(ex->data, a->pool, name, &deps, a->err)
           != PF_OK)
    {
        return PF_ERROR;
    }
    for (i = 0; i < deps.nelts; i++) {
        const char *d = PF_ARRAY_AT(&deps, const char *, i);

        if (!pf_service_name_ok(d)) {
            pf_error_set(a->err, NULL, 0, "dependent service '%s' is not a "
                         "service name preflight acts on",
                         pf_inert(a->pool, d));
            return PF_ERROR;
        }
        if (pf_apply_change(a, s, &(pf_change_t) {
                .kind = "service", .op = "stop", .subject = d,
                .before = "running", .after = "stopped",
                .command = pf_psprintf(a->pool, "sc stop %s",
                                       pf_cmd_quote(a->pool, d)) })
            != PF_OK)
        {
            return PF_ERROR;
        }
    }
    return pf_apply_change(a, s, &(pf_change_t) {
        .kind = "service", .op = "stop", .subject = name,
        .before = "running", .after = "stopped",
        .command = pf_psprintf(a->pool, "sc stop %s",
                               pf_cmd_quote(a->pool, name)) });
}

static int
pf_step_service(pf_applier_t *a, const pf_step_t *s)
{
    const pf_executor_t *ex = a->ex;
    const char          *name = s->remedy->subject;
    const char          *start_type = NULL;
    int                  running = 0;

    if (ex->service_query == NULL) {
        pf_error_set(a->err, NULL, 0, "services cannot be changed on this "
                     "platform (%s)", ex->name);
        return PF_ERROR;
    }
    if (ex->service_query(ex->data, a->pool, name, &running, &start_type,
                          a->err) != PF_OK)
    {
        return PF_ERROR;
    }
    if (!running) {
        pf_step_note(a, pf_psprintf(a->pool, "service %s is not running",
                                    name));
    } else if (pf_step_service_stop(a, s, name) != PF_OK) {
        return PF_ERROR;
    }
    if (s->remedy->action == PF_ACTION_STOP_SERVICE
        && ex->service_triggered != NULL
        && ex->service_triggered(ex->data, name) == 1)
    {
        /* a trigger (a device, a network event, an RPC call) starts it
         * again; only the user may decide to disable it */
        pf_buf_printf(a->out, "%s     note: service %s is trigger-"
                      "started: Windows may start it again and take the "
                      "port back; to keep it stopped: sc config %s start= "
                      "disabled (remedy disable-service)\n", a->prefix,
                      pf_inert(a->pool, name), pf_inert(a->pool, name));
    }
    if (s->remedy->action != PF_ACTION_DISABLE_SERVICE
        || (start_type != NULL && strcmp(start_type, "disabled") == 0))
    {
        return PF_OK;
    }
    return pf_apply_change(a, s, &(pf_change_t) {
        .kind = "service", .op = "set-start", .subject = name,
        .before = start_type ? start_type : "demand", .after = "disabled",
        .command = pf_psprintf(a->pool, "sc config %s start= disabled",
                               pf_cmd_quote(a->pool, name)) });
}

static int
pf_step_iplisten(pf_applier_t *a, const pf_step_t *s)
{
    const char *addr = s->remedy->subject;

    if (pf_str_in(&s->check->facts.httpsys.iplisten, addr)) {
        return pf_step_note(a, pf_psprintf(a->pool, "iplisten %s is already "
                                           "listed", addr));
    }
    return pf_apply_change(a, s, &(pf_change_t) {
        .kind = "iplisten", .op = "add", .subject = addr,
        .before = "absent", .after = "present",
        .command = pf_psprintf(a->pool, "netsh http add iplisten "
                               "ipaddress=%s", addr) });
}

int
pf_apply_step(pf_applier_t *a, const pf_step_t *s)
{
    switch (s->remedy->action) {
    case PF_ACTION_STOP_UNIT:
    case PF_ACTION_DISABLE_UNIT:
        return pf_step_unit(a, s);
    case PF_ACTION_STOP_SERVICE:
    case PF_ACTION_DISABLE_SERVICE:
        return pf_step_service(a, s);
    case PF_ACTION_ADD_IPLISTEN:
        return pf_step_iplisten(a, s);
    default:
        pf_error_set(a->err, NULL, 0, "%s is not carried out automatically",
                     pf_action_name(s->remedy->action));
        return PF_ERROR;
    }
}
