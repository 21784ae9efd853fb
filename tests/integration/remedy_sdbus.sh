#!/bin/sh
# preflight fix --apply / undo --apply through sd-bus, for real, on a
# machine without systemd: a dbus-daemon of the test's own (a unix socket
# in $PF_TMP, never the real system bus) is preflight's system bus, and on
# it pf-fake-systemd.py owns org.freedesktop.systemd1 for one unit.  The
# test's holder runs in a cgroup named like that unit (as in
# remedy_unit_sim.sh), so the facts name the unit; the fake's StopUnit
# kills that holder, its StartUnit starts a new one in the same cgroup.
# What this proves, through the real command and libsystemd.so.0: the
# executor takes the sd-bus path (the fake's own log of calls: LoadUnit,
# the ActiveState property, GetUnitFileState, StopUnit with its job waited
# for, then StartUnit on undo), the port is freed and held again, and
# with --remedy disable-unit DisableUnitFiles + Reload, then on undo
# EnableUnitFiles + Reload, leave the unit file enabled again.  No
# systemctl is involved (none would work here).
. "$top_srcdir/tests/integration/lib.sh"

grep -q '^#define PF_HAVE_SYSTEMD 1' "$top_builddir/config.h" 2>/dev/null \
    || pf_skip "built without sd-bus (configure found no libsystemd)"
[ "$(id -u)" -eq 0 ] || pf_skip "needs root (a cgroup for the holder)"
[ -d /run/systemd/system ] && pf_skip "systemd runs here: remedy_linux.sh uses a real unit"
command -v dbus-daemon >/dev/null 2>&1 || pf_skip "no dbus-daemon (Debian: dbus-daemon)"
# Debian's python3 first: a python3 of another origin earlier in PATH
# lacks Debian's python3-dbus and python3-gi
py=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import ctypes, dbus, dbus.mainloop.glib, dbus.service
from gi.repository import GLib
ctypes.CDLL("libsystemd.so.0")' >/dev/null 2>&1; then
        py=$p
        break
    fi
done
[ -n "$py" ] || pf_skip "no python3 with dbus and gi (Debian: python3-dbus python3-gi), or no libsystemd.so.0"

unit="pf-remedy-sdbus-$$.service"
cg=$(pf_unit_cgroup "$unit")
[ -n "$cg" ] || pf_skip "no writable cgroup hierarchy to name the holder's unit"

sim="$PF_TMP/sim"
mkdir -p "$sim"
port=$(pf_free_port)
holder="$top_builddir/tests/integration/pf-hold-port"
calls="$sim/calls"
state="$sim/state"

# everything the fake started (its holders), then the cgroup; the bus,
# the fake and the first holder are tracked by PID (lib.sh)
stop_sim() {
    if [ -s "$sim/pid" ]; then
        kill "$(cat "$sim/pid")" 2>/dev/null
    fi
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        [ -z "$(cat "$cg/cgroup.procs" 2>/dev/null)" ] && break
        sleep 0.1
    done
    rmdir "$cg" "$(dirname "$cg")" 2>/dev/null
}
pf_on_exit stop_sim

# --- the holder, in the unit's cgroup before it runs -------------------
sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$cg" \
    "$holder" 127.0.0.1 "$port" >"$sim/holder.out" 2>&1 &
first=$!
pf_track "$first"
pf_wait_listen "$port" || { cat "$sim/holder.out"; pf_fail "the holder does not listen on $port"; }

# --- a bus of the test's own ------------------------------------------
cat >"$sim/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$sim/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$sim/bus.conf" --nofork --nopidfile \
    --print-address=1 >"$sim/bus.address" 2>"$sim/bus.err" &
pf_track $!
for _ in $(seq 1 100); do
    [ -S "$sim/bus" ] && [ -s "$sim/bus.address" ] && break
    sleep 0.05
done
[ -S "$sim/bus" ] || { cat "$sim/bus.err"; pf_fail "dbus-daemon did not start"; }
bus=$(head -n 1 "$sim/bus.address")
case $bus in unix:path=$sim/bus*) ;; *) pf_fail "dbus-daemon listens on '$bus', not $sim/bus" ;; esac

# --- the stand-in systemd on it ---------------------------------------
"$py" "$top_srcdir/tests/integration/pf-fake-systemd.py" --address "$bus" \
    --unit "$unit" --holder-pid "$first" --cgroup "$cg" \
    --holder-out "$sim/holder.out" --log "$calls" --state "$state" \
    --pidfile "$sim/pid" -- "$holder" 127.0.0.1 "$port" \
    >"$sim/fake.out" 2>&1 &
pf_track $!
for _ in $(seq 1 100); do
    grep -q '^ready' "$sim/fake.out" 2>/dev/null && break
    sleep 0.05
done
grep -q '^ready' "$sim/fake.out" || { cat "$sim/fake.out"; pf_fail "the fake systemd did not start"; }

