#!/bin/sh
# A user without rights asks for a port below 1024, inside a network
# namespace of the test's own: preflight says the port is privileged and
# how to allow it; root in the same namespace gets "free".
. "$top_srcdir/tests/integration/lib.sh"

[ "$(id -u)" = 0 ] || pf_skip "needs root to make a network namespace"
unshare -n true 2>/dev/null || pf_skip "cannot create a network namespace here"
command -v setpriv >/dev/null 2>&1 || pf_skip "setpriv (util-linux) is not installed"

in_netns() {
    unshare -n -- sh -c 'ip link set lo up 2>/dev/null; exec "$@"' sh "$@"
}

# a copy nobody can reach, whatever the build directory's permissions
chmod 755 "$PF_TMP"
cp "$PREFLIGHT" "$PF_TMP/preflight"
chmod 755 "$PF_TMP/preflight"
in_netns setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
    "$PF_TMP/preflight" check 127.0.0.1:80 --json >"$PF_TMP/out.json"
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/out.json"; pf_fail "exit code $rc, expected 1"; }
[ "$(pf_json "$PF_TMP/out.json" 'j["targets"][0]["status"]')" = privileged ] \
    || { cat "$PF_TMP/out.json"; pf_fail "status is not privileged"; }
[ "$(pf_json "$PF_TMP/out.json" 'j["targets"][0]["findings"][0]["cause"]')" = privileged-port ] \
    || { cat "$PF_TMP/out.json"; pf_fail "cause is not privileged-port"; }
pf_json "$PF_TMP/out.json" '"\n".join(c for f in j["targets"][0]["findings"] for r in f["remedies"] for c in r["commands"])' >"$PF_TMP/commands"
pf_contains "$PF_TMP/commands" "setcap cap_net_bind_service=+ep"
pf_contains "$PF_TMP/commands" "net.ipv4.ip_unprivileged_port_start"
pf_pass "non-root on port 80: privileged-port, with setcap and sysctl fixes"

in_netns "$PREFLIGHT" check 127.0.0.1:80 --json >"$PF_TMP/root.json"
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/root.json"; pf_fail "root in a fresh namespace: exit $rc"; }
pf_pass "root in a fresh namespace: port 80 free"

# a port held in another namespace is no conflict here
port=$(pf_free_port)
unshare -n -- sh -c 'ip link set lo up; exec "$0" 127.0.0.1 "$1"' \
    "$top_builddir/tests/integration/pf-hold-port" "$port" >"$PF_TMP/ns-holder.out" 2>&1 &
pf_track $!
for _ in $(seq 1 50); do grep -q ready "$PF_TMP/ns-holder.out" && break; sleep 0.1; done
grep -q ready "$PF_TMP/ns-holder.out" || pf_fail "holder in a namespace did not start"
"$PREFLIGHT" check "127.0.0.1:$port" >"$PF_TMP/other-ns.txt"
[ $? -eq 0 ] || { cat "$PF_TMP/other-ns.txt"; pf_fail "a holder in another namespace was reported"; }
pf_pass "a holder in another network namespace is not a conflict"
