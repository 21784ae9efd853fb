#!/bin/sh
# The command's contract: help, version, usage errors and exit codes.
. "$top_srcdir/tests/integration/lib.sh"

"$PREFLIGHT" --help >"$PF_TMP/help" || pf_fail "--help did not exit 0"
pf_contains "$PF_TMP/help" "Usage: preflight"
pf_contains "$PF_TMP/help" "Exit status"
"$PREFLIGHT" check --help >/dev/null || pf_fail "check --help did not exit 0"
"$PREFLIGHT" --version >"$PF_TMP/version" || pf_fail "--version did not exit 0"
pf_contains "$PF_TMP/version" "preflight "
pf_pass "help and version"

expect_usage() {
    "$PREFLIGHT" "$@" >"$PF_TMP/usage.out" 2>"$PF_TMP/usage.err"
    rc=$?
    [ "$rc" -eq 2 ] || { cat "$PF_TMP/usage.err"; pf_fail "'$*' exit $rc, expected 2"; }
}
expect_usage --frobnicate
pf_contains "$PF_TMP/usage.err" "unknown option '--frobnicate'"
expect_usage check 70000
pf_contains "$PF_TMP/usage.err" "port number from 1 to 65535"
expect_usage check "[::1"
pf_contains "$PF_TMP/usage.err" "missing ']'"
expect_usage check --apache
pf_contains "$PF_TMP/usage.err" "needs a value"
expect_usage explain
pf_contains "$PF_TMP/usage.err" "exactly one TARGET"
expect_usage check --apache "$PF_TMP/does-not-exist.conf"
pf_contains "$PF_TMP/usage.err" "does-not-exist.conf"
pf_pass "usage errors exit 2 with a clear message"

port=$(pf_free_port)
"$PREFLIGHT" check "127.0.0.1:$port" >"$PF_TMP/free.txt" || pf_fail "a free port did not exit 0"
pf_contains "$PF_TMP/free.txt" "127.0.0.1:$port"
"$PREFLIGHT" check "127.0.0.1:$port" --quiet >"$PF_TMP/quiet.txt" || pf_fail "--quiet exit"
pf_not_contains "$PF_TMP/quiet.txt" "127.0.0.1:$port"
pf_pass "free port: exit 0; --quiet prints nothing about it"

"$PREFLIGHT" facts "127.0.0.1:$port" >"$PF_TMP/facts.json" || pf_fail "facts exit"
pf_json "$PF_TMP/facts.json" '1' >/dev/null || pf_fail "facts is not JSON"
pf_pass "facts prints JSON"

# no target: the platform's usual configs, or 80 and 443 — never a usage error
"$PREFLIGHT" check --json >"$PF_TMP/default.json"
rc=$?
[ "$rc" -le 1 ] || pf_fail "check with no target: exit $rc"
pf_json "$PF_TMP/default.json" 'len(j["targets"]) > 0' | grep -q True || pf_fail "no default targets"
pf_pass "check with no target checks something"
