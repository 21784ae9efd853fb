#!/bin/sh
# A host with IPv6 disabled (sysctl disable_ipv6=1, in a network namespace
# of the test's own): "[::1]:PORT" cannot be bound and says why
# (not-local or unsupported), without a crash; "*:PORT" still works
# through IPv4, and a holder on it is still found.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/odd_lib.sh"

pf_odd_need_netns
pf_odd_need_json
port=$(pf_free_port)

cat >"$PF_TMP/inner.sh" <<'SH'
# In the new namespace: loopback up, IPv6 off, then the checks.
port=$1; out=$2; hold=$3
ip link set lo up || exit 2
for k in all default lo; do
    f=/proc/sys/net/ipv6/conf/$k/disable_ipv6
    [ -w "$f" ] && echo 1 >"$f"
done
run() { name=$1; shift; "$PREFLIGHT" "$@" >"$out/$name" 2>"$out/$name.err"; echo $? >"$out/$name.rc"; }
run v6.json check "[::1]:$port" --json
run v6.txt check "[::1]:$port" --no-color
run any.json check "*:$port" --json
"$hold" 127.0.0.1 "$port" >"$out/hold.out" 2>&1 &
holder=$!
trap 'kill $holder 2>/dev/null' EXIT
for _ in $(seq 1 100); do grep -q ready "$out/hold.out" && break; sleep 0.05; done
run held.json check "*:$port" --json
echo "$holder" >"$out/holder.pid"
SH
unshare -n sh "$PF_TMP/inner.sh" "$port" "$PF_TMP" \
    "$top_builddir/tests/integration/pf-hold-port" \
    || pf_fail "the namespace could not be set up"

rc=$(cat "$PF_TMP/v6.json.rc")
[ "$rc" -eq 1 ] || { cat "$PF_TMP/v6.json" "$PF_TMP/v6.json.err"; pf_fail "[::1]: exit $rc, expected 1"; }
status=$(pf_odd_target "$PF_TMP/v6.json" 't["status"]')
case $status in
    not-local|unsupported) ;;
    *) cat "$PF_TMP/v6.json"; pf_fail "[::1]: status $status, expected not-local or unsupported" ;;
esac
cause=$(pf_odd_target "$PF_TMP/v6.json" 't["findings"][0]["cause"] if t["findings"] else None')
case $cause in
    not-local|unsupported) ;;
    *) cat "$PF_TMP/v6.json"; pf_fail "[::1]: cause $cause" ;;
esac
[ "$(cat "$PF_TMP/v6.txt.rc")" -eq 1 ] || pf_fail "[::1] text: exit code"
pf_contains "$PF_TMP/v6.txt" "[::1]:$port"
pf_pass "IPv6 disabled: [::1]:$port is $status ($cause), no crash"

rc=$(cat "$PF_TMP/any.json.rc")
[ "$rc" -eq 0 ] || { cat "$PF_TMP/any.json" "$PF_TMP/any.json.err"; pf_fail "*:$port: exit $rc, expected 0"; }
[ "$(pf_odd_target "$PF_TMP/any.json" 't["status"]')" = free ] \
    || pf_fail "*:$port: status is not free"
pf_pass "IPv6 disabled: *:$port is free through IPv4"

rc=$(cat "$PF_TMP/held.json.rc")
[ "$rc" -eq 1 ] || { cat "$PF_TMP/held.json"; pf_fail "*:$port held on 127.0.0.1: exit $rc, expected 1"; }
[ "$(pf_odd_target "$PF_TMP/held.json" 't["status"]')" = in-use ] \
    || pf_fail "*:$port held: status is not in-use"
pf_pass "IPv6 disabled: a holder on 127.0.0.1 blocks *:$port"

if pf_odd_holders_named; then
    [ "$(pf_odd_pids "$PF_TMP/held.json")" = "$(cat "$PF_TMP/holder.pid")" ] \
        || { cat "$PF_TMP/held.json"; pf_fail "*:$port held: holder $(cat "$PF_TMP/holder.pid") not named"; }
    pf_pass "IPv6 disabled: the holder is named"
fi
