#!/bin/sh
# The LOG_COMPILER of the Windows build: runs one test .exe under Wine.
# Exit code as the test's; 77 (skip) when there is no Wine.
. "$(dirname "$0")/wine-env.sh"
pf_wine_run "$@"
