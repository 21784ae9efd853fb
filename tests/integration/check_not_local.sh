#!/bin/sh
# An address that is not on this host: not-local, with the host's own
# addresses as evidence.  Nothing is sent anywhere: binding fails locally.
. "$top_srcdir/tests/integration/lib.sh"

# 192.0.2.0/24 is TEST-NET-1, never assigned to a host
"$PREFLIGHT" check 192.0.2.1:8080 --json >"$PF_TMP/out.json"
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/out.json"; pf_fail "exit code $rc, expected 1"; }
[ "$(pf_json "$PF_TMP/out.json" 'j["targets"][0]["status"]')" = not-local ] \
    || pf_fail "status is not not-local"
[ "$(pf_json "$PF_TMP/out.json" 'j["targets"][0]["errno"] is not None')" = True ] \
    || pf_fail "errno missing"
[ "$(pf_json "$PF_TMP/out.json" 'j["targets"][0]["findings"][0]["cause"]')" = not-local ] \
    || { cat "$PF_TMP/out.json"; pf_fail "cause is not not-local"; }
pf_json "$PF_TMP/out.json" '"\n".join(j["targets"][0]["findings"][0]["evidence"])' >"$PF_TMP/evidence"
pf_contains "$PF_TMP/evidence" "127.0.0.1"
pf_pass "192.0.2.1 is not local; the host's addresses are the evidence"

"$PREFLIGHT" check 192.0.2.1:8080 --no-color >"$PF_TMP/out.txt"
pf_contains "$PF_TMP/out.txt" "192.0.2.1:8080"
pf_pass "text names the address"
