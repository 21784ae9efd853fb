#!/bin/sh
# ngx_preflight_module inside a real nginx: a free port starts and reloads
# silently; a held port is explained with the holder's PID and name; fail
# mode stops nginx at once; "nginx -t" only warns.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/nginx_lib.sh"

# --- a free port: start, "nginx -s reload", SIGHUP: not a word ----------
free=$(pf_free_port)
D="$PF_TMP/free"
ngx_conf "$D" "preflight_on_conflict fail;" "listen 127.0.0.1:$free;"
ngx_run "$D"
[ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx did not start on a free port"; }
pf_wait_listen "$free" || pf_fail "nginx does not listen on $free"
_w=$(ngx_log_count "$D" "start worker process ")
ngx_run "$D" -s reload
[ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx -s reload failed"; }
for _ in $(seq 1 100); do
    [ "$(ngx_log_count "$D" "start worker process ")" -gt "$_w" ] && break
    sleep 0.05
done
ngx_reload "$D"
ngx_alive "$(ngx_master "$D")" || pf_fail "the master is gone after the reloads"
ngx_run "$D" -t
[ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx -t failed while nginx runs"; }
ngx_no_alarm "$D" "free port: start, nginx -s reload, SIGHUP, nginx -t while it runs"

# --- a reload that adds a held port: explained, the old config stays -----
held=$(pf_free_port)
pf_hold_port 127.0.0.1 "$held"
ngx_conf "$D" "preflight_on_conflict fail;" "listen 127.0.0.1:$free; listen 127.0.0.1:$held;"
kill -HUP "$(ngx_master "$D")"
for _ in $(seq 1 100); do
    grep -q "preflight: not reloading" "$D/error.log" && break
    sleep 0.05
done
pf_contains "$D/error.log" "$PF_HOLDER_PID"
pf_contains "$D/error.log" "preflight: not reloading, the running configuration stays"
ngx_alive "$(ngx_master "$D")" || pf_fail "the master is gone after a refused reload"
pf_wait_listen "$free" || pf_fail "nginx stopped listening on $free"
pf_pass "reload adding held port $held: holder named, old configuration kept"
ngx_stop_all

# --- a held port, warn mode: nginx says who holds it, then fails itself --
D="$PF_TMP/held"
ngx_conf "$D" "" "listen 127.0.0.1:$held;"
ngx_run "$D"
[ "$NGX_RC" -ne 0 ] || pf_fail "nginx started on a held port"
pf_contains "$D/stderr" "preflight: "
pf_contains "$D/stderr" "127.0.0.1:$held"
pf_contains "$D/stderr" "$PF_HOLDER_PID"
pf_contains "$D/stderr" "pf-hold-port"
pf_contains "$D/stderr" "still could not bind()"
pf_pass "held port: holder $PF_HOLDER_PID named at startup (warn mode, ${NGX_MS} ms)"

# --- fail mode: nginx stops at once, with the explanation ---------------
D="$PF_TMP/fail"
ngx_conf "$D" "preflight_on_conflict fail;" "listen 127.0.0.1:$held;"
ngx_run "$D"
[ "$NGX_RC" -ne 0 ] || pf_fail "nginx started on a held port in fail mode"
[ "$NGX_MS" -lt 1000 ] || pf_fail "fail mode took $NGX_MS ms"
pf_contains "$D/stderr" "$PF_HOLDER_PID"
pf_contains "$D/stderr" "preflight: not starting"
pf_not_contains "$D/stderr" "bind() to"
pf_pass "fail mode: nginx exits in $NGX_MS ms without trying bind()"

# --- preflight_remedy: none plans nothing; apply never kills a process --
D="$PF_TMP/none"
ngx_conf "$D" "preflight_on_conflict fail; preflight_remedy none;" "listen 127.0.0.1:$held;"
ngx_run "$D"
pf_contains "$D/stderr" "preflight: not starting"
pf_not_contains "$D/stderr" "preflight remedy:"
D="$PF_TMP/apply"
ngx_conf "$D" "preflight_on_conflict fail; preflight_remedy apply;
preflight_remedy_allow nonexistent-preflight-test.service;" "listen 127.0.0.1:$held;"
ngx_run "$D"
[ "$NGX_RC" -ne 0 ] || pf_fail "nginx started on a held port in apply mode"
pf_contains "$D/stderr" "preflight remedy:"
ngx_alive "$PF_HOLDER_PID" || pf_fail "apply mode stopped the holder process"
pf_pass "preflight_remedy none and apply (holder $PF_HOLDER_PID left alone)"

# --- nginx -t: a warning, and the test still succeeds -------------------
D="$PF_TMP/fail"
ngx_run "$D" -t
[ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx -t failed on a held port"; }
pf_contains "$D/stderr" "[warn] preflight: "
pf_contains "$D/stderr" "test is successful"
pf_pass "nginx -t warns about the held port and succeeds"

# --- preflight off: the stock behaviour ----------------------------------
D="$PF_TMP/off"
ngx_conf "$D" "preflight off;" "listen 127.0.0.1:$held;"
ngx_run "$D" -t
ngx_no_alarm "$D" "preflight off"
