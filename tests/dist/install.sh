#!/bin/sh
# make install into DESTDIR with the default prefix (/usr/local): every
# file lands under the prefix (the modules and their snippets too), the
# docs and man pages are there, the systemd drop-ins run the installed
# preflight; a second install keeps an edited preflight.conf and
# mod-preflight.conf and puts the new ones beside them (.dist); make
# uninstall then leaves only the edited files, and no directory.
#   PF_DIST_OUT (build root), PF_JOBS
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${PF_DIST_OUT:-$top/_build/dist}/install
jobs=${PF_JOBS:-2}
fail=0
bad() { echo "FAIL: $*"; fail=1; }

[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi) >/dev/null 2>&1 \
    || { echo "FAIL: autoreconf"; exit 1; }
rm -rf "$out" && mkdir -p "$out/build" && cd "$out/build" || exit 1
{ "$top/configure" && make -j"$jobs"; } >build.log 2>&1 \
    || { tail -30 build.log; echo "FAIL: build"; exit 1; }
dest=$out/root
prefix=/usr/local
make install DESTDIR="$dest" >install.log 2>&1 || { tail -30 install.log; bad "make install"; }

echo "installed:"; (cd "$dest" && find . -type f | sort)
outside=$(cd "$dest" && find . -type f ! -path ".$prefix/*")
[ -z "$outside" ] || bad "installed outside --prefix $prefix: $outside"
p=$dest$prefix
for f in bin/preflight share/man/man1/preflight.1 share/doc/preflight/README.md \
         share/doc/preflight/LICENSE share/preflight/systemd/apache2-preflight.conf \
         share/preflight/systemd/nginx-preflight.conf; do
    [ -f "$p/$f" ] || bad "not installed: $prefix/$f"
done
grep -q "^ExecStartPre=-$prefix/bin/preflight check " \
    "$p/share/preflight/systemd/apache2-preflight.conf" \
    || bad "the apache2 drop-in does not run $prefix/bin/preflight"
grep -q "^ExecStartPre=-$prefix/bin/preflight check " \
    "$p/share/preflight/systemd/nginx-preflight.conf" \
    || bad "the nginx drop-in does not run $prefix/bin/preflight"

# make uninstall leaves no file and no directory under the prefix
make uninstall DESTDIR="$dest" >uninstall.log 2>&1 || bad "make uninstall"
left=$(find "$dest" -mindepth 1 ! -path "$dest/usr" ! -path "$dest/usr/local")
[ -z "$left" ] || bad "after make uninstall, left: $left"

# the configuration files an administrator edits: kept, the new ones
# beside them (.dist); make uninstall leaves them, and only them
make install DESTDIR="$dest" >install2.log 2>&1 || bad "make install (again)"
confs=""
[ -f "$p/etc/apache2/mods-available/preflight.conf" ] \
    && confs="$confs $p/etc/apache2/mods-available/preflight.conf" \
    && { [ -f "$p/share/man/man8/mod_preflight.8" ] || bad "no mod_preflight.8"; } \
    && { grep -qx "LoadModule preflight_module $prefix/lib/apache2/modules/mod_preflight.so" \
             "$p/etc/apache2/mods-available/preflight.load" || bad "preflight.load"; }
[ -f "$p/share/nginx/modules-available/mod-preflight.conf" ] \
    && confs="$confs $p/share/nginx/modules-available/mod-preflight.conf" \
    && { [ -f "$p/share/man/man8/ngx_preflight_module.8" ] || bad "no ngx_preflight_module.8"; }
for c in $confs; do echo "# edited by the administrator" >>"$c"; done
make install DESTDIR="$dest" >install3.log 2>&1 || bad "make install (over edited files)"
for c in $confs; do
    grep -q "edited by the administrator" "$c" || bad "$c overwritten"
    [ -f "$c.dist" ] || bad "no $c.dist"
done
make uninstall DESTDIR="$dest" >uninstall2.log 2>&1 || bad "make uninstall (edited files)"
left=$(cd "$dest" && find . -mindepth 1 -type f | sort)
kept=$(for c in $confs; do echo ".${c#"$dest"}"; done | sort)
[ "$left" = "$kept" ] || bad "after make uninstall, files left: $left (expected: $kept)"
[ "$fail" -eq 0 ] && rm -rf "$out"
exit $fail
