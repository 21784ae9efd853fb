#!/bin/sh
# The Windows zip (make dist-win), as a user unzips it into an XAMPP
# folder: one top folder preflight-VERSION-win64/, no file with the name of
# one of XAMPP's own (XAMPP's apache_start.bat is tests/win/data/xampp/),
# the launchers, README-windows.txt in CRLF plain text (no Markdown) and
# the LICENSE.  Then, unzipped over an XAMPP-shaped tree, XAMPP's own
# apache_start.bat is byte for byte what it was.
. "$top_srcdir/tests/integration/lib.sh"
command -v unzip >/dev/null 2>&1 || pf_skip "no unzip"
command -v zip >/dev/null 2>&1 || pf_skip "no zip"

zipf="$PF_TMP/preflight-win64.zip"
make -s -C "$top_builddir" dist-win PF_WIN_ZIP="$zipf" >"$PF_TMP/make.out" 2>&1 \
    || { cat "$PF_TMP/make.out"; pf_fail "make dist-win failed"; }
unzip -Z1 "$zipf" | sort >"$PF_TMP/list"
top=$(sed -n 's|^\([^/]*\)/.*|\1|p' "$PF_TMP/list" | sort -u)
case "$top" in
    preflight-*-win64) ;;
    *) cat "$PF_TMP/list"; pf_fail "the zip has no single top folder preflight-VERSION-win64 (has: $top)" ;;
esac
if grep -v "^$top/" "$PF_TMP/list"; then pf_fail "files outside the top folder"; fi
for f in preflight/preflight.exe preflight_apache_start.bat \
         preflight_nginx_start.bat preflight_apache_start.ps1 \
         README-windows.txt LICENSE; do
    grep -qx "$top/$f" "$PF_TMP/list" || { cat "$PF_TMP/list"; pf_fail "no $f in the zip"; }
done
pf_pass "zip layout: $top/ with the command, the launchers, README-windows.txt, LICENSE"

# XAMPP's own launcher names are never in the zip
for f in apache_start.bat apache_stop.bat nginx_start.bat xampp_start.exe \
         xampp-control.exe setup_xampp.bat; do
    if grep -qi "/$f\$" "$PF_TMP/list"; then pf_fail "the zip holds $f, one of XAMPP's own files"; fi
done

mkdir -p "$PF_TMP/u"
(cd "$PF_TMP/u" && unzip -q "$zipf") || pf_fail "unzip failed"
r="$PF_TMP/u/$top/README-windows.txt"
if LC_ALL=C grep -q "$(printf '[^\r]$')" "$r"; then pf_fail "README-windows.txt has a line without CRLF"; fi
if LC_ALL=C grep -qE '^(#|```|\* |- \[)|\*\*' "$r"; then pf_fail "README-windows.txt has Markdown"; fi
if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$r"; then pf_fail "README-windows.txt is not plain ASCII"; fi
for w in "Control Panel" "Apache2.4" "preflight_apache_start.bat" "WampServer" "Laragon"; do
    pf_contains "$r" "$w"
done
pf_contains "$PF_TMP/u/$top/LICENSE" "Redistribution and use in source and binary forms"
pf_pass "README-windows.txt is CRLF plain text for the .bat, the panel and the service; LICENSE is BSD"

# unzipped and copied into an XAMPP folder as README-windows.txt says:
# XAMPP's own apache_start.bat is untouched
x="$PF_TMP/xampp"
mkdir -p "$x"
cp "$top_srcdir/tests/win/data/xampp/apache_start.bat" "$x/"
(cd "$x" && unzip -q -o "$zipf" && cp -R "$top"/. . && rm -rf "$top")
cmp "$x/apache_start.bat" "$top_srcdir/tests/win/data/xampp/apache_start.bat" \
    || pf_fail "XAMPP's apache_start.bat was changed"
[ -f "$x/preflight/preflight.exe" ] && [ -f "$x/preflight_apache_start.bat" ] \
    || pf_fail "the bundle's files are not where README-windows.txt says"
pf_pass "copied into an XAMPP folder: XAMPP's apache_start.bat unchanged"
exit 0
