#!/bin/sh
# Cross-builds json-c for Windows, since Debian ships it for Linux only:
# preflight.exe reads `--facts FILE` with it.
#   build-json-c-mingw.sh PREFIX [HOST]
# Fetches the Debian source package with `apt-get source json-c` through a
# private deb-src list (the system's apt configuration is not changed),
# builds the static library with CMake and the HOST mingw-w64 compilers
# (default x86_64-w64-mingw32) and installs libjson-c.a, the headers and
# json-c.pc under PREFIX.  Does nothing when PREFIX/lib/libjson-c.a exists.
# ./configure never runs this (it never downloads); tools/test-all.sh does,
# before it configures the Windows build with --with-json-c-prefix=PREFIX.
# Needs: apt-get, dpkg-source (dpkg-dev), cmake, mingw-w64, network to
# Debian.
set -eu

prefix=${1:?usage: $0 PREFIX [HOST]}
host=${2:-x86_64-w64-mingw32}
suite=${PF_DEBIAN_SUITE:-bookworm}
mirror=${PF_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ -f "$prefix/lib/libjson-c.a" ]; then
    exit 0
fi
command -v "$host-gcc" >/dev/null || { echo "$0: no $host-gcc" >&2; exit 1; }
command -v cmake >/dev/null || { echo "$0: no cmake" >&2; exit 1; }
command -v apt-get >/dev/null || { echo "$0: no apt-get" >&2; exit 1; }
case "$prefix" in /*) ;; *) prefix=$(pwd)/$prefix ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/json-c-mingw.XXXXXX")
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
(cd "$work/src" && apt-get -q $apt_opts source json-c) >>"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log" >&2; exit 1; }

src=$(find "$work/src" -maxdepth 1 -type d -name 'json-c-*' | head -n 1)
[ -n "$src" ] || { echo "$0: no json-c source unpacked" >&2; exit 1; }

cat >"$work/mingw.cmake" <<CMAKE
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_C_COMPILER $host-gcc)
set(CMAKE_RC_COMPILER $host-windres)
set(CMAKE_FIND_ROOT_PATH /usr/$host)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
CMAKE
# static only, no tests, no apps: the library preflight.exe links
cmake -S "$src" -B "$work/build" -DCMAKE_TOOLCHAIN_FILE="$work/mingw.cmake" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DBUILD_TESTING=OFF \
    -DBUILD_APPS=OFF -DDISABLE_WERROR=ON >"$work/cmake.log" 2>&1 \
    || { cat "$work/cmake.log" >&2; exit 1; }
cmake --build "$work/build" -j "${PF_JOBS:-2}" >>"$work/cmake.log" 2>&1 \
    || { tail -40 "$work/cmake.log" >&2; exit 1; }
cmake --install "$work/build" >>"$work/cmake.log" 2>&1 \
    || { tail -40 "$work/cmake.log" >&2; exit 1; }
[ -f "$prefix/lib/libjson-c.a" ] \
    || { echo "$0: no libjson-c.a installed in $prefix/lib" >&2; exit 1; }
echo "json-c for $host installed in $prefix"
