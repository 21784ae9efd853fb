#!/bin/sh
# A process of the test's own holds a port: preflight names it, by PID and
# name, in text and in JSON; once it exits the port is free again.
. "$top_srcdir/tests/integration/lib.sh"

port=$(pf_free_port)
pf_hold_port 127.0.0.1 "$port"

"$PREFLIGHT" check "127.0.0.1:$port" --json >"$PF_TMP/out.json"
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/out.json"; pf_fail "exit code $rc, expected 1"; }
[ "$(pf_json "$PF_TMP/out.json" 'j["schema"]')" = 1 ] || pf_fail "schema is not 1"
[ "$(pf_json "$PF_TMP/out.json" 'j["targets"][0]["status"]')" = in-use ] \
    || pf_fail "status is not in-use"
[ "$(pf_json "$PF_TMP/out.json" 'j["targets"][0]["error"]')" = EADDRINUSE ] \
    || pf_fail "error is not EADDRINUSE"
[ "$(pf_json "$PF_TMP/out.json" 'j["targets"][0]["findings"][0]["cause"]')" = process ] \
    || { cat "$PF_TMP/out.json"; pf_fail "cause is not process"; }
holder='j["targets"][0]["findings"][0]["holders"][0]'
[ "$(pf_json "$PF_TMP/out.json" "$holder[\"pid\"]")" = "$PF_HOLDER_PID" ] \
    || { cat "$PF_TMP/out.json"; pf_fail "holder pid is not $PF_HOLDER_PID"; }
[ "$(pf_json "$PF_TMP/out.json" "$holder[\"name\"]")" = pf-hold-port ] \
    || pf_fail "holder name is not pf-hold-port"
pf_pass "JSON names the holder by pid and name"

"$PREFLIGHT" check "127.0.0.1:$port" --no-color >"$PF_TMP/out.txt"
pf_contains "$PF_TMP/out.txt" "127.0.0.1:$port"
pf_contains "$PF_TMP/out.txt" "pf-hold-port"
pf_contains "$PF_TMP/out.txt" "$PF_HOLDER_PID"
pf_not_contains "$PF_TMP/out.txt" "$(printf '\033')"
pf_pass "text names the holder, without colour when asked"

# "PORT" alone means every address, as Apache's "Listen PORT": a holder on
# 127.0.0.1 blocks it too
"$PREFLIGHT" check "$port" --json >"$PF_TMP/any.json"
[ $? -eq 1 ] || pf_fail "*:$port should be blocked by 127.0.0.1:$port"
[ "$(pf_json "$PF_TMP/any.json" "$holder[\"pid\"]")" = "$PF_HOLDER_PID" ] \
    || pf_fail "*:$port: holder not named"
pf_pass "a wildcard target names a holder on a specific address"

kill "$PF_HOLDER_PID"
wait "$PF_HOLDER_PID" 2>/dev/null
"$PREFLIGHT" check "127.0.0.1:$port" --json >"$PF_TMP/free.json"
rc=$?
[ "$rc" -eq 0 ] || { cat "$PF_TMP/free.json"; pf_fail "exit code $rc once the holder exited"; }
[ "$(pf_json "$PF_TMP/free.json" 'j["targets"][0]["status"]')" = free ] \
    || pf_fail "status is not free once the holder exited"
pf_pass "free again once the holder exited"
