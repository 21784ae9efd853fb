#!/bin/sh
# Issue 23: a holder in another PID namespace (unshare -p, a container of
# a runtime preflight does not know) is named, with its PID on this host
# and its PID in its own namespace (NSpid).
. "$top_srcdir/tests/integration/lib.sh"

unshare -p -f --mount-proc true 2>/dev/null || pf_skip "unshare -p not permitted"
p=$(pf_free_port)
unshare -p -f --mount-proc --kill-child "$top_builddir/tests/integration/pf-hold-port" 127.0.0.1 "$p" \
    >"$PF_TMP/h.out" 2>&1 &
pf_track $!
for _ in $(seq 1 100); do grep -q ready "$PF_TMP/h.out" 2>/dev/null && break; sleep 0.05; done
grep -q ready "$PF_TMP/h.out" || pf_fail "the holder did not start"
# the holder as this host sees it: the socket's process
hp=$(ss -Hltnp "sport = :$p" | sed -n 's/.*pid=\([0-9]*\),.*/\1/p' | head -1)
[ -n "$hp" ] || pf_fail "no process listens on $p"
pf_track "$hp"
grep -q "^NSpid:.*[[:space:]]1$" "/proc/$hp/status" || pf_skip "the holder is not PID 1 of its namespace"

"$PREFLIGHT" check --no-color "127.0.0.1:$p" >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/out"; pf_fail "exit $rc, expected 1"; }
pf_contains "$PF_TMP/out" "in use by pf-hold-port (PID $hp on this host, PID 1 in its own PID namespace"
pf_contains "$PF_TMP/out" "kill $hp"
"$PREFLIGHT" explain --no-color "127.0.0.1:$p" >"$PF_TMP/out" 2>&1
pf_contains "$PF_TMP/out" "PID $hp runs in another PID namespace, where it is PID 1"
"$PREFLIGHT" facts "127.0.0.1:$p" >"$PF_TMP/facts.json" 2>&1
[ "$(pf_json "$PF_TMP/facts.json" '[p["ns_pid"] for t in j["targets"] for p in t["facts"]["processes"]]')" = "[1]" ] \
    || { cat "$PF_TMP/facts.json"; pf_fail "facts: no ns_pid 1"; }
pf_pass "a holder in another PID namespace: named, with its host PID $hp and NSpid 1"
