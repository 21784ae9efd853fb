#!/bin/sh
# The SCM under Wine: a service already stopping.  A test service
# (pf-http-service.exe PORT tcp slow) holds PORT with its own socket and
# takes 6 s to stop, as WAS draining its pools does: STOP_PENDING with a
# rising checkpoint and a wait hint, the port still held.  Someone has
# just asked it to stop (`sc stop`); `preflight.exe fix PORT --apply
# --yes` then asks again, which the SCM refuses with
# ERROR_SERVICE_CANNOT_ACCEPT_CTRL (1061).  preflight must wait for the
# service to reach STOPPED, following its checkpoints, and succeed; the
# port comes free.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"
. "$top_srcdir/tests/win/service_lib.sh"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
name="PfScmTest$$"
# it takes 6 s to stop: wait that long before deleting it
pf_win_service_stop_wait=7
pf_win_service "$name" tcp slow

w sc stop "$name" >/dev/null 2>&1
[ "$(query)" = "state=pending start=demand" ] || pf_fail "$name is not stopping"
listening || pf_fail "$name let go of port $port at once"
rc=0
w "$PREFLIGHT" fix "$port" --apply --yes >"$PF_TMP/apply.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/apply.out"; pf_fail "fix --apply --yes exited $rc on a service already stopping"; }
pf_not_contains "$PF_TMP/apply.out" "1061"
pf_contains "$PF_TMP/apply.out" "done: sc stop $name"
[ "$(query)" = "state=stopped start=demand" ] || { cat "$PF_TMP/apply.out"; pf_fail "fix returned before $name stopped"; }
listening && pf_fail "port $port is still held after the fix"
pf_pass "a service already stopping (1061) was waited for: $name stopped, port $port free"
