#!/bin/sh
# No sock_diag netlink (old kernel, seccomp, a container without it):
# PREFLIGHT_NO_NETLINK=1 forces the /proc/net/tcp{,6} fallback, and the
# holder is still named, on IPv4, IPv6 and for a wildcard target.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/odd_lib.sh"

pf_odd_need_holder_named
PREFLIGHT_NO_NETLINK=1
export PREFLIGHT_NO_NETLINK

port=$(pf_free_port)
pf_hold_port 127.0.0.1 "$port"
pf_odd_check "$PF_TMP/v4.json" "127.0.0.1:$port"
[ "$rc" -eq 1 ] || { cat "$PF_TMP/v4.json"; pf_fail "exit $rc, expected 1"; }
[ "$(pf_odd_target "$PF_TMP/v4.json" 't["status"]')" = in-use ] \
    || pf_fail "status is not in-use"
[ "$(pf_odd_pids "$PF_TMP/v4.json")" = "$PF_HOLDER_PID" ] \
    || { cat "$PF_TMP/v4.json"; pf_fail "holder $PF_HOLDER_PID not named from /proc/net/tcp"; }
pf_json "$PF_TMP/v4.json" 'j["targets"][0]["findings"][0]["holders"][0]["name"]' \
    >"$PF_TMP/name"
pf_contains "$PF_TMP/name" pf-hold-port
pf_pass "IPv4 holder named without netlink"

pf_odd_check "$PF_TMP/any.json" "$port"
[ "$rc" -eq 1 ] || pf_fail "*:$port: exit $rc, expected 1"
[ "$(pf_odd_pids "$PF_TMP/any.json")" = "$PF_HOLDER_PID" ] \
    || { cat "$PF_TMP/any.json"; pf_fail "*:$port: holder not named"; }
pf_pass "wildcard target names the holder without netlink"

kill "$PF_HOLDER_PID"
wait "$PF_HOLDER_PID" 2>/dev/null
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null
then
    port=$(pf_free_port ::1)
    pf_hold_port ::1 "$port" v6only
    pf_odd_check "$PF_TMP/v6.json" "[::1]:$port"
    [ "$rc" -eq 1 ] || { cat "$PF_TMP/v6.json"; pf_fail "[::1]: exit $rc, expected 1"; }
    [ "$(pf_odd_pids "$PF_TMP/v6.json")" = "$PF_HOLDER_PID" ] \
        || { cat "$PF_TMP/v6.json"; pf_fail "holder not named from /proc/net/tcp6"; }
    pf_pass "IPv6 holder named without netlink"
else
    echo "# no IPv6 loopback here: the /proc/net/tcp6 case is not run"
fi
