#!/bin/sh
# Cross-builds CUnit for Windows, since Debian ships it for Linux only.
# tools/deps-debian.sh test runs it with PREFIX /usr/local/x86_64-w64-mingw32,
# where configure looks (configure itself fetches and builds nothing).
#   build-cunit-mingw.sh PREFIX [HOST]
# Fetches the Debian source package with `apt-get source cunit` through a
# private deb-src list (the system's apt configuration is not changed),
# compiles the framework and the Basic interface with HOST-gcc (default
# x86_64-w64-mingw32) and installs libcunit.a, the headers and cunit.pc
# under PREFIX.  Does nothing when PREFIX/lib/libcunit.a exists.
# Needs: apt-get, dpkg-source (dpkg-dev), mingw-w64, network to Debian.
set -eu

prefix=${1:?usage: $0 PREFIX [HOST]}
host=${2:-x86_64-w64-mingw32}
suite=${PF_DEBIAN_SUITE:-bookworm}
mirror=${PF_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ -f "$prefix/lib/libcunit.a" ]; then
    exit 0
fi
command -v "$host-gcc" >/dev/null || { echo "$0: no $host-gcc" >&2; exit 1; }
command -v apt-get >/dev/null || { echo "$0: no apt-get" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cunit-mingw.XXXXXX")
trap 'rm -rf "$work"' EXIT

# a private list directory: the host's apt state stays as it was
mkdir -p "$work/lists/partial" "$work/src"
echo "deb-src $mirror $suite main" >"$work/sources.list"
apt_opts="-o Dir::State::Lists=$work/lists -o Dir::Etc::sourcelist=$work/sources.list
          -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0"
# shellcheck disable=SC2086
apt-get -q $apt_opts update >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log" >&2; exit 1; }
# shellcheck disable=SC2086
(cd "$work/src" && apt-get -q $apt_opts source cunit) >>"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log" >&2; exit 1; }

src=$(find "$work/src" -maxdepth 1 -type d -name 'cunit-*' | head -n 1)
[ -n "$src" ] || { echo "$0: no CUnit source unpacked" >&2; exit 1; }
hdr="$src/CUnit/Headers"
if [ ! -f "$hdr/CUnit.h" ]; then
    version=$(cat "$src/VERSION" 2>/dev/null || echo 2.1)
    sed -e "s/@VERSION@/$version/" -e 's/@RELEASE@/3/' \
        "$hdr/CUnit.h.in" >"$hdr/CUnit.h"
fi

mkdir -p "$work/obj" "$prefix/lib/pkgconfig" "$prefix/include/CUnit"
for c in "$src"/CUnit/Sources/Framework/*.c "$src/CUnit/Sources/Basic/Basic.c" \
         "$src/CUnit/Sources/Automated/Automated.c" \
         "$src/CUnit/Sources/Console/Console.c"; do
    "$host-gcc" -O2 -w -I"$hdr" -c "$c" -o "$work/obj/$(basename "$c" .c).o"
done
"$host-ar" rcs "$prefix/lib/libcunit.a" "$work"/obj/*.o
cp "$hdr"/*.h "$prefix/include/CUnit/"
cat >"$prefix/lib/pkgconfig/cunit.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: CUnit
Description: CUnit for $host, built by preflight's tools/build-cunit-mingw.sh
Version: 2.1-3
Libs: -L\${libdir} -lcunit
Cflags: -I\${includedir}
PC
echo "CUnit for $host installed in $prefix"
