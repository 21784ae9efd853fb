#!/bin/sh
# Issue 17 point 4 with the real nginx: the explanation lands where
# nginx's own "bind() ... failed" lands, and says it once.
#   - started as Debian's init script starts it (no -e, so the log of the
#     first start is the compiled-in one, stderr on /dev/null), on a held
#     port: the explanation is in the error_log the configuration names,
#     in warn and in fail mode, each line once;
#   - with -e naming that same file, no line is written twice;
#   - preflight_remedy suggest (the default) gives each fix once, for
#     "listen P; listen [::]:P;" held by one process too;
#   - "nginx -t -q" of a running nginx says nothing;
#   - each address names the file and line of its listen, in an included
#     file too.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/nginx_lib.sh"

held=$(pf_free_port)
pf_hold_port 127.0.0.1 "$held"

# ngx_start_quiet DIR: nginx as /etc/init.d/nginx starts it.
ngx_start_quiet() {
    "$NGX_BIN" -p "$1" -c "$1/nginx.conf" 2>/dev/null
    NGX_RC=$?
}

# lines_once FILE TEXT: TEXT is on exactly one line of FILE.
lines_once() {
    _n=$({ grep -F -- "$2" "$1" || true; } | wc -l)
    [ "$_n" -eq 1 ] || { echo "--- $1:"; cat "$1"; pf_fail "'$2' is on $_n lines of $1, not 1"; }
}

for mode in warn fail; do
    D="$PF_TMP/quiet-$mode"
    ngx_conf "$D" "preflight_on_conflict $mode;" "listen 127.0.0.1:$held;"
    ngx_start_quiet "$D"
    [ "$NGX_RC" -ne 0 ] || pf_fail "nginx started on a held port ($mode)"
    [ -f "$D/error.log" ] || pf_fail "no $D/error.log at all ($mode mode)"
    pf_contains "$D/error.log" "preflight: 127.0.0.1:$held"
    lines_once "$D/error.log" "preflight:   port $held is in use by pf-hold-port (PID $PF_HOLDER_PID"
    lines_once "$D/error.log" "kill $PF_HOLDER_PID "
    if [ "$mode" = fail ]; then
        # the refusal names the address and its holder, as Apache's does
        pf_contains "$D/error.log" "preflight: not starting: 127.0.0.1:$held cannot be bound: port $held is in use by pf-hold-port"
    else
        pf_contains "$D/error.log" "bind() to 127.0.0.1:$held failed"
    fi
    pf_pass "stderr on /dev/null, $mode mode: the explanation is in the configured error.log"
done

# -e names the configured log: cycle->log writes there already
D="$PF_TMP/same"
ngx_conf "$D" "preflight_on_conflict fail;" "listen 127.0.0.1:$held;"
ngx_run "$D"
lines_once "$D/error.log" "preflight:   port $held is in use by pf-hold-port (PID $PF_HOLDER_PID"
lines_once "$D/error.log" "preflight: not starting"
lines_once "$D/stderr" "preflight:   port $held is in use by pf-hold-port (PID $PF_HOLDER_PID"
pf_pass "-e and error_log on one file: each line once, in the file and on stderr"

# suggest: each fix once, no second "Remedy plan"
pf_not_contains "$D/stderr" "Remedy plan"
lines_once "$D/stderr" "kill $PF_HOLDER_PID "
free_near=$(sed -n 's/.*use port \([0-9]*\) instead.*/\1/p' "$D/stderr" | head -n 1)
[ -n "$free_near" ] || { cat "$D/stderr"; pf_fail "no other port suggested"; }
lines_once "$D/stderr" "listen 127.0.0.1:$free_near;"
pf_pass "preflight_remedy suggest: each fix once"

# nginx -t -q of the running nginx: quiet
free=$(pf_free_port)
D="$PF_TMP/running"
ngx_conf "$D" "" "listen 127.0.0.1:$free; listen 127.0.0.1:$(pf_free_port);"
ngx_run "$D"
[ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx did not start on free ports"; }
out=$("$NGX_BIN" -p "$D" -c "$D/nginx.conf" -t -q 2>&1)
[ -z "$out" ] || { echo "$out"; pf_fail "nginx -t -q of the running nginx printed something"; }
pf_pass "nginx -t -q of the running nginx prints nothing"

# each address names its own file and line
D="$PF_TMP/line"
mkdir -p "$D/sites"
printf '# a site\n\n    listen 127.0.0.1:%s;\n' "$held" >"$D/sites/default"
ngx_conf "$D" "preflight_on_conflict fail;" "include sites/default;"
ngx_run "$D"
pf_contains "$D/stderr" "preflight: 127.0.0.1:$held (from $D/sites/default:3): cannot be bound"
pf_not_contains "$D/stderr" "(from $D/nginx.conf)"
pf_pass "the explanation names $D/sites/default:3, where the listen is"

# "listen P; listen [::]:P;" held by one dual-stack socket: the holder and
# its fix once, the second address in one line and its own listen
dual=$(pf_free_port)
pf_hold_port :: "$dual"
D="$PF_TMP/dual"
ngx_conf "$D" "preflight_on_conflict fail;" "listen $dual; listen [::]:$dual;"
ngx_run "$D"
lines_once "$D/stderr" "kill $PF_HOLDER_PID "
lines_once "$D/stderr" "held by PID $PF_HOLDER_PID"
pf_contains "$D/stderr" "preflight: [::]:$dual (from $D/nginx.conf:"
pf_contains "$D/stderr" "(as for 0.0.0.0:$dual above)"
pf_pass "0.0.0.0:$dual and [::]:$dual held by one process: said once"
