#!/bin/sh
# Issue 16, proof of possession: a local user must not steer root's
# `preflight fix --apply`.  Each attack is laid out for real on this
# machine (without systemd): cgroups as systemd delegates them, a
# throwaway user that owns its subtree and runs its own holder there, and
# a stand-in `systemctl` first in PATH that answers `show` as systemd
# would for the SYSTEM's units (their own cgroup, their main PID, their
# User=) and logs every call.  Any stop/disable/start call is a failure:
#
#   1. a user unit .../user@UID.service/app.slice/ssh.service holding the
#      port: advice `systemctl --user -M USER@ stop ssh.service`, never
#      the system's ssh.service;
#   2. a cron-like service whose cgroup holds the user's process (not its
#      main process, not its User=): advice "kill PID", never the service;
#   3. a service inside a container's cgroup
#      (.../docker-<id>.scope/system.slice/nginx.service): docker stop
#      advice, never the host's nginx.service;
#   4. a copy of a binary named docker-proxy: an ordinary process, not a
#      container;
#   5. the proof again at apply time: the plan's holder (the unit's main
#      process) exits while the confirmation prompt waits, and the user's
#      process takes the port in the same cgroup: refused, nothing run.
. "$top_srcdir/tests/integration/lib.sh"

. "$top_srcdir/tests/integration/proof_lib.sh"

# --- 1. a user manager's ssh.service --------------------------------------
ucg="$base/user-$uid.slice/user@$uid.service/app.slice/ssh.service"
mkdir -p "$ucg"
chown -R "$tag" "$base/user-$uid.slice/user@$uid.service"
mkdir -p "$base/system.slice/ssh.service"
sleep 1000 &
sshd=$!
pf_track "$sshd"
echo "$sshd" >"$base/system.slice/ssh.service/cgroup.procs"
unit ssh.service "$base/system.slice/ssh.service" "$sshd"
port=$(pf_free_port)
hold user "$ucg" "$port"
pf fix "127.0.0.1:$port" --apply --yes --no-color >"$PF_TMP/user.txt" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat "$PF_TMP/user.txt"; pf_fail "user unit: exit $rc, expected 3"; }
no_change "user unit"
pf_not_contains "$PF_TMP/user.txt" "systemctl stop ssh.service"
pf_contains "$PF_TMP/user.txt" "systemctl --user -M $tag@ stop ssh.service"
pf_contains "$PF_TMP/user.txt" "a unit of the user manager of uid $uid"
kill -0 "$sshd" || pf_fail "the system's ssh.service stand-in is gone"
pf_wait_listen "$port" || pf_fail "the user's holder was stopped"
pf_pass "a user unit named ssh.service: advice for the user's manager, the system's ssh.service untouched"

# --- 2. a cron-like service holding a user's job ---------------------------
ccg="$base/pf-cron-$$.service"
mkdir -p "$ccg"
sleep 1000 &
crond=$!
pf_track "$crond"
echo "$crond" >"$ccg/cgroup.procs"
unit "pf-cron-$$.service" "$ccg" "$crond"
port=$(pf_free_port)
hold user "$ccg" "$port"
job=$held
: >"$calls"
pf fix "127.0.0.1:$port" --apply --yes --no-color >"$PF_TMP/cron.txt" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat "$PF_TMP/cron.txt"; pf_fail "cron job: exit $rc, expected 3"; }
grep -q "^show --property=Id,ControlGroup,MainPID,User -- pf-cron-$$.service" "$calls" \
    || { cat "$calls"; pf_fail "systemd (the stand-in) was not asked for the proof"; }
no_change "cron job"
pf_contains "$PF_TMP/cron.txt" "kill $job"
pf_contains "$PF_TMP/cron.txt" "is neither its main process (PID $crond) nor runs as its user (root)"
pf_not_contains "$PF_TMP/cron.txt" "[can be applied]"
pf_pass "a user's job in a cron-like service's cgroup: advice to stop PID $job, the service untouched"

