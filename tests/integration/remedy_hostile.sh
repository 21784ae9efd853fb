#!/bin/sh
# Issue 16, as an unprivileged user would try it on root, through the real
# command:
#  - a holder whose process name holds ESC, CR and ';' (an executable file
#    so named: its comm is that name) inside a cgroup named like a unit
#    with ';' and ESC in it ("x.service;touch PWNED;<ESC>[31m.service"):
#    check, fix and the JSON print both escaped, and pasting every
#    suggested command into sh runs nothing but what it names (no PWNED);
#  - a planted journal (enable /home/user/x.service, a unit with ';', an
#    escape sequence): undo shows it escaped and REFUSED and undo --apply
#    runs nothing;
#  - undo --apply without --yes and without a terminal refuses; on a
#    terminal it asks;
#  - a state directory that is a link or writable by others is refused.
# A stand-in `systemctl` first in PATH logs every call; every unit named
# is this test's own and does not exist.
. "$top_srcdir/tests/integration/lib.sh"

[ "$(id -u)" -eq 0 ] || pf_skip "needs root (undo --apply, a cgroup)"

esc=$(printf '\033')
cr=$(printf '\r')
bin="$PF_TMP/bin"
mkdir -p "$bin" "$PF_TMP/paste"
printf '#!/bin/sh\necho "$*" >>"%s/systemctl.calls"\n' "$PF_TMP" >"$bin/systemctl"
printf 'case $1 in is-active) echo active ;; is-enabled) echo enabled ;; esac\n' >>"$bin/systemctl"
chmod +x "$bin/systemctl"
run() { PATH="$bin:$PATH" "$PREFLIGHT" "$@"; }
no_calls() {
    if [ -s "$PF_TMP/systemctl.calls" ]; then
        cat "$PF_TMP/systemctl.calls"; pf_fail "$1: systemctl ran"
    fi
}
no_raw_controls() {
    if LC_ALL=C grep -q "[$esc$cr]" "$1"; then
        cat -v "$1"; pf_fail "a raw ESC or CR reached $1"
    fi
}

# --- a hostile process name, in a hostile unit -----------------------------
port=$(pf_free_port)
hname="h${esc}[2J;id${cr}"
cp "$top_builddir/tests/integration/pf-hold-port" "$PF_TMP/$hname"
unit="pf-h$$.service;touch PWNED;${esc}[31m.service"
cg=$(pf_unit_cgroup "$unit")
rm_cg() {
    if [ -n "$cg" ]; then
        kill "$hpid" 2>/dev/null
        sleep 0.2
        rmdir "$cg" "$(dirname "$cg")" 2>/dev/null
    fi
    return 0
}
pf_on_exit rm_cg
"$PF_TMP/$hname" 127.0.0.1 "$port" >"$PF_TMP/holder.out" 2>&1 &
hpid=$!
pf_track "$hpid"
[ -n "$cg" ] && echo "$hpid" >"$cg/cgroup.procs"
pf_wait_listen "$port" || pf_fail "the holder does not listen on $port"
[ "$(cat "/proc/$hpid/comm")" = "$hname" ] || pf_fail "the holder's comm is not the hostile name"

run check "127.0.0.1:$port" --no-color >"$PF_TMP/check.txt" 2>&1
[ $? -eq 1 ] || { cat -v "$PF_TMP/check.txt"; pf_fail "check: exit code"; }
no_raw_controls "$PF_TMP/check.txt"
pf_contains "$PF_TMP/check.txt" "PID $hpid "'h\x1b[2J;id\r'
if [ -n "$cg" ]; then
    pf_contains "$PF_TMP/check.txt" "pf-h$$.service;touch PWNED;"'\x1b[31m.service'
    pf_not_contains "$PF_TMP/check.txt" "systemctl"
fi
pf_pass "check: the process name (and unit) printed escaped, no command names the unit"

run fix "127.0.0.1:$port" --no-color >"$PF_TMP/fix.txt" 2>&1
no_raw_controls "$PF_TMP/fix.txt"
pf_not_contains "$PF_TMP/fix.txt" "[can be applied]"
no_calls "fix (dry run)"
run fix "127.0.0.1:$port" --json >"$PF_TMP/fix.json" 2>"$PF_TMP/fix.err"
no_raw_controls "$PF_TMP/fix.json"
pf_pass "fix: the plan is escaped and has nothing to apply"

# every suggested command, pasted into sh as it is (JSON decoded): the
# tools it names are stand-ins, touch is real
python3 - "$PF_TMP/fix.json" >"$PF_TMP/paste.sh" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
cmds = [c for s in j["steps"] for c in s["commands"]]
for t in j.get("report", {}).get("targets", []):
    for f in t["findings"]:
        for r in f["remedies"]:
            cmds += r["commands"]
print("kill() { :; }; systemctl() { :; }; sudo() { :; }; docker() { :; }; ss() { :; }")
for c in cmds:
    print(c)
