#!/bin/sh
# A port held for UDP only (a DNS or QUIC server) does not block a TCP
# listener on the same number: the check says free.  With an nginx
# configuration that listens there for UDP too (stream, "listen P udp"),
# the UDP target is in use and the TCP one free.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/odd_lib.sh"

pf_odd_need_json
port=$(pf_free_port)
pf_odd_hold_udp 127.0.0.1 "$port"

pf_odd_check "$PF_TMP/tcp.json" "127.0.0.1:$port"
[ "$rc" -eq 0 ] || { cat "$PF_TMP/tcp.json"; pf_fail "exit $rc, expected 0"; }
[ "$(pf_odd_target "$PF_TMP/tcp.json" 't["status"]')" = free ] \
    || pf_fail "status is not free"
[ "$(pf_odd_target "$PF_TMP/tcp.json" 't["proto"]')" = tcp ] \
    || pf_fail "proto is not tcp"
pf_odd_check "$PF_TMP/any.json" "$port"
[ "$rc" -eq 0 ] || { cat "$PF_TMP/any.json"; pf_fail "*:$port: exit $rc, expected 0"; }
pf_pass "a UDP holder does not block TCP $port"

cat >"$PF_TMP/nginx.conf" <<CONF
events { }
http {
    server { listen 127.0.0.1:$port; }
}
stream {
    server { listen 127.0.0.1:$port udp; proxy_pass 127.0.0.1:9; }
}
CONF
pf_odd_check "$PF_TMP/conf.json" --nginx "$PF_TMP/nginx.conf"
if [ "$rc" -eq 2 ]; then
    cat "$PF_TMP/conf.json.err"
    echo "# the nginx configuration is not read yet: the UDP target part is not run"
    exit 0
fi
[ "$rc" -eq 1 ] || { cat "$PF_TMP/conf.json"; pf_fail "--nginx: exit $rc, expected 1"; }
pf_json "$PF_TMP/conf.json" \
    '" ".join(sorted(t["proto"] + "=" + t["status"] for t in j["targets"]))' \
    >"$PF_TMP/conf.said"
[ "$(cat "$PF_TMP/conf.said")" = "tcp=free udp=in-use" ] \
    || { cat "$PF_TMP/conf.json"; pf_fail "--nginx: $(cat "$PF_TMP/conf.said"), expected tcp=free udp=in-use"; }
pf_pass "nginx stream udp target: in use; the http one on the same port: free"
