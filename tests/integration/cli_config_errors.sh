#!/bin/sh
# preflight check --apache/--nginx: configuration errors exit 2 with
# FILE:LINE; good configurations list their listen addresses.
. "$top_srcdir/tests/integration/lib.sh"

cd "$PF_TMP" || pf_fail "cannot enter $PF_TMP"

# Apache trees here keep their includes beside the main file: -d says so
# (httpd itself would resolve them against its compiled-in ServerRoot).
ap_root() { [ "$1" = --apache ] && echo "-d $(dirname "$2")"; }

# expect_conf_error --apache|--nginx FILE TEXT...: exit 2, stderr has TEXTs
expect_conf_error() {
    opt=$1; file=$2; shift 2
    timeout 20 "$PREFLIGHT" check $(ap_root "$opt" "$file") "$opt" "$file" >"$PF_TMP/out" 2>"$PF_TMP/err"
    rc=$?
    [ "$rc" -eq 2 ] || { cat "$PF_TMP/err"; pf_fail "check $opt $file: exit $rc, expected 2"; }
    for t in "$@"; do pf_contains "$PF_TMP/err" "$t"; done
}

printf 'Listen 127.0.0.1:1\n# a comment\nListen 1.2.3.4\n' >bad.conf
expect_conf_error --apache bad.conf "bad.conf:3:" "Port must be specified"
pf_pass "apache: a bad Listen is reported as bad.conf:3 and exits 2"

printf 'Listen 80\nInclude missing.conf\n' >main.conf
expect_conf_error --apache main.conf "main.conf:2:" "missing.conf" "No such file"
pf_pass "apache: a missing Include names the including line"

printf '\nListen ${PF_SURELY_UNDEFINED}\n' >undef.conf
expect_conf_error --apache undef.conf "undef.conf:2:" '${PF_SURELY_UNDEFINED}'
pf_pass "apache: an undefined \${VAR} in Listen is named"

printf 'events {}\nhttp {\n    server { listen 80a:x; }\n}\n' >bad-nginx.conf
expect_conf_error --nginx bad-nginx.conf "bad-nginx.conf:3:" "invalid port" '"listen" directive'
printf 'events {}\nhttp {\n    server {\n        listen 80;\n' >open-nginx.conf
expect_conf_error --nginx open-nginx.conf "open-nginx.conf:5:" 'unexpected end of file, expecting "}"'
printf 'http {\n    include conf.d/missing.conf;\n}\n' >inc-nginx.conf
expect_conf_error --nginx inc-nginx.conf "inc-nginx.conf:2:" "missing.conf" "No such file"
pf_pass "nginx: syntax, listen and include errors are FILE:LINE and exit 2"

# A good Apache tree: Define, ${VAR}, Include with a wildcard, IfDefine.
p1=$(pf_free_port); p2=$(pf_free_port); p3=$(pf_free_port)
mkdir -p ap/conf.d
cat >ap/httpd.conf <<CONF
Define FIRST $p1
Listen 127.0.0.1:\${FIRST}
Include conf.d/*.conf
<IfDefine NEVER>
    Listen 127.0.0.1:1
</IfDefine>
CONF
echo "Listen 127.0.0.1:$p2" >ap/conf.d/a.conf
echo "Listen 127.0.0.1:$p3" >ap/conf.d/b.conf
echo "Listen 127.0.0.1:1" >ap/conf.d/c.conf.disabled
"$PREFLIGHT" check -d ap --apache ap/httpd.conf --json >ap.json 2>ap.err
rc=$?
[ "$rc" -eq 0 ] || { cat ap.err ap.json; pf_fail "good apache config: exit $rc"; }
got=$(pf_json ap.json '" ".join("%s:%d@%s" % (t["address"], t["port"], t["source"].split("/")[-1]) for t in j["targets"])')
want="127.0.0.1:$p1@httpd.conf:2 127.0.0.1:$p2@a.conf:1 127.0.0.1:$p3@b.conf:1"
[ "$got" = "$want" ] || pf_fail "apache targets: got '$got', want '$want'"
pf_pass "apache: Define + Include glob give the expected targets, in order"

# A good nginx tree: include with a wildcard, relative to the main file.
mkdir -p ng/sites
cat >ng/nginx.conf <<CONF
events { worker_connections 16; }
http {
    include sites/*;
}
stream {
    server { listen 127.0.0.1:$p3 udp; }
}
CONF
printf 'server {\n    listen 127.0.0.1:%s;\n    listen 127.0.0.1:%s ssl;\n}\n' "$p1" "$p2" >ng/sites/default
"$PREFLIGHT" check --nginx ng/nginx.conf --json >ng.json 2>ng.err
rc=$?
[ "$rc" -eq 0 ] || { cat ng.err ng.json; pf_fail "good nginx config: exit $rc"; }
got=$(pf_json ng.json '" ".join("%s:%d/%s@%s" % (t["address"], t["port"], t["proto"], t["source"].split("/")[-1]) for t in j["targets"])')
want="127.0.0.1:$p1/tcp@default:2 127.0.0.1:$p2/tcp@default:3 127.0.0.1:$p3/udp@nginx.conf:6"
[ "$got" = "$want" ] || pf_fail "nginx targets: got '$got', want '$want'"
pf_pass "nginx: include glob and stream udp give the expected targets"

# -D on the command line reaches <IfDefine>
printf '<IfDefine PF_ON>\nListen 127.0.0.1:%s\n</IfDefine>\n' "$p1" >d.conf
"$PREFLIGHT" check --apache d.conf -D PF_ON --json >d.json 2>d.err || { cat d.err; pf_fail "-D: exit $?"; }
[ "$(pf_json d.json 'len(j["targets"])')" = 1 ] || pf_fail "-D PF_ON did not enable the Listen"
pf_pass "apache: -D NAME enables <IfDefine NAME>"
