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

[ "$(id -u)" -eq 0 ] || pf_skip "needs root (cgroups, a throwaway user)"
[ -d /run/systemd/system ] && pf_skip "systemd runs here: the stand-in systemctl would not be asked"
command -v useradd >/dev/null 2>&1 || pf_skip "no useradd"
command -v setpriv >/dev/null 2>&1 || pf_skip "no setpriv"

tag="pfh16a$$"
base=""
for _root in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
    [ -w "$_root/cgroup.procs" ] || continue
    mkdir "$_root/$tag.slice" 2>/dev/null && { base="$_root/$tag.slice"; break; }
done
[ -n "$base" ] || pf_skip "no writable cgroup hierarchy"

useradd -M -N -s /usr/sbin/nologin "$tag" >/dev/null 2>&1 || pf_skip "cannot create a user"
uid=$(id -u "$tag")

cleanup_proof() {
    # every process this test put in its cgroups, then the cgroups
    for p in $(cat $(find "$base" -name cgroup.procs) 2>/dev/null); do
        kill "$p" 2>/dev/null
    done
    sleep 0.3
    find "$base" -depth -type d -exec rmdir {} \; 2>/dev/null
    userdel "$tag" >/dev/null 2>&1
}
pf_on_exit cleanup_proof

# the user reaches its files and the holder (PF_TMP is 0700)
chmod 711 "$PF_TMP"
mkdir -p "$PF_TMP/bin" "$PF_TMP/units" "$PF_TMP/u"
chmod 777 "$PF_TMP/u"
cp "$top_builddir/tests/integration/pf-hold-port" "$PF_TMP/u/pf-hold-port"
chmod 755 "$PF_TMP/u/pf-hold-port"
calls="$PF_TMP/calls"
: >"$calls"

# The stand-in systemctl: `show -- UNIT` prints $PF_TMP/units/UNIT (as
# systemd would for a system unit it knows); every other verb is logged
# and does nothing.
cat >"$PF_TMP/bin/systemctl" <<EOF
#!/bin/sh
echo "\$*" >>"$calls"
if [ "\$1" = show ]; then
    [ -f "$PF_TMP/units/\$4" ] || { echo "Unit \$4 could not be found." >&2; exit 1; }
    cat "$PF_TMP/units/\$4"
    exit 0
fi
exit 0
EOF
chmod +x "$PF_TMP/bin/systemctl"
pf() { PATH="$PF_TMP/bin:$PATH" PREFLIGHT_STATE_DIR="$PF_TMP/state" "$PREFLIGHT" "$@"; }

# unit NAME CGROUPDIR MAINPID [USER]: a system unit the stand-in knows
unit() {
    printf 'Id=%s\nControlGroup=%s\nMainPID=%s\nUser=%s\n' "$1" \
        "$(pf_cgroup_rel "$2")" "$3" "${4:-}" >"$PF_TMP/units/$1"
}

# hold AS CGROUPDIR PORT [EXE]: a holder as user AS (root or the test's
# user), put in CGROUPDIR before it runs; its PID in $held
hold() {
    _out="$PF_TMP/u/hold.$3.out"
    : >"$_out"; chmod 666 "$_out"
    if [ "$1" = root ]; then
        sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$2" \
            "${4:-$PF_TMP/u/pf-hold-port}" 127.0.0.1 "$3" >"$_out" 2>&1 &
    else
        sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec setpriv --reuid="$0" --regid=65534 --clear-groups "$@"' \
            "$uid" "$2" "${4:-$PF_TMP/u/pf-hold-port}" 127.0.0.1 "$3" >"$_out" 2>&1 &
    fi
    held=$!
    pf_track "$held"
    for _ in $(seq 1 100); do
        grep -q ready "$_out" 2>/dev/null && return 0
        sleep 0.05
    done
    cat "$_out"
    pf_fail "holder on $3 did not start"
}

no_change() {
    if grep -Ev '^show ' "$calls" | grep -q .; then
        echo "--- calls:"; cat "$calls"; pf_fail "$1: systemctl was asked to change a unit"
    fi
    [ -e "$PF_TMP/state/journal" ] && { cat "$PF_TMP/state/journal"; pf_fail "$1: a journal was written"; }
    return 0
}

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
