#!/bin/sh
# Relative paths of an Apache configuration with neither -d nor a
# ServerRoot line resolve against httpd's compiled-in root (apache2 -V:
# HTTPD_ROOT), as httpd resolves them, not against the file's directory.
. "$top_srcdir/tests/integration/lib.sh"

apache2=/usr/sbin/apache2
[ -x "$apache2" ] || pf_skip "no $apache2"
root=$("$apache2" -V -f /dev/null 2>/dev/null | sed -n 's/^ *-D HTTPD_ROOT="\(.*\)"$/\1/p')
[ -n "$root" ] || pf_skip "apache2 -V names no HTTPD_ROOT"
[ -f "$root/ports.conf" ] || pf_skip "no $root/ports.conf to include"

mkdir -p "$PF_TMP/site"
printf 'Include ports.conf\n' >"$PF_TMP/site/httpd.conf"
"$PREFLIGHT" check --no-color --apache "$PF_TMP/site/httpd.conf" \
    >"$PF_TMP/out" 2>&1
rc=$?
[ "$rc" -ne 2 ] || { cat "$PF_TMP/out"; pf_fail "exit 2: the include was not found"; }
pf_contains "$PF_TMP/out" "(from $root/ports.conf:"
pf_pass "no ServerRoot: 'Include ports.conf' is $root/ports.conf, as httpd reads it"

# a ServerRoot line, and -d, still win
port=$(pf_free_port)
printf 'Listen 127.0.0.1:%s\n' "$port" >"$PF_TMP/site/ports.conf"
printf 'ServerRoot %s\nInclude ports.conf\n' "$PF_TMP/site" \
    >"$PF_TMP/site/rooted.conf"
"$PREFLIGHT" check --no-color --apache "$PF_TMP/site/rooted.conf" \
    >"$PF_TMP/out" 2>&1 || { cat "$PF_TMP/out"; pf_fail "exit $?"; }
pf_contains "$PF_TMP/out" "127.0.0.1:$port (from $PF_TMP/site/ports.conf:1)"
"$PREFLIGHT" check --no-color -d "$PF_TMP/site" --apache \
    "$PF_TMP/site/httpd.conf" >"$PF_TMP/out" 2>&1 \
    || { cat "$PF_TMP/out"; pf_fail "exit $?"; }
pf_contains "$PF_TMP/out" "127.0.0.1:$port (from $PF_TMP/site/ports.conf:1)"
pf_pass "a ServerRoot line and -d win over the compiled-in root"
