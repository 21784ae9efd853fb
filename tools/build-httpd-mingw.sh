#!/bin/sh
# Cross-builds Apache httpd 2.4 for Windows x64 with mingw-w64, from
# Debian's source packages, so that mod_preflight.so can be built against
# it and tested inside a real httpd.exe under Wine.
#   build-httpd-mingw.sh [CACHE]
# CACHE defaults to $HOME/.cache/preflight/httpd-mingw.  The result is
#   CACHE/<versions>/root      a server root: bin/httpd.exe and its DLLs,
#                              modules/mod_*.so, conf/mime.types, logs/
#   CACHE/<versions>/include   httpd, APR and APR-util headers
#   CACHE/<versions>/lib       import libraries (libhttpd.dll.a,
#                              libapr-1.dll.a, libaprutil-1.dll.a)
# and the script prints CACHE/<versions>.  <versions> names the Debian
# source versions, so a new upload rebuilds; a finished tree is reused.
#
# Sources come through `apt-get source` with a private deb-src list (the
# system's apt configuration is not changed): pcre2, expat, apr, apr-util,
# apache2.  Each is built with its CMake build for Windows and the mingw-w64
# compilers; tools/httpd-mingw/*.patch are this project's own patches for
# what those CMake builds (written for MSVC) need under mingw-w64.  Only
# what httpd.exe needs to start with a small XAMPP-like httpd.conf is built
# (no mod_ssl, no support programs).
# Needs: apt-get, dpkg-source (dpkg-dev), cmake, gcc, mingw-w64, patch,
# network to Debian.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${1:-${HOME:-/tmp}/.cache/preflight/httpd-mingw}
host=${PF_MINGW_HOST:-x86_64-w64-mingw32}
suite=${PF_DEBIAN_SUITE:-bookworm}
mirror=${PF_DEBIAN_MIRROR:-http://deb.debian.org/debian}
jobs=${PF_JOBS:-2}
# the modules the test configuration loads (mpm_winnt, mod_so, mod_win32
# and http_core are built into libhttpd)
modules="mod_access_compat mod_alias mod_authn_core mod_authz_core
         mod_authz_host mod_dir mod_log_config mod_mime"

for t in "$host-gcc" cmake gcc apt-get patch; do
    command -v "$t" >/dev/null || { echo "$0: no $t" >&2; exit 1; }
done
case "$cache" in /*) ;; *) cache=$(pwd)/$cache ;; esac
mkdir -p "$cache"

work=$cache/work
mkdir -p "$work/lists/partial" "$work/src"
echo "deb-src $mirror $suite main" >"$work/sources.list"
apt_opts="-o Dir::State::Lists=$work/lists -o Dir::Etc::sourcelist=$work/sources.list
          -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0"
log=$work/build.log
: >"$log"
fail() { echo "$0: $*" >&2; tail -n 40 "$log" >&2; exit 1; }

# shellcheck disable=SC2086
apt-get -q $apt_opts update >>"$log" 2>&1 || fail "apt-get update"
vers=""
for p in pcre2 expat apr apr-util apache2; do
    # shellcheck disable=SC2086
    v=$(apt-cache $apt_opts showsrc "$p" 2>/dev/null \
        | sed -n 's/^Version: //p' | sort -V | tail -n 1)
    [ -n "$v" ] || fail "no source package $p in $suite"
    vers="$vers-${p}_$v"
done
# the patches are part of what was built
psum=$(cat "$here"/httpd-mingw/*.patch "$0" | cksum | cut -d' ' -f1)
out=$cache/$(echo "${vers#-}-$psum" | tr -c 'A-Za-z0-9.+\n-' '_')
if [ -f "$out/.done" ]; then
    echo "$out"
    exit 0
fi
rm -rf "$out"
mkdir -p "$out"
inst=$out/inst

src=$work/src/$(basename "$out")
if [ ! -f "$src/.fetched" ]; then
    rm -rf "$src"; mkdir -p "$src"
    # shellcheck disable=SC2086
    (cd "$src" && apt-get -q $apt_opts source pcre2 expat apr apr-util apache2) \
        >>"$log" 2>&1 || fail "apt-get source"
    for p in apr apr-util httpd; do
        case $p in httpd) d=apache2 ;; *) d=$p ;; esac
        dir=$(find "$src" -maxdepth 1 -type d -name "$d-[0-9]*" | head -n 1)
        patch -d "$dir" -p1 <"$here/httpd-mingw/$p-mingw.patch" >>"$log" 2>&1 \
            || fail "patch $p"
    done
    touch "$src/.fetched"
fi
srcdir() { find "$src" -maxdepth 1 -type d -name "$1-[0-9]*" | head -n 1; }

b=$out/build
mkdir -p "$b"
cat >"$b/mingw.cmake" <<CMAKE
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_C_COMPILER $host-gcc)
set(CMAKE_RC_COMPILER $host-windres)
set(CMAKE_FIND_ROOT_PATH /usr/$host $inst)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# libgcc inside each DLL: the server root needs no libgcc_s_seh-1.dll
set(CMAKE_SHARED_LINKER_FLAGS_INIT -static-libgcc)
set(CMAKE_EXE_LINKER_FLAGS_INIT -static-libgcc)
set(CMAKE_MODULE_LINKER_FLAGS_INIT -static-libgcc)
CMAKE
# DLLs named as the Windows builds name them (libapr-1.dll, libhttpd.dll;
# CMake's mingw rules would make them liblibapr-1.dll)
cat >"$b/names.cmake" <<'CMAKE'
set(CMAKE_SHARED_LIBRARY_PREFIX "")
set(CMAKE_IMPORT_LIBRARY_PREFIX "")
set(CMAKE_STATIC_LIBRARY_PREFIX "")
CMAKE
common="-DCMAKE_TOOLCHAIN_FILE=$b/mingw.cmake -DCMAKE_BUILD_TYPE=Release
        -DCMAKE_INSTALL_PREFIX=$inst"

build() { # name srcdir cmake-args...
    n=$1; s=$2; shift 2
    echo "== $n" >>"$log"
    # shellcheck disable=SC2086
    cmake -S "$s" -B "$b/$n" $common "$@" >>"$log" 2>&1 || fail "cmake $n"
    make -C "$b/$n" -j"$jobs" install >>"$log" 2>&1 || fail "build $n"
}

build pcre2 "$(srcdir pcre2)" -DBUILD_SHARED_LIBS=ON -DPCRE2_BUILD_PCRE2GREP=OFF \
    -DPCRE2_BUILD_TESTS=OFF -DPCRE2_SUPPORT_JIT=OFF
# Debian's security fixes test `#if XML_DTD == 1`, which the CMake build's
# empty XML_DTD breaks; httpd's configuration parsing needs no DTDs
build expat "$(srcdir expat)/expat" -DEXPAT_SHARED_LIBS=ON -DEXPAT_BUILD_TOOLS=OFF \
    -DEXPAT_BUILD_EXAMPLES=OFF -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF \
    -DEXPAT_DTD=OFF

# gen_test_char writes tables at build time: built for this machine, with
# WIN32 defined so that the tables are the Windows ones
apr=$(srcdir apr)
gcc -DWIN32 -o "$b/apr-gen-test-char" "$apr/tools/gen_test_char.c" >>"$log" 2>&1 \
    || fail "apr gen_test_char"
build apr "$apr" -DCMAKE_PROJECT_INCLUDE="$b/names.cmake" \
    -DAPR_INSTALL_PRIVATE_H=ON -DAPR_GEN_TEST_CHAR="$b/apr-gen-test-char" \
    -DMIN_WINDOWS_VER=0x0601
build apr-util "$(srcdir apr-util)" -DCMAKE_PROJECT_INCLUDE="$b/names.cmake" \
    -DAPR_INCLUDE_DIR="$inst/include" -DAPR_LIBRARIES="$inst/lib/libapr-1.dll.a" \
    -DAPU_HAVE_ODBC=OFF -DAPR_HAS_LDAP=OFF -DAPU_HAVE_CRYPTO=OFF \
    -DEXPAT_INCLUDE_DIR="$inst/include" -DEXPAT_LIBRARY="$inst/lib/libexpat.dll.a"

httpd=$(srcdir apache2)
gcc -DCROSS_COMPILE -DWIN32 -o "$b/httpd-gen-test-char" \
    "$httpd/server/gen_test_char.c" >>"$log" 2>&1 || fail "httpd gen_test_char"
mkdir -p "$b/httpd"
# ap_config.h includes ap_config_auto.h under mingw (written for an
# autoconf build); Debian's reproducible_builds.diff wants BUILD_DATETIME,
# taken from the package's changelog
when=$(dpkg-parsechangelog -l "$httpd/debian/changelog" -S Date 2>/dev/null || echo)
when=$(LC_ALL=C date -u -d "${when:-@0}" '+%b %d %Y %H:%M:%S')
cat >"$b/httpd/ap_config_auto.h" <<EOF
/* written by tools/build-httpd-mingw.sh: the CMake build of httpd for
 * Windows has no autoconf results */
#define BUILD_DATETIME "$when"
EOF
echo "== httpd" >>"$log"
# shellcheck disable=SC2086
cmake -S "$httpd" -B "$b/httpd" $common -DCMAKE_PROJECT_INCLUDE="$b/names.cmake" \
    -DAPR_INCLUDE_DIR="$inst/include" \
    -DAPR_LIBRARIES="$inst/lib/libapr-1.dll.a;$inst/lib/libaprutil-1.dll.a" \
    -DPCRE_INCLUDE_DIR="$inst/include" -DPCRE_LIBRARIES="$inst/lib/libpcre2-8.dll.a" \
    -DPCRE_CFLAGS=-DHAVE_PCRE2 -DHTTPD_GEN_TEST_CHAR="$b/httpd-gen-test-char" \
    -DINSTALL_MANUAL=OFF -DINSTALL_PDB=OFF -DENABLE_MODULES=O >>"$log" 2>&1 \
    || fail "cmake httpd"
# shellcheck disable=SC2086
make -C "$b/httpd" -j"$jobs" httpd $modules >>"$log" 2>&1 || fail "build httpd"

# the server root and the module SDK, laid out by hand: `make install`
# would build every module
root=$out/root
mkdir -p "$root/bin" "$root/modules" "$root/conf" "$root/logs" "$root/htdocs" \
         "$out/include" "$out/lib"
cp "$b/httpd/httpd.exe" "$b/httpd/libhttpd.dll" "$inst"/bin/*.dll "$root/bin/"
for m in $modules; do cp "$b/httpd/$m.so" "$root/modules/"; done
cp "$httpd/docs/conf/mime.types" "$root/conf/"
cp "$inst"/include/*.h "$out/include/"
cp -r "$inst/include/arch" "$out/include/" 2>/dev/null || true
cp "$httpd"/include/*.h "$httpd/os/win32/os.h" "$b/httpd/ap_config_layout.h" \
   "$b/httpd/ap_config_auto.h" "$httpd/modules/core/mod_so.h" "$out/include/"
cp "$b/httpd/libhttpd.dll.a" "$inst/lib/libapr-1.dll.a" \
   "$inst/lib/libaprutil-1.dll.a" "$out/lib/"
# every DLL the server loads is in bin/ or is Windows' own
for f in "$root"/bin/*.exe "$root"/bin/*.dll "$root"/modules/*.so; do
    for d in $("$host-objdump" -p "$f" | sed -n 's/^[[:space:]]*DLL Name: //p'); do
        [ -f "$root/bin/$d" ] && continue
        case $(echo "$d" | tr 'A-Z' 'a-z') in
            lib*|*gcc*|*pthread*|*stdc++*) fail "$f needs $d, which is not in bin/" ;;
        esac
    done
done
rm -rf "$b" "$inst"
touch "$out/.done"
echo "$out"
