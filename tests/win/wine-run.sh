#!/bin/sh
# The LOG_COMPILER of the Windows build: runs one test .exe under Wine.
# Exit code as the test's; 77 (skip) when there is no Wine.
# A run whose wineserver went away under it ("wine client error: ...
# Connection reset by peer", seen once in a CI run while other tests used
# the machine) says so and runs again, once: that is Wine failing, not the
# test, and any other failure is the test's.
. "$(dirname "$0")/wine-env.sh"
case "$1" in
    # these register HTTP.sys URLs themselves
    *test_win_*) pf_wine_httpsys_lock || exit 99 ;;
esac
out=$(mktemp "${TMPDIR:-/tmp}/pf-wine-run.XXXXXX") || exit 99
pf_wine_run "$@" >"$out" 2>&1
rc=$?
cat "$out"
if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] && grep -q '^wine client error' "$out"; then
    echo "# the wineserver went away during the run (Wine's failure): once more"
    pf_wine_run "$@"
    rc=$?
fi
rm -f "$out"
exit "$rc"
