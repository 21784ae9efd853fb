#!/bin/sh
# The state directory's DACL under Wine (issue 16).  Wine keeps a
# security descriptor only as Unix mode bits (the owner's and Everyone's
# rights), so:
#  - test_remedy_state_win.exe runs with umask 0, so that a DACL granting
#    Everyone write survives as o+w and is read back as such; what Wine
#    cannot keep (Users, Authenticated Users, the protected flag) the
#    program checks on Windows only and says so here;
#  - a state directory left writable by others (chmod 777, which Wine
#    shows as Everyone: full control) makes `preflight.exe undo --apply
#    --yes` refuse it, naming the directory and Everyone, and run nothing.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
pf_wine_init || pf_fail "could not create the Wine prefix"
exe="$top_builddir/tests/unit/test_remedy_state_win.exe"
[ -f "$exe" ] || pf_fail "no $exe (make check builds it)"

(umask 0; timeout 300 "$WINE" "$exe") >"$PF_TMP/unit.out" 2>&1
rc=$?
cat "$PF_TMP/unit.out"
[ "$rc" -eq 0 ] || pf_fail "test_remedy_state_win.exe: exit $rc"
pf_pass "the state directory's DACL: created protected, weak ones refused"

state="$PF_TMP/state"
mkdir "$state"
chmod 777 "$state"
printf 'preflight-journal 1\nstep seq=1 state=done kind=service op=stop subject=PfNoSuchService%s before=running after=stopped\n' "$$" \
    >"$state/journal"
PREFLIGHT_STATE_DIR=$(timeout 60 "$WINE" winepath -w "$state" | tr -d '\r')
export PREFLIGHT_STATE_DIR
timeout 120 "$WINE" "$PREFLIGHT" undo --apply --yes >"$PF_TMP/undo.out" 2>&1
rc=$?
tr -d '\r' <"$PF_TMP/undo.out" >"$PF_TMP/undo.txt"
[ "$rc" -eq 3 ] || { cat "$PF_TMP/undo.txt"; pf_fail "undo from a 0777 state directory: exit $rc, expected 3"; }
pf_contains "$PF_TMP/undo.txt" "$PREFLIGHT_STATE_DIR: refusing the state directory: its DACL lets Everyone write"
pf_not_contains "$PF_TMP/undo.txt" "done:"
pf_pass "a state directory anyone may write (Everyone: full control under Wine) is refused"