# the same unit, its main process the holder: now proven (the control)
port=$(pf_free_port)
hold root "$ccg" "$port"
unit "pf-cron-$$.service" "$ccg" "$held"
pf fix "127.0.0.1:$port" --no-color >"$PF_TMP/cron-main.txt" 2>&1
pf_contains "$PF_TMP/cron-main.txt" "[can be applied] stop-unit for 127.0.0.1:$port"
pf_contains "$PF_TMP/cron-main.txt" "systemd: PID $held is the main process of pf-cron-$$.service"
pf_pass "its main process holding a port: stop-unit can be applied (proven by systemd)"
kill "$held" 2>/dev/null

# --- 3. a unit inside a container's cgroup ---------------------------------
cid=$(printf 'pf%s' "$tag" | sha256sum | cut -c1-64)
kcg="$base/docker-$cid.scope/system.slice/nginx.service"
mkdir -p "$kcg"
unit nginx.service "$base/system.slice/nginx.service" 1
port=$(pf_free_port)
hold root "$kcg" "$port"
: >"$calls"
pf fix "127.0.0.1:$port" --apply --yes --no-color >"$PF_TMP/container.txt" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat "$PF_TMP/container.txt"; pf_fail "container: exit $rc, expected 3"; }
no_change "container"
pf_not_contains "$PF_TMP/container.txt" "systemctl stop nginx.service"
pf_contains "$PF_TMP/container.txt" "docker stop $(echo "$cid" | cut -c1-12)"
pf_pass "nginx.service inside a container's cgroup: docker stop advice, the host's nginx.service untouched"

# --- 4. a binary merely named docker-proxy --------------------------------
cp "$PF_TMP/u/pf-hold-port" "$PF_TMP/u/docker-proxy"
port=$(pf_free_port)
hold user "$base" "$port" "$PF_TMP/u/docker-proxy"
pf explain "127.0.0.1:$port" --no-color >"$PF_TMP/proxy.txt" 2>&1
pf_contains "$PF_TMP/proxy.txt" "is in use by docker-proxy (PID $held"
pf_not_contains "$PF_TMP/proxy.txt" "docker container"
pf_contains "$PF_TMP/proxy.txt" "kill $held"
pf_pass "a copy of a binary named docker-proxy: an ordinary process (PID $held), no container blamed"

# --- 5. the proof again at apply time --------------------------------------
if command -v script >/dev/null 2>&1; then
    scg="$base/pf-swap-$$.service"
    mkdir -p "$scg"
    port=$(pf_free_port)
    hold root "$scg" "$port"
    first=$held
    unit "pf-swap-$$.service" "$scg" "$first"
    : >"$calls"
    # the answer comes late: meanwhile the main process exits and the
    # user's own process takes the port, in the same cgroup
    ( sleep 3; echo y ) | PATH="$PF_TMP/bin:$PATH" PREFLIGHT_STATE_DIR="$PF_TMP/state" \
        script -qec "$PREFLIGHT fix 127.0.0.1:$port --apply --no-color" /dev/null \
        >"$PF_TMP/swap.txt" 2>&1 &
    fixer=$!
    pf_track "$fixer"
    for _ in $(seq 1 50); do
        grep -q 'Apply the 1 step' "$PF_TMP/swap.txt" 2>/dev/null && break
        sleep 0.1
    done
    pf_contains "$PF_TMP/swap.txt" "[can be applied] stop-unit for 127.0.0.1:$port"
    kill "$first"
    for _ in $(seq 1 50); do ss -Hltn "sport = :$port" | grep -q . || break; sleep 0.05; done
    hold user "$scg" "$port"
    wait "$fixer"
    no_change "apply after the holder changed"
    pf_contains "$PF_TMP/swap.txt" "refused: pf-swap-$$.service no longer proves to hold 127.0.0.1:$port"
    pf_contains "$PF_TMP/swap.txt" "is neither its main process (PID $first)"
    pf_wait_listen "$port" || pf_fail "the user's holder was stopped"
    pf_pass "the holder changed between plan and apply: refused at apply time, nothing run"
fi
