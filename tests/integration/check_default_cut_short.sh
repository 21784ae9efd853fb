#!/bin/sh
# `preflight check` with no arguments reads the system's own Apache and
# nginx configurations.  When one of them cannot be read completely (here
# over the budget of bytes read in all, or an Include that is missing),
# the answer is never "free" for ports 80 and 443 instead: the check names
# what it could not read and exits 2 (issue 22).  `run` still starts the
# server (fail open).  The system's /etc/apache2 and /etc/nginx are
# replaced by test trees inside a mount namespace of this test only.
. "$top_srcdir/tests/integration/lib.sh"

[ "$(id -u)" = 0 ] || pf_skip "needs root (a mount namespace)"
unshare -m true 2>/dev/null || pf_skip "unshare -m is not allowed here"
[ -d /etc/apache2 ] && [ -d /etc/nginx ] || pf_skip "needs /etc/apache2 and /etc/nginx to mount over"

cd "$PF_TMP" || pf_fail "cannot enter $PF_TMP"
port=$(pf_free_port)
port2=$(pf_free_port)
[ "$port2" != "$port" ] || port2=$(pf_free_port)
mkdir apache2 nginx

# in a namespace: the test trees over the system's, then preflight ARGS
in_ns() {
    unshare -m sh -c 'mount --bind "$1/apache2" /etc/apache2 &&
                      mount --bind "$1/nginx" /etc/nginx && shift && exec "$@"' \
        sh "$PF_TMP" "$@"
}

expect_cut_short() {
    what=$1; shift
    in_ns "$PREFLIGHT" check >out 2>err
    rc=$?
    [ "$rc" -eq 2 ] || { cat out err; pf_fail "$what: exit $rc, expected 2"; }
    for t in "$@"; do pf_contains err "$t"; done
    pf_contains err "could not be read completely, so its ports were not checked"
    pf_not_contains out "free"
    pf_not_contains err "checking ports 80 and 443"
}

# a valid nginx tree: what is read completely is checked as before
printf 'events {}\nhttp {\n    server { listen 127.0.0.1:%s; }\n}\n' "$port2" >nginx/nginx.conf
printf 'Listen 127.0.0.1:%s\n' "$port" >apache2/apache2.conf
in_ns "$PREFLIGHT" check >out 2>err || { cat out err; pf_fail "a readable tree: exit $?"; }
pf_contains out "127.0.0.1:$port (from /etc/apache2/apache2.conf:1) free"
pf_contains out "127.0.0.1:$port2 (from /etc/nginx/nginx.conf:3) free"

# Apache's tree over the byte budget: a 15 MB file included 80 times
python3 -c 'import sys; sys.stdout.write(("# " + "x" * 60000 + "\n") * 250)' >apache2/big.conf
python3 -c 'import sys; sys.stdout.write("Listen 127.0.0.1:%s\n" % sys.argv[1] + "Include big.conf\n" * 80)' "$port" >apache2/apache2.conf
expect_cut_short "byte budget" "/etc/apache2/apache2.conf:73:" "budget of bytes exceeded" "big.conf"
pf_pass "a configuration cut short by a budget: exit 2, its budget named, nothing called free"

# nginx's tree with a missing include (Apache's is fine again)
printf 'Listen 127.0.0.1:%s\n' "$port" >apache2/apache2.conf
printf 'events {}\nhttp {\n    include gone.conf;\n}\n' >nginx/nginx.conf
expect_cut_short "missing include" "/etc/nginx/nginx.conf:3:" "gone.conf"
pf_pass "a configuration with a missing include: exit 2, nothing called free"

# run is fail open: the warning, and the command runs (run reads the
# configuration it is told, never the defaults)
in_ns "$PREFLIGHT" run --nginx /etc/nginx/nginx.conf -- sh -c 'echo started' >out 2>err
rc=$?
[ "$rc" -eq 0 ] || { cat out err; pf_fail "run: exit $rc, expected the command's 0"; }
pf_contains out "started"
pf_contains err "preflight: warning: /etc/nginx/nginx.conf:3:"
pf_contains err "gone.conf"
pf_pass "run warns and starts the command all the same"
