# Sourced by the odd-system tests (odd_*.sh) after lib.sh: what they share.
# They check behaviour on hosts that differ from the usual one (no
# netlink, no IPv6, other namespaces, unreadable /proc).  Each one first
# makes sure the pipeline it builds on is in (JSON render, and the facts
# that name a holder) and skips, saying which, when it is not.

# pf_odd_need_root: switching users and namespaces needs root.
pf_odd_need_root() {
    [ "$(id -u)" -eq 0 ] || pf_skip "needs root"
}

# pf_odd_need_netns: a network namespace of our own.
pf_odd_need_netns() {
    pf_odd_need_root
    unshare -n true 2>/dev/null || pf_skip "unshare -n is not allowed here"
    command -v ip >/dev/null || pf_skip "no ip (iproute2)"
}

# pf_odd_check OUT [ARG...]: runs preflight check ARG... --json into OUT
# and sets rc; a crash (signal, exit > 3) fails the test at once.
pf_odd_check() {
    _out=$1; shift
    "$PREFLIGHT" check "$@" --json >"$_out" 2>"$_out.err"
    rc=$?
    # a sanitizer report or a warning belongs in the test's log
    if [ -s "$_out.err" ]; then
        echo "# stderr of preflight check $*:"
        sed 's/^/#   /' "$_out.err"
    fi
    if [ "$rc" -gt 3 ]; then
        cat "$_out" "$_out.err"
        pf_fail "preflight check $* crashed or failed (exit $rc)"
    fi
}

# pf_odd_need_json: the JSON render is in (schema 1).
pf_odd_need_json() {
    _port=$(pf_free_port)
    pf_odd_check "$PF_TMP/need-json.json" "127.0.0.1:$_port"
    [ "$(pf_json "$PF_TMP/need-json.json" 'j.get("schema")' 2>/dev/null)" = 1 ] \
        || pf_skip "the JSON render is not in yet"
}

# pf_odd_holders_named: 0 when a held port's holder is named by pid
# (facts and diagnose are in).  Stops that holder again.
pf_odd_holders_named() {
    _port=$(pf_free_port)
    pf_hold_port 127.0.0.1 "$_port"
    pf_odd_check "$PF_TMP/need-holder.json" "127.0.0.1:$_port"
    kill "$PF_HOLDER_PID"
    wait "$PF_HOLDER_PID" 2>/dev/null
    case " $(pf_odd_pids "$PF_TMP/need-holder.json" 2>/dev/null) " in
        *" $PF_HOLDER_PID "*) return 0 ;;
    esac
    return 1
}

pf_odd_need_holder_named() {
    pf_odd_need_json
    pf_odd_holders_named \
        || pf_skip "holders are not named yet (facts or diagnose not in)"
}

# pf_odd_pids FILE: the pids of every holder of the first target, sorted.
pf_odd_pids() {
    pf_json "$1" '" ".join(sorted(set(str(h["pid"]) for f in j["targets"][0].get("findings", []) for h in f.get("holders", []))))'
}

# pf_odd_field FILE EXPR-ON-TARGET: a field of the first target.
pf_odd_target() {
    pf_json "$1" "(lambda t: $2)(j['targets'][0])"
}

# pf_odd_hold_udp ADDRESS PORT: a UDP socket of our own on that port.
pf_odd_hold_udp() {
    python3 -c '
import socket, sys, time
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
print("ready", flush=True)
time.sleep(3600)
' "$1" "$2" >"$PF_TMP/udp.out" 2>&1 &
    PF_UDP_PID=$!
    pf_track "$PF_UDP_PID"
    for _ in $(seq 1 100); do
        grep -q ready "$PF_TMP/udp.out" 2>/dev/null && return 0
        kill -0 "$PF_UDP_PID" 2>/dev/null || break
        sleep 0.05
    done
    cat "$PF_TMP/udp.out"
    pf_fail "the UDP holder did not start on $1 $2"
}