PREFLIGHT_STATE_DIR="$PF_TMP/state"
export PREFLIGHT_STATE_DIR
journal="$PREFLIGHT_STATE_DIR/journal"
# the private bus is the system bus of preflight only
pf() { DBUS_SYSTEM_BUS_ADDRESS=$bus "$PREFLIGHT" "$@"; }
unit_state() { sed -n "s/^$1=//p" "$state"; }
ncalls() { wc -l <"$calls"; }
fail_with() { echo "--- calls to the fake:"; cat "$calls" 2>/dev/null; cat "$sim/fake.out"; pf_fail "$*"; }
# calls_in_order N CALL...: after the first N lines of its log, the fake
# received each CALL, in this order (others may come in between)
calls_in_order() {
    _at=$1; shift
    for _c in "$@"; do
        _at=$(awk -v s="$_at" -v c="$_c" 'NR > s && $0 == c { print NR; exit }' "$calls")
        [ -n "$_at" ] || fail_with "the fake did not receive, in this order: $*; missing: $_c"
    done
}
unit_path=/org/freedesktop/systemd1/unit/$(echo "$unit" | sed 's/-/_2d/g; s/\./_2e/g')
get_active="Get $unit_path org.freedesktop.systemd1.Unit ActiveState"
job_state() { echo "Get /org/freedesktop/systemd1/job/$1 org.freedesktop.systemd1.Job State"; }

# --- the plan -------------------------------------------------------------
pf fix "127.0.0.1:$port" --no-color >"$PF_TMP/plan.txt" 2>&1
[ $? -eq 1 ] || { cat "$PF_TMP/plan.txt"; pf_fail "dry run: exit code"; }
pf_contains "$PF_TMP/plan.txt" "[can be applied] stop-unit for 127.0.0.1:$port"
pf_contains "$PF_TMP/plan.txt" "unit $unit"
grep -Eq '^(StopUnit|StartUnit|DisableUnitFiles|EnableUnitFiles|Reload)' "$calls" \
    && fail_with "a dry run changed a unit"
# proof of possession over sd-bus: the unit of the holder's PID, then the
# unit's own cgroup, user and main process
calls_in_order 0 "GetUnitByPID $first" \
    "Get $unit_path org.freedesktop.systemd1.Unit Id" \
    "Get $unit_path org.freedesktop.systemd1.Service ControlGroup"
pf_contains "$PF_TMP/plan.txt" "systemd: PID $first is the main process of $unit"
pf_pass "the plan offers to stop $unit (named from the holder's cgroup, proven by GetUnitByPID)"

# --- stop-unit through sd-bus -------------------------------------------
n=$(ncalls)
pf fix "127.0.0.1:$port" --apply --yes --no-color >"$PF_TMP/apply.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/apply.txt"; fail_with "--apply --yes: exit $rc"; }
pf_contains "$PF_TMP/apply.txt" "done: systemctl stop $unit"
pf_contains "$PF_TMP/apply.txt" "127.0.0.1:$port: free"
ss -Hltn "sport = :$port" | grep -q . && pf_fail "port $port is still held"
st=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$first/status" 2>/dev/null)
[ -n "$st" ] && [ "$st" != Z ] && pf_fail "the holder (PID $first) still runs"
grep -q "state=done kind=unit op=stop subject=$unit before=active" "$journal" \
    || { cat "$journal"; pf_fail "the journal does not record the stop"; }
# proven again at apply time, the state read, the stop job waited for,
# then the state checked
calls_in_order "$n" "GetUnitByPID $first" "LoadUnit $unit" "$get_active" "GetUnitFileState $unit" \
    "StopUnit $unit replace" "$(job_state 1)" "job 1 stop done: inactive" \
    "LoadUnit $unit" "$get_active"
grep -q 'UnitFiles' "$calls" && fail_with "stop-unit changed the unit file"
[ "$(unit_state ActiveState)" = inactive ] || fail_with "the fake's unit is $(unit_state ActiveState)"
pf_pass "--apply --yes: StopUnit over sd-bus, job waited for, $unit inactive, port free, journalled"

pf undo >"$PF_TMP/undo-plan.txt" 2>&1
[ $? -eq 0 ] || pf_fail "undo dry run: exit code"
pf_contains "$PF_TMP/undo-plan.txt" "systemctl start $unit"
grep -q '^StartUnit' "$calls" && fail_with "undo without --apply started the unit"
n=$(ncalls)
pf undo --apply --yes >"$PF_TMP/undo.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/undo.txt"; fail_with "undo --apply: exit $rc"; }
pf_contains "$PF_TMP/undo.txt" "done: systemctl start $unit"
calls_in_order "$n" "StartUnit $unit replace" "$(job_state 2)" \
    "job 2 start done: active" "LoadUnit $unit" "$get_active"
pf_wait_listen "$port" || fail_with "port $port is not held again after undo"
[ "$(unit_state ActiveState)" = active ] || fail_with "the fake's unit is $(unit_state ActiveState)"
[ -e "$journal" ] && pf_fail "the journal was not archived"
ls "$PREFLIGHT_STATE_DIR"/journal.*.undone >/dev/null 2>&1 || pf_fail "no archived journal"
pf_pass "undo --apply: StartUnit over sd-bus, port held again, journal archived"

