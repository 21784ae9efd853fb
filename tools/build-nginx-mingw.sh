#!/bin/sh
# Cross-builds nginx for Windows x64 with mingw-w64 (nginx's own
# `auto/configure --crossbuild=win32`), with ngx_preflight_module compiled
# in: nginx has no dynamic modules on Windows.
#   build-nginx-mingw.sh PREFLIGHT_SRCDIR WINDOWS_BUILDDIR [CACHE]
# WINDOWS_BUILDDIR is a built `configure --host=x86_64-w64-mingw32` tree
# of preflight (its core/libpreflight.a is linked in).  Prints the
# directory holding nginx.exe.
#
# Sources: Debian's nginx source package through `apt-get source` (a
# private deb-src list, as tools/build-httpd-mingw.sh), cached in
# CACHE/<version> (default CACHE: $HOME/.cache/preflight/nginx-mingw).
# Debian's source is nginx.org's release tarball, which has no Windows
# core (src/os/win32): that lives only in nginx's source repository
# (https://github.com/nginx/nginx, hg.nginx.org/nginx).  So the build needs
#   PF_NGINX_WIN32_SRC   an nginx source tree of the same version with
#                        src/os/win32 (e.g. `git archive release-1.22.1`
#                        of that repository); only src/os/win32 is taken
# and without it the script says so and fails (exit 1; the Windows nginx
# test then skips).  The tarball also leaves out the IOCP event module and
# ngx_event_acceptex.c/ngx_event_connectex.c, taken from there too.  PCRE and zlib are left out (--without-pcre,
# --without-http_rewrite_module, --without-http_gzip_module).
# The configured nginx tree is WINDOWS_BUILDDIR/mod_nginx/ngx-win, kept
# between runs: only the module's objects are rebuilt after that.
set -eu

