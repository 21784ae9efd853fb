#!/bin/sh
# The LOG_COMPILER of the Windows build: runs one test .exe under Wine.
# Exit code as the test's; 77 (skip) when there is no Wine.
. "$(dirname "$0")/wine-env.sh"
case "$1" in
    # these register HTTP.sys URLs themselves
    *test_win_*) pf_wine_httpsys_lock || exit 99 ;;
esac
pf_wine_run "$@"
