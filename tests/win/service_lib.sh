# A Windows service of the test's own under Wine, for the remedy tests
# that stop and start one through the real service control manager
# (remedy_e2e.sh, scm_e2e.sh).  Sourced after tests/integration/lib.sh
# and tests/win/wine-env.sh.
#
# pf_win_service [--http] NAME [ARG...]: registers pf-http-service.exe
# PORT ARG... as the demand-start service NAME, starts it (with --http the
# HTTP driver first: a new prefix's starts on demand, and a service's
# HttpCreateHttpHandle fails with error 6 until it runs), waits until it holds PORT
# and says so; the service is stopped and deleted at exit.  Sets port,
# svc_exe and PREFLIGHT_STATE_DIR (exported, a Windows path), and
# defines
#   w CMD...          CMD under Wine, at most 120 s
#   query             "state=running|pending|stopped start=demand|..."
#   wait_state STATE  until query says STATE (12 s), else prints it, 1
#   listening         something listens on PORT
# pf_win_service_stop_wait (seconds, default 0): how long the service may
# take to stop before it is deleted.

w() { timeout 120 "$WINE" "$@"; }

pf_win_service() {
    pf_win_service_http=0
    [ "$1" = --http ] && { pf_win_service_http=1; shift; }
    pf_win_service_name=$1; shift
    svc_exe="$top_builddir/tests/win/pf-http-service.exe"
    for f in "$svc_exe" "$PREFLIGHT"; do
        [ -f "$f" ] || pf_fail "no $f (make check builds it)"
    done
    pf_wine_init || pf_fail "could not create the Wine prefix"
    # services live as long as the wineserver: keep one Wine process running
    mkfifo "$PF_TMP/keep.in"
    "$WINE" cmd /c pause <"$PF_TMP/keep.in" >/dev/null 2>&1 &
    pf_track $!
    exec 4>"$PF_TMP/keep.in"

    port=$(pf_free_port 0.0.0.0)
    PREFLIGHT_STATE_DIR=$(w winepath -w "$PF_TMP/state" | tr -d '\r')
    export PREFLIGHT_STATE_DIR
    pf_win_service_exe=$(w winepath -w "$svc_exe" | tr -d '\r')
    if [ "$pf_win_service_http" = 1 ]; then
        w sc start http >/dev/null 2>&1 || true
    fi
    w sc create "$pf_win_service_name" \
        binPath= "$pf_win_service_exe $port${*:+ $*}" start= demand \
        >"$PF_TMP/sc.out" 2>&1 \
        || { cat "$PF_TMP/sc.out"; pf_fail "sc create $pf_win_service_name"; }
    pf_on_exit pf_win_service_remove

    w sc start "$pf_win_service_name" >/dev/null 2>&1
    wait_state "state=running start=demand" \
        || pf_fail "$pf_win_service_name did not start"
    pf_wait_listen "$port" \
        || pf_fail "$pf_win_service_name does not hold port $port"
    pf_pass "test service $pf_win_service_name holds port $port"
}

pf_win_service_remove() {
    w sc stop "$pf_win_service_name" >/dev/null 2>&1
    sleep "${pf_win_service_stop_wait:-0}"
    w sc delete "$pf_win_service_name" >/dev/null 2>&1
    exec 4>&-
}

query() { w "$svc_exe" query "$pf_win_service_name" | tr -d '\r'; }
wait_state() {
    for _ in $(seq 1 60); do
        [ "$(query)" = "$1" ] && return 0
        sleep 0.2
    done
    query
    return 1
}
listening() { ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; }
