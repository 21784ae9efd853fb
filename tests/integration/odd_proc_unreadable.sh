#!/bin/sh
# Run as an ordinary user, preflight cannot read another user's
# /proc/PID/fd: it cannot see which process holds a root-owned socket.
# It must still say what it knows (the socket's owner, root) and that
# running it as root would name the process; no crash, exit 1.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/odd_lib.sh"

pf_odd_need_root
command -v setpriv >/dev/null || pf_skip "no setpriv (util-linux)"
as_nobody() {
    setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
# the build directory may be out of nobody's reach (under /root, say):
# then a copy in a directory nobody can enter
pf_nobody_bin=$PREFLIGHT
if ! as_nobody "$PREFLIGHT" --version >/dev/null 2>&1; then
    mkdir -p "$PF_TMP/bin"
    cp "$PREFLIGHT" "$PF_TMP/bin/preflight"
    chmod 711 "$PF_TMP"
    chmod 755 "$PF_TMP/bin" "$PF_TMP/bin/preflight"
    pf_nobody_bin="$PF_TMP/bin/preflight"
    as_nobody "$pf_nobody_bin" --version >/dev/null 2>&1 \
        || pf_skip "user nobody cannot run $PREFLIGHT, nor a copy of it"
fi
pf_odd_need_holder_named

port=$(pf_free_port)
pf_hold_port 127.0.0.1 "$port"

for mode in netlink procnet; do
    if [ "$mode" = procnet ]; then
        PREFLIGHT_NO_NETLINK=1; export PREFLIGHT_NO_NETLINK
    fi
    as_nobody "$pf_nobody_bin" check "127.0.0.1:$port" --json \
        >"$PF_TMP/$mode.json" 2>"$PF_TMP/$mode.err"
    rc=$?
    [ "$rc" -eq 1 ] || { cat "$PF_TMP/$mode.json" "$PF_TMP/$mode.err"; pf_fail "$mode: exit $rc, expected 1"; }
    [ "$(pf_odd_target "$PF_TMP/$mode.json" 't["status"]')" = in-use ] \
        || pf_fail "$mode: status is not in-use"
    [ "$(pf_odd_target "$PF_TMP/$mode.json" 'len(t["findings"]) > 0')" = True ] \
        || { cat "$PF_TMP/$mode.json"; pf_fail "$mode: no finding"; }
    # the holder's pid is not visible to nobody: it must not be guessed
    case " $(pf_odd_pids "$PF_TMP/$mode.json") " in
        *" $PF_HOLDER_PID "*) pf_fail "$mode: nobody named the root holder's pid: /proc/$PF_HOLDER_PID/fd was readable?" ;;
    esac
    # what it does know: the socket belongs to root, and root would see more
    pf_odd_target "$PF_TMP/$mode.json" \
        '" ".join(f["summary"] + " " + " ".join(f["evidence"]) + " " + " ".join(r["summary"] + " " + " ".join(r["commands"]) for r in f["remedies"]) for f in t["findings"])' \
        >"$PF_TMP/$mode.said"
    grep -qiE '\broot\b|uid 0\b' "$PF_TMP/$mode.said" \
        || { cat "$PF_TMP/$mode.json"; pf_fail "$mode: the finding does not name the socket's owner (root)"; }
    grep -qiE 'sudo|as root|root (would|can|to|sees|shows)|privilege|administrator' "$PF_TMP/$mode.said" \
        || pf_fail "$mode: the finding does not say root would show the process"
    unset PREFLIGHT_NO_NETLINK
done
pf_pass "as nobody: in-use, the owner root named, no pid guessed (netlink and /proc/net)"

as_nobody "$pf_nobody_bin" check "127.0.0.1:$port" --no-color >"$PF_TMP/out.txt" 2>&1
[ $? -eq 1 ] || { cat "$PF_TMP/out.txt"; pf_fail "text: exit code"; }
pf_contains "$PF_TMP/out.txt" "127.0.0.1:$port"
pf_contains "$PF_TMP/out.txt" "root"
pf_pass "as nobody: the text says the owner"

# as root the same check names the process
pf_odd_check "$PF_TMP/root.json" "127.0.0.1:$port"
[ "$(pf_odd_pids "$PF_TMP/root.json")" = "$PF_HOLDER_PID" ] \
    || { cat "$PF_TMP/root.json"; pf_fail "as root: holder not named"; }
pf_pass "as root: the holder is named"
