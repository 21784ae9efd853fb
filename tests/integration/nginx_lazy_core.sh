#!/bin/sh
# ngx_preflight_module carries the probe only; the rest of the core,
# preflight-core.so next to the module, is opened when a port is taken
# (core/src/unix/pf_unix_lazy.h).  A healthy start never loads it; a
# held port loads it and names the holder; a module installed without
# it still says which port cannot be bound, and why it cannot say more.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/nginx_lib.sh"

# --- a free port: the core stays out of the master ----------------------
free=$(pf_free_port)
D="$PF_TMP/free"
ngx_conf "$D" "" "listen 127.0.0.1:$free;"
# the starting process (the check runs there, before it daemonizes) under
# strace, when there is one
if command -v strace >/dev/null 2>&1; then
    NGX_WRAP="strace -qq -e trace=openat,readlink,socket -o $PF_TMP/start.strace"
fi
ngx_run "$D"
NGX_WRAP=""
[ "$NGX_RC" -eq 0 ] || { cat "$D/stderr"; pf_fail "nginx did not start on a free port"; }
master=$(ngx_master "$D")
grep -q "ngx_preflight_module.so" "/proc/$master/maps" \
    || pf_fail "the module is not loaded in the master"
if grep -q "preflight-core.so" "/proc/$master/maps"; then
    pf_fail "a start on a free port loaded preflight-core.so"
fi
pf_pass "free port: the module is loaded, preflight-core.so is not"
ngx_stop_all

# a healthy start's check is the probe alone, and its socket becomes
# nginx's listener; nothing read to explain a failure
if [ -f "$PF_TMP/start.strace" ]; then
    t="$PF_TMP/start.strace"
    grep -q '^openat(.*ngx_preflight_module.so' "$t" \
        || { cat "$t"; pf_fail "strace did not see the module loaded"; }
    for f in /proc/self preflight-core.so ip_unprivileged_port_start \
             "$D/nginx.pid\", O_RDONLY"; do
        if grep -qF "$f" "$t"; then
            grep -F "$f" "$t"
            pf_fail "a start on a free port read $f"
        fi
    done
    # the probe's socket is nginx's listener: one socket in all, as stock
    [ "$(grep -c '^socket(AF_INET, SOCK_STREAM' "$t")" -eq 1 ] \
        || { grep '^socket' "$t"; pf_fail "not one socket for one listen address (probe and nginx each bound it?)"; }
    pf_pass "free port: one socket for the listen address, no file read"
fi

# --- a held port: the core is opened and names the holder ---------------
held=$(pf_free_port)
pf_hold_port 127.0.0.1 "$held"
D="$PF_TMP/held"
ngx_conf "$D" "preflight_on_conflict fail;" "listen 127.0.0.1:$held;"
ngx_run "$D"
[ "$NGX_RC" -ne 0 ] || pf_fail "nginx started on a held port"
pf_contains "$D/stderr" "$PF_HOLDER_PID"
pf_contains "$D/stderr" "pf-hold-port"
pf_pass "held port: the core was opened and named holder $PF_HOLDER_PID"

# --- the module without its core: the conflict is still told -----------
mkdir -p "$PF_TMP/alone"
cp "$NGX_SO" "$PF_TMP/alone/ngx_preflight_module.so"
D="$PF_TMP/nocore"
ngx_conf "$D" "preflight_on_conflict fail;" "listen 127.0.0.1:$held;"
sed -i "s|^load_module .*|load_module $PF_TMP/alone/ngx_preflight_module.so;|" \
    "$D/nginx.conf"
ngx_run "$D"
[ "$NGX_RC" -ne 0 ] || pf_fail "nginx started on a held port without the core"
pf_contains "$D/stderr" "127.0.0.1:$held (from $D/nginx.conf): cannot be bound, in use (EADDRINUSE)"
pf_contains "$D/stderr" "its core library could not be loaded"
pf_contains "$D/stderr" "$PF_TMP/alone/preflight-core.so"
pf_contains "$D/stderr" "preflight: not starting"
[ "$(grep -c "alone/preflight-core.so" "$D/stderr")" -eq 1 ] \
    || pf_fail "the missing core is told more than once"
pf_pass "no preflight-core.so: the port, EADDRINUSE and the missing file are told"
