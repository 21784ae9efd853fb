#!/bin/sh
# Installs, with apt-get only, what preflight needs on Debian 12.
#   deps-debian.sh build   the native build: core, CLI (json-c for --facts),
#                          Apache and nginx modules
#   deps-debian.sh test    all of the above, plus what the whole test suite
#                          uses: real apache2 and nginx, mingw-w64 and Wine for
#                          the Windows build, clang's libFuzzer, valgrind,
#                          dbus-daemon and python3-dbus/python3-gi for the
#                          stand-in systemd of remedy_sdbus.sh, strace;
#                          debhelper, dh-apache2 and lintian for the Debian
#                          packages (tests/dist/debian_packages.sh); and
#                          CUnit cross-built for mingw-w64 from Debian's
#                          source package (apt-get source) into
#                          /usr/local/x86_64-w64-mingw32, where configure
#                          finds it (configure itself fetches nothing)
set -eu

what=${1:-build}
build="build-essential autoconf automake pkg-config libcunit1-dev libsystemd-dev
       apache2-dev nginx-dev libjson-c-dev"
test="$build apache2 nginx libnginx-mod-stream python3 iproute2 util-linux procps psmisc unzip
      mingw-w64 wine64 wine clang libclang-rt-14-dev valgrind zip hyperfine
      dbus-daemon python3-dbus python3-gi strace cmake
      dpkg-dev debhelper dh-apache2 lintian fakeroot"

case "$what" in
    build) pkgs=$build ;;
    test)  pkgs=$test ;;
    *)     echo "usage: $0 build|test" >&2; exit 2 ;;
esac

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $pkgs

if [ "$what" = test ]; then
    sh "$(dirname "$0")/build-cunit-mingw.sh" /usr/local/x86_64-w64-mingw32
fi
