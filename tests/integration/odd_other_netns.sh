#!/bin/sh
# A port held in another network namespace (a container's, say) is no
# conflict here: the check says free.  When the same port is also held
# here, only the holder of this namespace is named, not the other one
# (its socket inode is not among this namespace's listeners), with
# netlink and with the /proc/net fallback.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/odd_lib.sh"

pf_odd_need_netns
pf_odd_need_json
port=$(pf_free_port)

# unshare without --fork execs: $! is the holder itself
unshare -n sh -c 'ip link set lo up && exec "$0" 127.0.0.1 "$1"' \
    "$top_builddir/tests/integration/pf-hold-port" "$port" \
    >"$PF_TMP/ns.out" 2>&1 &
nspid=$!
pf_track "$nspid"
for _ in $(seq 1 100); do grep -q ready "$PF_TMP/ns.out" && break; sleep 0.05; done
grep -q ready "$PF_TMP/ns.out" || { cat "$PF_TMP/ns.out"; pf_fail "holder in a namespace did not start"; }

for mode in netlink procnet; do
    [ "$mode" = procnet ] && { PREFLIGHT_NO_NETLINK=1; export PREFLIGHT_NO_NETLINK; }
    pf_odd_check "$PF_TMP/free-$mode.json" "127.0.0.1:$port"
    [ "$rc" -eq 0 ] || { cat "$PF_TMP/free-$mode.json"; pf_fail "$mode: exit $rc, expected 0"; }
    [ "$(pf_odd_target "$PF_TMP/free-$mode.json" 't["status"]')" = free ] \
        || pf_fail "$mode: status is not free"
    pf_odd_check "$PF_TMP/any-$mode.json" "*:$port"
    [ "$rc" -eq 0 ] || { cat "$PF_TMP/any-$mode.json"; pf_fail "$mode: *:$port exit $rc, expected 0"; }
    unset PREFLIGHT_NO_NETLINK
done
pf_pass "a port held in another network namespace is free here"

if ! pf_odd_holders_named; then
    echo "# holders are not named yet (facts not in): the attribution part is not run"
    exit 0
fi
pf_hold_port 127.0.0.1 "$port"
for mode in netlink procnet; do
    [ "$mode" = procnet ] && { PREFLIGHT_NO_NETLINK=1; export PREFLIGHT_NO_NETLINK; }
    pf_odd_check "$PF_TMP/held-$mode.json" "127.0.0.1:$port"
    [ "$rc" -eq 1 ] || { cat "$PF_TMP/held-$mode.json"; pf_fail "$mode: exit $rc, expected 1"; }
    [ "$(pf_odd_pids "$PF_TMP/held-$mode.json")" = "$PF_HOLDER_PID" ] \
        || { cat "$PF_TMP/held-$mode.json"; pf_fail "$mode: expected only pid $PF_HOLDER_PID (the namespace's holder is $nspid)"; }
    unset PREFLIGHT_NO_NETLINK
done
pf_pass "held in both namespaces: only this namespace's holder is named"
