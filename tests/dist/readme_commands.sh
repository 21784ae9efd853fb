#!/bin/sh
# README's two commands work in either order in one clone: each order
# runs in a fresh copy of the sources.  Command 1 configures in the source
# tree; command 2 (tools/test-all.sh) must still build its stages (it
# builds them from a clean copy then).  The apt-get step of both commands
# (tools/deps-debian.sh) is left out: the packages are installed already.
# Command 2 runs the native stage with one test (PF_STAGES, PF_TESTS), as
# the whole suite in a test of the suite would take most of an hour.
#   PF_DIST_OUT (build root), PF_JOBS
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${PF_DIST_OUT:-$top/_build/dist}/readme
jobs=${PF_JOBS:-2}
fail=0

fresh_copy() {
    rm -rf "$1" && mkdir -p "$1" || return 1
    if [ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$top" && pwd -P)" ]; then
        (cd "$top" && git ls-files -z --cached --others --exclude-standard \
            | tar -c --no-recursion --ignore-failed-read --null -T - -f -) \
            | tar -x -C "$1" -f -
    else
        (cd "$top" && tar -c --exclude=./_build -f - .) | tar -x -C "$1" -f - \
            && { [ ! -f "$1/config.status" ] || (cd "$1" && make distclean >/dev/null 2>&1); }
    fi
}

# command 1: a diagnosis (0: all free, 1: a port is held here) is success
command1() {
    (cd "$1" && autoreconf -fi && ./configure && make -j"$jobs") >"$1.cmd1.log" 2>&1 \
        || { tail -30 "$1.cmd1.log"; return 1; }
    (cd "$1" && ./cli-shim/preflight check) >>"$1.cmd1.log" 2>&1
    rc=$?
    [ "$rc" -le 1 ] || { tail -20 "$1.cmd1.log"; return 1; }
}

command2() {
    (cd "$1" && PF_STAGES=native PF_TESTS=tests/integration/cli_basics.sh \
        PF_BUILD_ROOT= PF_JOBS=$jobs sh tools/test-all.sh) >"$1.cmd2.log" 2>&1
    rc=$?
    tail -3 "$1.cmd2.log"
    [ "$rc" -eq 0 ] && grep -q '^all stages: 1 passed, 0 failed' "$1.cmd2.log"
}

mkdir -p "$out"
fresh_copy "$out/one-two" || exit 1
if command1 "$out/one-two" && command2 "$out/one-two"; then
    echo "ok: command 1, then command 2"
else
    echo "FAIL: command 1, then command 2 (logs: $out/one-two.cmd*.log)"; fail=1
fi

fresh_copy "$out/two-one" || exit 1
if command2 "$out/two-one" && command1 "$out/two-one"; then
    echo "ok: command 2, then command 1"
else
    echo "FAIL: command 2, then command 1 (logs: $out/two-one.cmd*.log)"; fail=1
fi
[ "$fail" -eq 0 ] && rm -rf "$out"
exit $fail
