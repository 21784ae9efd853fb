#!/bin/sh
# End to end under Wine: a program named wslrelay.exe (WSL2's localhost
# forwarding) and one named com.docker.backend.exe (Docker Desktop) hold
# a loopback port; `preflight.exe check` must name each through the
# handle table (Wine reports owner PID 0; the walk finds the socket in
# the program) and give its rule: cause "wsl" with `wsl --shutdown`,
# cause "docker-desktop" with `docker ps --filter publish=PORT`, and no
# advice to kill either.  The programs are pf-hold-tcp.exe under those
# names: what Wine can show is the naming and the rules, not WSL itself.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"

[ -n "${WINE:-}" ] || pf_skip "no Wine"
holder="$top_builddir/tests/win/pf-hold-tcp.exe"
[ -f "$holder" ] || pf_fail "no $holder (make check builds it)"
[ -f "$PREFLIGHT" ] || pf_fail "no $PREFLIGHT"
pf_wine_init || pf_fail "could not create the Wine prefix"

close_holder() { exec 3>&- 2>/dev/null || true; }
pf_on_exit close_holder

# owner NAME CAUSE COMMAND: NAME holds a port; check names CAUSE and
# offers COMMAND (PORT replaced)
owner() {
    name=$1; cause=$2
    port=$(pf_free_port 127.0.0.1)
    want=$(printf '%s' "$3" | sed "s/PORT/$port/")
    mkdir -p "$PF_TMP/$name.d"
    cp "$holder" "$PF_TMP/$name.d/$name"
    rm -f "$PF_TMP/in"; mkfifo "$PF_TMP/in"
    pf_wine_run "$PF_TMP/$name.d/$name" 127.0.0.1 "$port" <"$PF_TMP/in" \
        >"$PF_TMP/$name.out" 2>&1 &
    pid=$!
    pf_track "$pid"
    exec 3>"$PF_TMP/in"
    for _ in $(seq 1 300); do
        grep -q ready "$PF_TMP/$name.out" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    grep -q ready "$PF_TMP/$name.out" || { cat "$PF_TMP/$name.out"; pf_fail "$name did not listen"; }
    j="$PF_TMP/$name.json"
    rc=0
    pf_wine_run "$PREFLIGHT" check "127.0.0.1:$port" --json >"$j" 2>"$j.err" || rc=$?
    exec 3>&-
    wait "$pid" 2>/dev/null
    [ "$rc" -eq 1 ] || { cat "$j" "$j.err"; pf_fail "check of $name's port exited $rc, not 1"; }
    causes=$(pf_json "$j" '" ".join(f["cause"] for f in j["targets"][0]["findings"])')
    [ "$causes" = "$cause" ] || { cat "$j"; pf_fail "$name: causes '$causes', expected '$cause'"; }
    pf_json "$j" 'j["targets"][0]["findings"][0]["summary"]' >"$PF_TMP/summary"
    pf_contains "$PF_TMP/summary" "$name"
    pf_json "$j" '"\n".join(c for r in j["targets"][0]["findings"][0]["remedies"] for c in r["commands"])' >"$PF_TMP/commands"
    pf_contains "$PF_TMP/commands" "$want"
    pf_not_contains "$PF_TMP/commands" "taskkill"
    pf_pass "$name on 127.0.0.1:$port: $(cat "$PF_TMP/summary")"
}

owner wslrelay.exe wsl "wsl --shutdown"
owner com.docker.backend.exe docker-desktop "docker ps --filter publish=PORT"