pf fix "127.0.0.1:$port" --no-color >"$PF_TMP/plan2.txt" 2>&1
[ $? -eq 1 ] || { cat "$PF_TMP/plan2.txt"; pf_fail "the restarted holder is not found"; }
pf_contains "$PF_TMP/plan2.txt" "PID $(cat "$sim/pid")"
pf_contains "$PF_TMP/plan2.txt" "stop-unit for 127.0.0.1:$port"
pf_pass "the holder started by StartUnit is named, in $unit"

# --- disable-unit through sd-bus ------------------------------------------
[ "$(unit_state UnitFileState)" = enabled ] || fail_with "the unit file is not enabled to begin with"
n=$(ncalls)
pf fix "127.0.0.1:$port" --remedy disable-unit --apply --yes --no-color \
    >"$PF_TMP/disable.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/disable.txt"; fail_with "--remedy disable-unit: exit $rc"; }
pf_contains "$PF_TMP/disable.txt" "done: systemctl disable $unit"
pf_contains "$PF_TMP/disable.txt" "done: systemctl stop $unit"
pf_contains "$PF_TMP/disable.txt" "127.0.0.1:$port: free"
calls_in_order "$n" "LoadUnit $unit" "$get_active" "GetUnitFileState $unit" \
    "DisableUnitFiles $unit runtime=0" Reload "StopUnit $unit replace" \
    "$(job_state 3)" "job 3 stop done: inactive" "LoadUnit $unit" "$get_active"
[ "$(unit_state UnitFileState)" = disabled ] || fail_with "unit file $(unit_state UnitFileState), expected disabled"
[ "$(unit_state ActiveState)" = inactive ] || fail_with "the fake's unit is $(unit_state ActiveState)"
grep -q "kind=unit op=disable subject=$unit before=enabled" "$journal" \
    || { cat "$journal"; pf_fail "the journal does not record the disable"; }
pf_pass "--remedy disable-unit: DisableUnitFiles + Reload + StopUnit over sd-bus; disabled, inactive, port free"

n=$(ncalls)
pf undo --apply --yes >"$PF_TMP/undo-disable.txt" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/undo-disable.txt"; fail_with "undo --apply after disable: exit $rc"; }
pf_contains "$PF_TMP/undo-disable.txt" "done: systemctl start $unit"
pf_contains "$PF_TMP/undo-disable.txt" "done: systemctl enable $unit"
# newest change first: the start, then the unit file
calls_in_order "$n" "StartUnit $unit replace" "$(job_state 4)" \
    "job 4 start done: active" "LoadUnit $unit" "$get_active" \
    "EnableUnitFiles $unit runtime=0 force=0" Reload
[ "$(unit_state UnitFileState)" = enabled ] || fail_with "unit file $(unit_state UnitFileState) after undo, expected enabled"
[ "$(unit_state ActiveState)" = active ] || fail_with "the fake's unit is $(unit_state ActiveState) after undo"
pf_wait_listen "$port" || fail_with "port $port is not held again after undo"
pf_pass "undo --apply: StartUnit, EnableUnitFiles + Reload; enabled, active, port held"

n=$(ncalls)
pf undo --apply >"$PF_TMP/undo2.txt" 2>&1
[ $? -eq 0 ] || { cat "$PF_TMP/undo2.txt"; pf_fail "second undo: exit code"; }
pf_contains "$PF_TMP/undo2.txt" "Nothing to undo"
[ "$(ncalls)" -eq "$n" ] || fail_with "a second undo called the fake"
pf_pass "a second undo has nothing to do"

# --- proof of possession (issue 16): another user's process in the unit's
# cgroup, neither its main process nor running as its user (root) --------
if command -v setpriv >/dev/null 2>&1; then
    port2=$(pf_free_port)
    sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"' \
        sh "$cg" "$holder" 127.0.0.1 "$port2" >"$sim/job.out" 2>&1 &
    job=$!
    pf_track "$job"
    pf_wait_listen "$port2" || { cat "$sim/job.out"; pf_fail "the job does not listen on $port2"; }
    n=$(ncalls)
    pf fix "127.0.0.1:$port2" --apply --yes --no-color >"$PF_TMP/job.txt" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] || { cat "$PF_TMP/job.txt"; fail_with "a job in the unit's cgroup: exit $rc, expected 3"; }
    calls_in_order "$n" "GetUnitByPID $job" \
        "Get $unit_path org.freedesktop.systemd1.Service MainPID"
    tail -n +"$((n + 1))" "$calls" | grep -Eq '^(StopUnit|DisableUnitFiles)' \
        && fail_with "the unit was stopped for another user's process in its cgroup"
    pf_contains "$PF_TMP/job.txt" "kill $job"
    pf_contains "$PF_TMP/job.txt" "neither its main process (PID $(cat "$sim/pid")) nor runs as its user (root)"
    pf_not_contains "$PF_TMP/job.txt" "[can be applied]"
    kill -0 "$job" || pf_fail "the job was stopped"
    pf_pass "another user's process in $unit's cgroup: systemd (sd-bus) does not prove it the unit's, advice only"
    # out of the cgroup before stop_sim removes it
    kill "$job"
    wait "$job" 2>/dev/null || :
fi
