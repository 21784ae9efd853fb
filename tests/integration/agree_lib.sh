# Sourced by agree_apache.sh and agree_nginx.sh (after lib.sh): one listen
# set in a network namespace of its own, with its holder, through preflight
# and through the real server; the verdicts counted.

[ "$(id -u)" = 0 ] || pf_skip "needs root for network namespaces"
unshare -n true 2>/dev/null || pf_skip "cannot create a network namespace here"

AGREE_HOLDER="$top_builddir/tests/integration/pf-hold-port"
agree=0; total=0; bad=""; modules=0

# The part that runs in the namespace:
#   inner.sh DIR HOLDER PREFLIGHT|- PF_OPTION PIDFILE SERVER_COMMAND...
# prints "EXIT STARTED" (EXIT "-" when preflight was not run); the server
# runs in the foreground and is stopped with SIGTERM (Apache) or SIGQUIT
# (nginx) by AGREE_STOP, its output in DIR/server.out.
cat >"$PF_TMP/inner.sh" <<'INNER'
dir=$1; hold=$2; preflight=$3; option=$4; pidfile=$5; shift 5
ip link set lo up
hp=
if [ "$hold" != - ]; then
    $AGREE_HOLDER $hold >"$dir/holder.out" 2>&1 &
    hp=$!
    for _ in $(seq 1 100); do
        grep -q ready "$dir/holder.out" 2>/dev/null && break
        sleep 0.02
    done
fi
[ -f "$dir/setup.sh" ] && sh "$dir/setup.sh"
pf=-
if [ "$preflight" != - ]; then
    "$preflight" check --no-color "$option" >"$dir/preflight.out" 2>&1
    pf=$?
fi
rm -f "$pidfile"
"$@" >"$dir/server.out" 2>&1 &
sp=$!
started=no
for _ in $(seq 1 200); do
    kill -0 "$sp" 2>/dev/null || break
    if [ -s "$pidfile" ]; then started=yes; break; fi
    sleep 0.05
done
# The server we started is stopped by its PID; one that has not gone after
# 10 s (seen once on a loaded machine: an nginx master that stayed after
# SIGQUIT) gets SIGTERM, then SIGKILL with its own children, so that one
# stuck server costs seconds, not the stage.
running() {  # not gone and not a zombie waiting for our wait
    state=$(sed 's/.*) //' "/proc/$sp/stat" 2>/dev/null | cut -c1)
    [ -n "$state" ] && [ "$state" != Z ]
}
stop_server() {
    kill -"$1" "$sp" 2>/dev/null
    for _ in $(seq 1 "$2"); do
        running || return 0
        sleep 0.05
    done
    return 1
}
if ! stop_server "$AGREE_STOP" 200 && ! stop_server TERM 100; then
    echo "server $sp did not stop: SIGKILL" >&2
    pkill -KILL -P "$sp" 2>/dev/null
    kill -KILL "$sp" 2>/dev/null
fi
wait "$sp" 2>/dev/null
if [ -n "$hp" ]; then
    kill -0 "$hp" 2>/dev/null \
        || echo "holder $hp gone early: $(cat "$dir/holder.out")" >&2
    kill "$hp" 2>/dev/null
    wait "$hp" 2>/dev/null
fi
echo "$pf $started"
INNER

# agree_run DIR HOLDER PREFLIGHT|- PF_OPTION PIDFILE SERVER_COMMAND...:
# sets AGREE_PF and AGREE_STARTED
agree_run() {
    # shellcheck disable=SC2046
    set -- $(AGREE_HOLDER=$AGREE_HOLDER AGREE_STOP=$AGREE_STOP \
        unshare -n sh "$PF_TMP/inner.sh" "$@")
    AGREE_PF=$1; AGREE_STARTED=$2
}

# agree_verdict NAME SERVER: preflight's exit status against the server
agree_verdict() {
    total=$((total + 1))
    if { [ "$AGREE_PF" = 0 ] && [ "$AGREE_STARTED" = yes ]; } \
        || { [ "$AGREE_PF" = 1 ] && [ "$AGREE_STARTED" = no ]; }; then
        agree=$((agree + 1))
        echo "ok - $1: preflight exit $AGREE_PF, $2 started: $AGREE_STARTED"
        return 0
    fi
    bad="$bad $1"
    echo "not ok - $1: preflight exit $AGREE_PF, $2 started: $AGREE_STARTED"
    sed 's/^/    preflight: /' "$dir/preflight.out"
    return 1
}

# agree_module_verdict NAME SAID: the module logged a conflict (SAID yes)
# exactly when the server then did not start
agree_module_verdict() {
    modules=$((modules + 1))
    if { [ "$AGREE_STARTED" = yes ] && [ "$2" = no ]; } \
        || { [ "$AGREE_STARTED" = no ] && [ "$2" = yes ]; }; then
        echo "ok - $1 with the module: conflict logged: $2, started: $AGREE_STARTED"
        return 0
    fi
    bad="$bad $1(module)"
    echo "not ok - $1 with the module: conflict logged: $2, started: $AGREE_STARTED"
    return 1
}

# agree_finish SERVER
agree_finish() {
    echo "# the module agreed with $1 on the sets it was loaded for: $modules"
    echo "# agreement with $1: $agree of $total listen sets"
    [ "$total" -gt 0 ] || pf_fail "no case was read"
    [ -z "$bad" ] || pf_fail "preflight disagrees with $1 on:$bad"
    pf_pass "preflight agrees with $1 on all $total listen sets"
}