srcdir=$(cd "${1:?usage: build-nginx-mingw.sh PREFLIGHT_SRCDIR WINDOWS_BUILDDIR [CACHE]}" && pwd)
builddir=$(cd "${2:?usage: build-nginx-mingw.sh PREFLIGHT_SRCDIR WINDOWS_BUILDDIR [CACHE]}" && pwd)
cache=${3:-${HOME:-/tmp}/.cache/preflight/nginx-mingw}
host=${PF_MINGW_HOST:-x86_64-w64-mingw32}
suite=${PF_DEBIAN_SUITE:-bookworm}
mirror=${PF_DEBIAN_MIRROR:-http://deb.debian.org/debian}
jobs=${PF_JOBS:-2}

fail() { echo "$0: $*" >&2; exit 1; }
for t in "$host-gcc" apt-get dpkg-source make; do
    command -v "$t" >/dev/null || fail "no $t"
done
[ -f "$builddir/core/libpreflight.a" ] \
    || fail "no $builddir/core/libpreflight.a (build preflight for Windows first)"
case "$cache" in /*) ;; *) cache=$(pwd)/$cache ;; esac

# Debian's nginx source, once per version
work=$cache/work
mkdir -p "$work/lists/partial"
echo "deb-src $mirror $suite main" >"$work/sources.list"
apt_opts="-o Dir::State::Lists=$work/lists -o Dir::Etc::sourcelist=$work/sources.list
          -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0"
log=$work/build.log
: >"$log"
# shellcheck disable=SC2086
apt-get -q $apt_opts update >>"$log" 2>&1 || fail "apt-get update (see $log)"
# shellcheck disable=SC2086
v=$(apt-cache $apt_opts showsrc nginx 2>/dev/null | sed -n 's/^Version: //p' \
    | sort -V | tail -n 1)
[ -n "$v" ] || fail "no source package nginx in $suite"
src=$cache/$(echo "nginx_$v" | tr -c 'A-Za-z0-9.+\n-' '_')
if [ ! -f "$src/.fetched" ]; then
    rm -rf "$src" && mkdir -p "$src"
    # shellcheck disable=SC2086
    (cd "$src" && apt-get -q $apt_opts source nginx) >>"$log" 2>&1 \
        || fail "apt-get source nginx (see $log)"
    touch "$src/.fetched"
fi
ngx=$(find "$src" -maxdepth 1 -type d -name 'nginx-[0-9]*' | head -n 1)
[ -n "$ngx" ] || fail "no nginx tree in $src"
version=$(sed -n 's/^#define NGINX_VERSION *"\(.*\)"/\1/p' "$ngx/src/core/nginx.h")

# the Windows core: not in Debian's source (nor in nginx.org's tarball),
# which also leaves out the IOCP event module and AcceptEx/ConnectEx
# (compared with the repository at release-1.22.1); they are added to the
# build tree, Debian's cached source stays as apt gave it
win_files="src/os/win32 src/event/modules/ngx_iocp_module.c
           src/event/modules/ngx_iocp_module.h src/event/ngx_event_acceptex.c
           src/event/ngx_event_connectex.c"
# configured once per source, options and module config; make keeps the
# rest up to date
tree=$builddir/mod_nginx/ngx-win
opts="--crossbuild=win32 --with-cc=$host-gcc --prefix= --without-pcre
      --without-http_rewrite_module --without-http_gzip_module
      --add-module=$srcdir/mod_nginx"
stamp="$v $(echo "$opts" | cksum) $(cat "$srcdir/mod_nginx/config" "$0" | cksum)"
if [ ! -f "$tree/.pf-configured" ] || [ "$(cat "$tree/.pf-configured")" != "$stamp" ]; then
    rm -rf "$tree" && mkdir -p "$tree"
    cp -R "$ngx/." "$tree/"
    # the release tarball's ./configure; a repository tree has only auto/
    [ -f "$tree/configure" ] || cp "$tree/auto/configure" "$tree/configure"
    missing=""
    for f in $win_files; do
        [ -e "$tree/$f" ] || missing="$missing $f"
    done
    if [ -n "$missing" ]; then
        w=${PF_NGINX_WIN32_SRC:-}
        why="nginx $version from Debian has no src/os/win32 (the release"
        why="$why tarball leaves the Windows core out); set PF_NGINX_WIN32_SRC"
        why="$why to an nginx $version source tree from"
        why="$why https://github.com/nginx/nginx (tag release-$version)"
        [ -n "$w" ] || fail "$why"
        [ -f "$w/src/os/win32/ngx_win32_config.h" ] && [ -f "$w/src/core/nginx.h" ] \
            || fail "PF_NGINX_WIN32_SRC=$w is no nginx source tree with src/os/win32"
        wv=$(sed -n 's/^#define NGINX_VERSION *"\(.*\)"/\1/p' "$w/src/core/nginx.h")
        [ "$wv" = "$version" ] \
            || fail "PF_NGINX_WIN32_SRC=$w is nginx $wv, Debian's is $version"
        # only what is missing: none of Debian's own (patched) files is replaced
        for f in $missing; do
            [ -e "$w/$f" ] || fail "PF_NGINX_WIN32_SRC=$w has no $f"
            cp -R "$w/$f" "$tree/$f"
        done
    fi
    # shellcheck disable=SC2086
    (cd "$tree" && \
     PF_NGX_CORE_LAZY="$builddir/core/libpreflight.a" \
     PF_NGX_CORE_LIB="$builddir/core/libpreflight.a" \
     PF_NGX_CORE_INCS="$srcdir/core/include" \
     PF_NGX_CORE_LIBS="-liphlpapi -lhttpapi -ladvapi32 -lws2_32 -lshell32" \
     sh ./configure $opts) >"$tree/pf-configure.log" 2>&1 \
        || { tail -n 30 "$tree/pf-configure.log" >&2; fail "nginx auto/configure (see $tree/pf-configure.log)"; }
    echo "$stamp" >"$tree/.pf-configured"
fi
# objs/Makefile does not know the core library: relink when it is newer
if [ -f "$tree/objs/nginx.exe" ] \
   && [ -n "$(find "$builddir/core/libpreflight.a" -newer "$tree/objs/nginx.exe")" ]; then
    rm -f "$tree/objs/nginx.exe"
fi
(cd "$tree" && MAKEFLAGS='' MFLAGS='' make -j"$jobs" -f objs/Makefile) \
    >"$tree/pf-make.log" 2>&1 \
    || { grep -E 'error|Error' "$tree/pf-make.log" | head -n 30 >&2; fail "nginx make (see $tree/pf-make.log)"; }
for d in $("$host-objdump" -p "$tree/objs/nginx.exe" | sed -n 's/^[[:space:]]*DLL Name: //p'); do
    case $(echo "$d" | tr 'A-Z' 'a-z') in
        lib*|*gcc*|*pthread*|*stdc++*) fail "nginx.exe needs $d" ;;
    esac
done
echo "$tree/objs"
