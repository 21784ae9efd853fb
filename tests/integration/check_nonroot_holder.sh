#!/bin/sh
# A plain user checks port 80 while root's nginx holds it (issue 17 point
# 2), in a network namespace of the test's own: the holder is named as far
# as any user can see it ("a process of user root (uid 0) holds it; run as
# root to name it"), not called privileged with setcap and sysctl fixes;
# a port nobody holds is still privileged for that user.
. "$top_srcdir/tests/integration/lib.sh"

[ "$(id -u)" = 0 ] || pf_skip "needs root to make a network namespace"
unshare -n true 2>/dev/null || pf_skip "cannot create a network namespace here"
command -v setpriv >/dev/null 2>&1 || pf_skip "setpriv (util-linux) is not installed"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# a copy the unprivileged user can run, whatever the build directory's mode
chmod 755 "$PF_TMP"
cp "$PREFLIGHT" "$PF_TMP/preflight"
chmod 755 "$PF_TMP/preflight"
if [ -x "$NGINX" ]; then
    # workers as www-data, as Debian runs them: not the checking user
    pf_nginx_conf "$PF_TMP/nginx" 80 "user www-data;"
    holder="'$NGINX' -p '$PF_TMP/nginx' -c '$PF_TMP/nginx/nginx.conf' -e '$PF_TMP/nginx/logs/error.log' -g 'daemon off;'"
    name=nginx
else
    holder="'$top_builddir/tests/integration/pf-hold-port' 127.0.0.1 80"
    name=pf-hold-port
fi
as_user="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"

# one namespace for the holder and both checks; the holder is its child
unshare -n -- sh -c "
    ip link set lo up
    $holder >'$PF_TMP/holder.out' 2>&1 &
    h=\$!
    for _ in \$(seq 1 100); do
        ss -Hltn 'sport = :80' | grep -q . && break
        sleep 0.05
    done
    $as_user '$PF_TMP/preflight' check 127.0.0.1:80 >'$PF_TMP/user.txt' 2>&1
    echo \$? >'$PF_TMP/user.rc'
    $as_user '$PF_TMP/preflight' check 127.0.0.1:80 --json >'$PF_TMP/user.json' 2>&1
    $as_user '$PF_TMP/preflight' check 127.0.0.1:81 --json >'$PF_TMP/free81.json' 2>&1
    '$PF_TMP/preflight' check 127.0.0.1:80 >'$PF_TMP/root.txt' 2>&1
    kill -TERM \$h
    wait \$h
" || true

[ "$(cat "$PF_TMP/user.rc")" = 1 ] || { cat "$PF_TMP/user.txt" "$PF_TMP/holder.out"; pf_fail "user check: exit $(cat "$PF_TMP/user.rc"), expected 1"; }
pf_contains "$PF_TMP/user.txt" "a process of user root (uid 0) holds it; run as root to name it"
pf_not_contains "$PF_TMP/user.txt" "privileged"
pf_not_contains "$PF_TMP/user.txt" "setcap"
pf_not_contains "$PF_TMP/user.txt" "ip_unprivileged_port_start"
[ "$(pf_json "$PF_TMP/user.json" 'j["targets"][0]["status"]')" = in-use ] \
    || { cat "$PF_TMP/user.json"; pf_fail "status is not in-use"; }
[ "$(pf_json "$PF_TMP/user.json" '[f["cause"] for f in j["targets"][0]["findings"]]')" = "['process']" ] \
    || { cat "$PF_TMP/user.json"; pf_fail "the findings are not one holder"; }
pf_pass "a plain user: root's $name on port 80 is a holder of user root, not a privileged port"

pf_contains "$PF_TMP/root.txt" "$name"
pf_contains "$PF_TMP/root.txt" "PID"
pf_pass "root in the same namespace names $name and its PID"

[ "$(pf_json "$PF_TMP/free81.json" '[f["cause"] for f in j["targets"][0]["findings"]]')" = "['privileged-port']" ] \
    || { cat "$PF_TMP/free81.json"; pf_fail "a free low port is not privileged-port for a plain user"; }
pf_pass "a plain user on a free low port: privileged-port"
