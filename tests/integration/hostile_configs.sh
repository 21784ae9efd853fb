#!/bin/sh
# Hostile configuration trees: every one ends in exit 2 with the file and
# line to blame, quickly (timeout 20), and never in a crash or a hang.
. "$top_srcdir/tests/integration/lib.sh"

cd "$PF_TMP" || pf_fail "cannot enter $PF_TMP"

# Apache trees here keep their includes beside the main file: -d says so
# (httpd itself would resolve them against its compiled-in ServerRoot).
ap_root() { [ "$1" = --apache ] && echo "-d $(dirname "$2")"; }

# expect_conf_error --apache|--nginx FILE TEXT...
expect_conf_error() {
    opt=$1; file=$2; shift 2
    timeout 20 $PF_AS "$PREFLIGHT" check $(ap_root "$opt" "$file") "$opt" "$file" >"$PF_TMP/out" 2>"$PF_TMP/err"
    rc=$?
    [ "$rc" -ne 124 ] || pf_fail "check $opt $file: timed out"
    [ "$rc" -eq 2 ] || { cat "$PF_TMP/err"; pf_fail "check $opt $file: exit $rc, expected 2"; }
    for t in "$@"; do pf_contains "$PF_TMP/err" "$t"; done
}
PF_AS=""

# include loops, direct and through a second file
mkdir loop
# (ServerRoot defaults to the directory of the main file)
printf 'Listen 81\nInclude b.conf\n' >loop/a.conf
printf 'Include a.conf\n' >loop/b.conf
expect_conf_error --apache loop/a.conf "b.conf:1:" "include loop"
printf 'http {\n    include self.conf;\n}\n' >loop/nginx.conf
printf 'server { listen 81; }\ninclude self.conf;\n' >loop/self.conf
expect_conf_error --nginx loop/nginx.conf "self.conf:2:" "include loop"
pf_pass "include loops are stopped at the including line"

# 10,000 vhost files, each including one shared snippet (a shared host's
# layout): read to the last one (issue 22: refused at 1,000 inclusions)
mkdir many many-nginx
port=$(pf_free_port)
python3 - "$port" <<'PY'
import sys
for d, line, listen in (("many", "Include snippet.conf", "Listen 127.0.0.1:%s"),
                        ("many-nginx", "include snippet.conf;",
                         "server { listen 127.0.0.1:%s; }")):
    for i in range(10000):
        with open("%s/%05d.conf" % (d, i), "w") as f:
            f.write("# %d\n%s\n" % (i, line))
    with open("%s/09999.conf" % d, "a") as f:
        f.write(listen % sys.argv[1] + "\n")
PY
printf '# shared\n' >snippet.conf
printf 'Include many/*.conf\n' >many.conf
printf 'http {\n    include many-nginx/*.conf;\n}\n' >many-nginx.conf
for conf in "--apache many.conf" "--nginx many-nginx.conf"; do
    timeout 60 "$PREFLIGHT" check -d "$PF_TMP" -p "$PF_TMP/" $conf >"$PF_TMP/out" 2>"$PF_TMP/err"
    rc=$?
    [ "$rc" -eq 0 ] || { cat "$PF_TMP/err"; pf_fail "check $conf: exit $rc, expected 0"; }
    pf_contains "$PF_TMP/out" "127.0.0.1:$port"
done
pf_pass "10,000 files including one snippet are read to the last"

# a 15 MB file included 80 times: over the budget of 1 GiB read in all
python3 -c 'import sys; sys.stdout.write(("# " + "x" * 60000 + "\n") * 250)' >big.conf
python3 -c 'import sys; sys.stdout.write("Listen 80\n" + "Include big.conf\n" * 80)' >bytes.conf
expect_conf_error --apache bytes.conf "bytes.conf:73:" "budget of bytes exceeded: more than 1024 MiB read in all" "big.conf"
python3 -c 'import sys; sys.stdout.write("http {\n" + "    include big.conf;\n" * 80 + "}\n")' >bytes-nginx.conf
expect_conf_error --nginx bytes-nginx.conf "bytes-nginx.conf:73:" "budget of bytes exceeded: more than 1024 MiB read in all" "big.conf"
pf_pass "a configuration over the byte budget is refused, naming the budget"

