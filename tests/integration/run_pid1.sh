#!/bin/sh
# preflight run as a container's entrypoint and under a supervisor:
#  - a signal sent to the launcher's whole process group (kill -USR1
#    -PGID, as a shell's job control or a supervisor's killpg does)
#    reaches the command exactly once, not once from the group and once
#    passed on;
#  - on a terminal the command has its foreground and can read it;
#  - as PID 1 of a PID namespace (unshare -p -f --mount-proc) it reaps an
#    orphan the command leaves behind: no zombie stays, and the command's
#    own exit status is still what comes back.
. "$top_srcdir/tests/integration/lib.sh"

port=$(pf_free_port)
cat >"$PF_TMP/child.py" <<'PY'
import signal, sys, time, os
def on(sig, frame):
    with open(sys.argv[1], "a") as f:
        f.write("%d\n" % sig)
def bye(sig, frame):
    sys.exit(40 + sig)
signal.signal(signal.SIGUSR1, on)
signal.signal(signal.SIGTERM, bye)
open(sys.argv[1] + ".ready", "w").write(str(os.getpid()))
for _ in range(300):
    time.sleep(0.1)
sys.exit(0)
PY

# --- one signal to the group, delivered once --------------------------------
command -v setsid >/dev/null 2>&1 || pf_skip "no setsid"
# a session (and so a process group) whose leader is the launcher
setsid sh -c 'echo $$ >"$1/shim.pid"; shift; exec "$@"' sh "$PF_TMP" \
    "$PREFLIGHT" run "127.0.0.1:$port" -- python3 "$PF_TMP/child.py" "$PF_TMP/got" \
    >"$PF_TMP/out" 2>&1 &
pf_track $!
for _ in $(seq 1 100); do [ -e "$PF_TMP/got.ready" ] && break; sleep 0.05; done
[ -e "$PF_TMP/got.ready" ] || { cat "$PF_TMP/out"; pf_fail "the command did not start"; }
shim=$(cat "$PF_TMP/shim.pid")
pf_track "$shim"
[ "$(ps -o pgid= -p "$shim" | tr -d ' ')" = "$shim" ] || pf_fail "the launcher does not lead its process group"
# the command is in a group of its own: a signal to the launcher's group
# cannot reach it except passed on (two deliveries close together may
# merge into one pending signal, so the count below alone could pass by
# luck)
cpid=$(cat "$PF_TMP/got.ready")
[ "$(ps -o pgid= -p "$cpid" | tr -d ' ')" = "$cpid" ] \
    || pf_fail "the command shares the launcher's process group"
# killpg: what a supervisor or a shell's job control does
python3 -c 'import os, signal, sys; os.killpg(int(sys.argv[1]), signal.SIGUSR1)' "$shim"
sleep 0.5
kill -TERM "$shim"
for _ in $(seq 1 50); do kill -0 "$shim" 2>/dev/null || break; sleep 0.1; done
n=$(grep -c . "$PF_TMP/got" 2>/dev/null || echo 0)
[ "$n" -eq 1 ] || { cat "$PF_TMP/got" 2>/dev/null; pf_fail "SIGUSR1 to the process group reached the command $n times, not once"; }
pf_pass "a signal to the launcher's process group reaches the command once"

# --- on a terminal the command can still read it ----------------------------
# (its group has the terminal's foreground: in a background group a read
# would stop it with SIGTTIN, e.g. Apache asking for a pass phrase)
if command -v script >/dev/null 2>&1; then
    echo "phrase" | timeout 20 script -qec \
        "$PREFLIGHT run 127.0.0.1:$port -- sh -c 'read x; echo got:\$x'" /dev/null \
        >"$PF_TMP/tty.out" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || { cat -v "$PF_TMP/tty.out"; pf_fail "on a terminal: exit $rc (stopped reading it?)"; }
    pf_contains "$PF_TMP/tty.out" "got:phrase"
    pf_pass "on a terminal the command reads it"
fi

# --- PID 1 reaps orphans ------------------------------------------------------
unshare -p -f --mount-proc true 2>/dev/null || pf_skip "no PID namespaces here (unshare -p)"
# the command leaves an orphan (its subshell exits at once), which ends
# after 0.3 s; a second later the command looks at it in /proc
cat >"$PF_TMP/orphans.sh" <<'SH'
( sleep 0.3 & echo $! >"$1/orphan.pid" )
sleep 1.5
st=$(cut -d' ' -f3 "/proc/$(cat "$1/orphan.pid")/stat" 2>/dev/null)
echo "orphan state: ${st:-reaped}" >"$1/orphan.state"
echo "pid1: $(cat /proc/1/comm)" >>"$1/orphan.state"
exit 7
SH
unshare -p -f --mount-proc "$PREFLIGHT" run "127.0.0.1:$port" -- \
    sh "$PF_TMP/orphans.sh" "$PF_TMP" >"$PF_TMP/pid1.out" 2>&1
rc=$?
cat "$PF_TMP/orphan.state" 2>/dev/null
pf_contains "$PF_TMP/orphan.state" "pid1: preflight"
pf_contains "$PF_TMP/orphan.state" "orphan state: reaped"
[ "$rc" -eq 7 ] || { cat "$PF_TMP/pid1.out"; pf_fail "as PID 1: exit $rc, not the command's 7"; }
pf_pass "as PID 1 the launcher reaps an orphan and gives back the command's status"