PY
[ -s "$PF_TMP/paste.sh" ] || pf_fail "fix --json printed no plan"
(cd "$PF_TMP/paste" && sh "$PF_TMP/paste.sh" >/dev/null 2>&1)
if [ -e "$PF_TMP/paste/PWNED" ]; then
    cat -v "$PF_TMP/paste.sh"; pf_fail "a suggested command ran 'touch PWNED'"
fi
grep -q "kill $hpid" "$PF_TMP/paste.sh" || { cat -v "$PF_TMP/paste.sh"; pf_fail "no kill advice for the holder"; }
pf_pass "pasting every suggested command runs no injected command"

# --- a planted journal ---------------------------------------------------
good="pf-hostile-$$.service"
PREFLIGHT_STATE_DIR="$PF_TMP/state"
export PREFLIGHT_STATE_DIR
mkdir -m 700 "$PREFLIGHT_STATE_DIR"
{
    echo "preflight-journal 1"
    echo "step seq=1 state=done kind=unit op=stop subject=$good before=active after=inactive"
    echo "step seq=2 state=done kind=unit op=disable subject=/home/user/x.service before=enabled after=disabled"
    echo "step seq=3 state=done kind=unit op=stop subject=nginx.service;touch%20PWNED;.service before=active after=inactive"
    echo "step seq=4 state=done kind=unit op=stop subject=a%1B[1A%1B[2K%0Dok.service before=active after=inactive"
} >"$PREFLIGHT_STATE_DIR/journal"
cp "$PREFLIGHT_STATE_DIR/journal" "$PF_TMP/journal.planted"
run undo >"$PF_TMP/undo.txt" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat -v "$PF_TMP/undo.txt"; pf_fail "undo (dry run) of a planted journal: exit $rc, expected 3"; }
no_raw_controls "$PF_TMP/undo.txt"
pf_contains "$PF_TMP/undo.txt" "REFUSED step 2: '/home/user/x.service' is not a unit name preflight writes"
pf_contains "$PF_TMP/undo.txt" "subject=nginx.service;touch PWNED;.service"
pf_contains "$PF_TMP/undo.txt" 'subject=a\x1b[1A\x1b[2K\rok.service'
pf_not_contains "$PF_TMP/undo.txt" "systemctl enable /home"
pf_pass "undo shows the planted entries escaped and REFUSED"

(cd "$PF_TMP/paste" && run undo --apply --yes) >"$PF_TMP/undo-apply.txt" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat -v "$PF_TMP/undo-apply.txt"; pf_fail "undo --apply of a planted journal: exit $rc, expected 3"; }
no_raw_controls "$PF_TMP/undo-apply.txt"
pf_contains "$PF_TMP/undo-apply.txt" "nothing was changed"
no_calls "undo --apply of a planted journal"
[ -e "$PF_TMP/paste/PWNED" ] && pf_fail "undo ran 'touch PWNED'"
cmp -s "$PREFLIGHT_STATE_DIR/journal" "$PF_TMP/journal.planted" || pf_fail "the refused journal was changed"
pf_pass "undo --apply --yes of a planted journal: nothing run, exit 3, journal kept"

# --- undo asks as fix does -------------------------------------------------
{
    echo "preflight-journal 1"
    echo "step seq=1 state=done kind=unit op=stop subject=$good before=active after=inactive"
} >"$PREFLIGHT_STATE_DIR/journal"
run undo --apply </dev/null >"$PF_TMP/notty.txt" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat "$PF_TMP/notty.txt"; pf_fail "undo --apply without --yes, no terminal: exit $rc"; }
pf_contains "$PF_TMP/notty.txt" "without --yes"
no_calls "undo --apply without --yes"
if command -v script >/dev/null 2>&1; then
    echo n | PATH="$bin:$PATH" script -qec "$PREFLIGHT undo --apply" /dev/null \
        >"$PF_TMP/tty.txt" 2>&1
    pf_contains "$PF_TMP/tty.txt" "Restore the 1 step(s) listed above? [y/N]"
    pf_contains "$PF_TMP/tty.txt" "nothing was changed"
    no_calls "undo --apply answered n"
fi
pf_pass "undo --apply asks on a terminal and refuses without --yes elsewhere"

# --- a state directory only root controls ----------------------------------
chmod 777 "$PREFLIGHT_STATE_DIR"
run undo --apply --yes >"$PF_TMP/open.txt" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat "$PF_TMP/open.txt"; pf_fail "0777 state directory: exit $rc"; }
pf_contains "$PF_TMP/open.txt" "$PREFLIGHT_STATE_DIR: refusing the state directory: writable by group or others (mode 0777)"
no_calls "undo from a 0777 state directory"
chmod 700 "$PREFLIGHT_STATE_DIR"
ln -s "$PREFLIGHT_STATE_DIR" "$PF_TMP/link"
PREFLIGHT_STATE_DIR="$PF_TMP/link" run undo --apply --yes >"$PF_TMP/link.txt" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat "$PF_TMP/link.txt"; pf_fail "linked state directory: exit $rc"; }
pf_contains "$PF_TMP/link.txt" "$PF_TMP/link: refusing the state directory: it is a symbolic link"
no_calls "undo from a linked state directory"
pf_pass "a state directory writable by others or linked is refused, naming it"
