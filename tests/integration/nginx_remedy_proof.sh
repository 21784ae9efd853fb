#!/bin/sh
# Issue 16 through the real nginx and ngx_preflight_module: the
# `preflight_remedy apply` path acts on a proven subject only.
#   1. a throwaway user's own unit named nginx.service (in its user
#      manager's delegated cgroup) holds the port, and the allow list says
#      `preflight_remedy_allow nginx.service`: the system's nginx.service
#      is not stopped, nothing is journalled, the user's process lives;
#   2. a service of the system manager whose main process holds the port
#      (systemd, here the stand-in, confirms it), and the allow list names
#      it: the module stops it (journalled) and nginx starts.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/nginx_lib.sh"
. "$top_srcdir/tests/integration/proof_lib.sh"

export PREFLIGHT_STATE_DIR="$PF_TMP/state"
journal="$PREFLIGHT_STATE_DIR/journal"

# --- 1. a user's nginx.service ------------------------------------------
ucg="$base/user-$uid.slice/user@$uid.service/app.slice/nginx.service"
mkdir -p "$ucg" "$base/system.slice/nginx.service"
chown -R "$tag" "$base/user-$uid.slice/user@$uid.service"
sleep 1000 &
sysnginx=$!
pf_track "$sysnginx"
echo "$sysnginx" >"$base/system.slice/nginx.service/cgroup.procs"
unit nginx.service "$base/system.slice/nginx.service" "$sysnginx"
port=$(pf_free_port)
hold user "$ucg" "$port"
D="$PF_TMP/user"
ngx_conf "$D" "preflight_on_conflict fail; preflight_remedy apply;
preflight_remedy_allow nginx.service;" "listen 127.0.0.1:$port;"
PATH="$PF_TMP/bin:$PATH" ngx_run "$D"
[ "$NGX_RC" -ne 0 ] || pf_fail "nginx started on a held port"
no_change "module, a user's nginx.service"
pf_contains "$D/stderr" "preflight remedy:"
pf_contains "$D/stderr" "nothing applied"
# issue 17: the unit is on the list already; the list is not what stops it
pf_not_contains "$D/stderr" "allow list"
pf_contains "$D/stderr" "systemctl --user -M $tag@ stop nginx.service"
pf_not_contains "$D/stderr" "systemctl stop nginx.service"
kill -0 "$held" || pf_fail "the user's holder was stopped"
kill -0 "$sysnginx" || pf_fail "the system's nginx.service stand-in was stopped"
pf_pass "preflight_remedy_allow nginx.service: a user's own nginx.service stops nothing of the system's"

# --- 2. a proven system unit in the allow list --------------------------
scg="$base/pf-web-$$.service"
mkdir -p "$scg"
port=$(pf_free_port)
hold root "$scg" "$port"
unit "pf-web-$$.service" "$scg" "$held"
# issue 17: suggest (the default) names each fix once, and how the server
# could apply it: the allow-list directive only for a unit not listed yet
for listed in no yes; do
    D="$PF_TMP/suggest-$listed"
    allow=""
    [ "$listed" = yes ] && allow="preflight_remedy_allow pf-web-$$.service;"
    ngx_conf "$D" "preflight_on_conflict fail; $allow" "listen 127.0.0.1:$port;"
    PATH="$PF_TMP/bin:$PATH" ngx_run "$D"
    pf_not_contains "$D/stderr" "Remedy plan"
    n=$(grep -c "      systemctl stop pf-web-$$.service" "$D/stderr")
    [ "$n" -eq 1 ] || { cat "$D/stderr"; pf_fail "systemctl stop is on $n lines"; }
    pf_contains "$D/stderr" "the server can do \"stop pf-web-$$.service\" itself at its next start, with preflight_remedy apply;"
    if [ "$listed" = yes ]; then
        pf_not_contains "$D/stderr" "preflight_remedy_allow pf-web-$$.service;"
    else
        pf_contains "$D/stderr" "preflight_remedy apply; preflight_remedy_allow pf-web-$$.service;"
    fi
done
kill -0 "$held" || pf_fail "suggest stopped the unit's process"
pf_pass "preflight_remedy suggest: each fix once, the allow list named only when needed"
: >"$calls"
D="$PF_TMP/proven"
ngx_conf "$D" "preflight_on_conflict fail; preflight_remedy apply;
preflight_remedy_allow pf-web-$$.service;" "listen 127.0.0.1:$port;"
PATH="$PF_TMP/bin:$PATH" ngx_run "$D"
pf_contains "$D/stderr" "done: systemctl stop pf-web-$$.service"
grep -q "^stop -- pf-web-$$.service" "$calls" || { cat "$calls"; pf_fail "the stand-in was not asked to stop the unit"; }
grep -q "state=done kind=unit op=stop subject=pf-web-$$.service" "$journal" \
    || { cat "$journal"; pf_fail "the journal does not record the stop"; }
kill -0 "$held" 2>/dev/null && pf_fail "the unit's process still runs"
pf_pass "a proven system unit named in the allow list: stopped by the module, journalled"