# a 1 MB line
python3 -c 'import sys; sys.stdout.write("Listen 80\n# " + "x" * (1 << 20) + "\n")' >long.conf
expect_conf_error --apache long.conf "long.conf:2:" "longer than 65536 bytes"
python3 -c 'import sys; sys.stdout.write("http {\n" + "y" * (1 << 20) + ";\n}\n")' >long-nginx.conf
expect_conf_error --nginx long-nginx.conf "long-nginx.conf:2:" "longer than 65536 bytes"
pf_pass "a 1 MB line is refused"

# a NUL byte
printf 'Listen 80\nListen 8\0001\n' >nul.conf
expect_conf_error --apache nul.conf "nul.conf:2:" "NUL byte at line 2"
printf 'http {\n\n  server { listen 80; }\000\n}\n' >nul-nginx.conf
expect_conf_error --nginx nul-nginx.conf "nul-nginx.conf:3:" "NUL byte at line 3"
pf_pass "a NUL byte is refused with its line"

# symbolic link loops
ln -s sym2 sym1
ln -s sym1 sym2
printf 'Listen 80\n\nInclude sym1\n' >sym.conf
expect_conf_error --apache sym.conf "sym.conf:3:" "symbolic links"
printf 'http {\n    include sym1;\n}\n' >sym-nginx.conf
expect_conf_error --nginx sym-nginx.conf "sym-nginx.conf:2:" "symbolic links"
mkdir -p dirloop/d
ln -s .. dirloop/d/up
printf 'Listen 80\nInclude dirloop\n' >dirloop.conf
expect_conf_error --apache dirloop.conf "dirloop.conf:2:" "directory loop"
pf_pass "symbolic link loops are refused"

# not regular files, and an oversized one
mkfifo fifo.conf
printf 'Include fifo.conf\n' >fifo-inc.conf
expect_conf_error --apache fifo-inc.conf "fifo-inc.conf:1:" "not a regular file"
printf 'Include /dev/zero\n' >zero.conf
expect_conf_error --apache zero.conf "zero.conf:1:" "not a regular file"
python3 -c 'import sys; sys.stdout.write("#\n" * (9 << 20))' >huge.conf
printf 'Include huge.conf\n' >huge-inc.conf
expect_conf_error --apache huge-inc.conf "huge-inc.conf:1:" "larger than"
pf_pass "fifos, devices and files over 16 MiB are refused"

# blocks nested without end
python3 -c 'import sys; sys.stdout.write("a {\n" * 100000)' >deep-nginx.conf
expect_conf_error --nginx deep-nginx.conf "deep-nginx.conf:101:" "nested more than 100 deep"
python3 -c 'import sys; sys.stdout.write("<IfDefine NO>\n" * 100000)' >deep.conf
expect_conf_error --apache deep.conf "deep.conf:101:" "nested more than 100 deep"
pf_pass "deeply nested blocks are refused, not a stack overflow"

# an unreadable file, as an unprivileged user (root reads anything)
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    chmod 755 "$PF_TMP"
    mkdir perm
    printf 'Listen 80\nInclude secret.conf\n' >perm/main.conf
    printf 'Listen 81\n' >perm/secret.conf
    chmod 644 perm/main.conf
    chmod 000 perm/secret.conf
    chmod 755 perm
    PF_AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
    if $PF_AS test -x "$PREFLIGHT"; then
        expect_conf_error --apache perm/main.conf "main.conf:2:" "Permission denied"
        printf 'http {\n    include secret.conf;\n}\n' >perm/nginx.conf
        chmod 644 perm/nginx.conf
        expect_conf_error --nginx perm/nginx.conf "nginx.conf:2:" "Permission denied"
        pf_pass "an unreadable include gives Permission denied at its line"
    else
        echo "# $PREFLIGHT is not executable by nobody: unreadable case skipped"
    fi
    PF_AS=""
else
    echo "# not root or no setpriv: unreadable case skipped"
fi
