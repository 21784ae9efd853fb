#!/bin/sh
# Runs the whole test suite, as CI does (.ci/run, after
# tools/deps-debian.sh test), one stage after the other:
#   native      the native build with the real Apache and nginx modules and
#               their integration tests
#   sanitizers  the same core, CLI and tests under AddressSanitizer (leaks
#               too) and UBSan; without the modules, which the stock
#               servers cannot load with an ASan runtime
#   windows     the mingw-w64 build, its tests under Wine
#   fuzz        every libFuzzer target for PF_FUZZ_SECONDS (default 60)
#   dist        make distcheck (with a few tests), the tarball against
#               git ls-files, make install/uninstall into a DESTDIR,
#               README's two commands in either order, and the Debian
#               packages installed into a throwaway root (tests/dist/)
# Each stage prints "N passed, N failed, N skipped"; a closing line sums
# them.  Exits non-zero when any stage failed.
#   PF_STAGES="native fuzz" tools/test-all.sh     runs only those stages
#   PF_TESTS='tests/unit/test_pool tests/integration/cli_basics.sh'
#                 runs only those tests in the native, sanitizers and
#                 windows stages
#   PF_BUILD_ROOT (default ./_build), PF_JOBS (default 2),
#   PF_STAGE_TIMEOUT (seconds, default 1800: a hung stage is stopped whole
#   and fails, and the others still run within CI's 90 minutes)
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
out=${PF_BUILD_ROOT:-$top/_build}
jobs=${PF_JOBS:-2}
fuzz_seconds=${PF_FUZZ_SECONDS:-60}
stages=${PF_STAGES:-native sanitizers windows fuzz dist}
stage_timeout=${PF_STAGE_TIMEOUT:-1800}
failed_stages=""
total_pass=0; total_fail=0; total_skip=0
mkdir -p "$out"

# The stages build from $src.  That is this tree, unless it was configured
# in place (README's command 1: ./configure): autoconf then refuses any
# other build tree ("source directory already configured"), so the stages
# build from a clean copy of the sources in $out/src instead: the files
# git knows (tracked, and new ones not ignored), or, outside git, a copy
# of the tree put back to its unconfigured state with make distclean.
src=$top
make_clean_copy() {
    src=$out/src
    rm -rf "$src" && mkdir -p "$src" || return 1
    if [ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$top" && pwd -P)" ]; then
        (cd "$top" && git ls-files -z --cached --others --exclude-standard \
            | tar -c --no-recursion --ignore-failed-read --null -T - -f -) \
            | tar -x -C "$src" -f -
    else
        (cd "$top" && tar -c --exclude=./_build -f - .) | tar -x -C "$src" -f - \
            && (cd "$src" && make distclean >/dev/null 2>&1)
    fi
}

configure_in() {
    dir=$1; shift
    rm -f "$dir/test-suite.log"
    mkdir -p "$dir" && cd "$dir" && "$src/configure" "$@" >configure.out 2>&1 \
        || { tail -40 "$dir/configure.out"; return 1; }
}

# make check, or only the tests PF_TESTS names
check() {
    if [ -n "${PF_TESTS:-}" ]; then
        make "$@" check TESTS="$PF_TESTS"
    else
        make "$@" check
    fi
}

native() {
    configure_in "$out/native" && make -j"$jobs" && check -j"$jobs"
}

sanitizers() {
    # The modules are loaded by uninstrumented servers, which cannot host an
    # ASan runtime: their integration tests run in the native stage.
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    export ASAN_OPTIONS UBSAN_OPTIONS
    configure_in "$out/sanitizers" --enable-sanitizers --without-apxs \
        --without-nginx-src && make -j"$jobs" && check -j"$jobs"
}

windows() {
    command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "no mingw-w64"; return 1; }
    # json-c for preflight.exe --facts: fetched and cross-built here, never
    # by configure (which finds it in BUILDDIR/json-c-mingw)
    mkdir -p "$out/windows"
    sh "$top/tools/build-json-c-mingw.sh" "$out/windows/json-c-mingw" \
        || echo "warning: no json-c for Windows: preflight.exe cannot read --facts"
    # httpd for Windows, for mod_preflight.so and its test inside httpd.exe:
    # cross-built from Debian's sources once, cached by their versions
    httpd_win=$(sh "$top/tools/build-httpd-mingw.sh" | tail -n 1) || httpd_win=""
    if [ -n "$httpd_win" ]; then
        httpd_win_opt="--with-httpd-win=$httpd_win"
    else
        echo "warning: no httpd for Windows: mod_preflight.so for Windows not built or tested"
        httpd_win_opt=""
    fi
    # shellcheck disable=SC2086
    configure_in "$out/windows" --host=x86_64-w64-mingw32 $httpd_win_opt \
        && make -j"$jobs" || return 1
    # nginx for Windows with ngx_preflight_module compiled in, for
    # tests/win/nginx_module.sh: needs PF_NGINX_WIN32_SRC (Debian's nginx
    # source has no Windows core; see the script)
    NGINX_WIN=$(sh "$top/tools/build-nginx-mingw.sh" "$src" "$out/windows" | tail -n 1) \
        || { NGINX_WIN=""; echo "warning: no nginx for Windows: tests/win/nginx_module.sh skips"; }
    export NGINX_WIN
    check -j1
}

fuzz() {
    command -v clang >/dev/null || { echo "no clang"; return 1; }
    configure_in "$out/fuzz" CC=clang --enable-fuzz --enable-sanitizers \
        --without-apxs --without-nginx-src \
        && make -j"$jobs" \
        && sh "$src/tests/fuzz/run-fuzzers.sh" "$fuzz_seconds" "$out/fuzz"
}

# each script of tests/dist/ is one test (exit 0 pass, 77 skip, else
# fail); the closing line is counted like the fuzzers'
dist() {
    p=0; f=0; s=0
    for t in "$src"/tests/dist/*.sh; do
        echo "--- $t"
        PF_DIST_OUT=$out/dist PF_JOBS=$jobs sh "$t"
        case $? in
            0) p=$((p + 1)); echo "PASS: $t" ;;
            77) s=$((s + 1)); echo "SKIP: $t" ;;
            *) f=$((f + 1)); echo "FAIL: $t" ;;
        esac
    done
    echo "dist: $p passed, $f failed, $s skipped"
    [ "$f" -eq 0 ]
}

# count NAME: sets p f s from the stage's test-suite.log, or from the
# fuzz runner's closing line.
count() {
    p=0; f=0; s=0
    log="$out/$1/test-suite.log"
    if [ -f "$log" ]; then
        p=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
        f=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
        e=$(sed -n 's/^# ERROR: *//p' "$log" | head -1)
        x=$(sed -n 's/^# XPASS: *//p' "$log" | head -1)
        s=$(sed -n 's/^# SKIP: *//p' "$log" | head -1)
        p=${p:-0}; f=$((${f:-0} + ${e:-0} + ${x:-0})); s=${s:-0}
        if [ "$f" -gt 0 ]; then echo "--- $log"; cat "$log"; fi
    fi
    line=$(sed -n 's/^\(fuzz\|dist\): \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\2 \3 \4/p' \
        "$out/$1.out" 2>/dev/null | tail -1)
    if [ -n "$line" ]; then
        set -- $line
        p=$((p + $1)); f=$((f + $2)); s=$((s + $3))
    fi
}

stage() {
    name=$1
    echo "=== $name ($(date -u +%H:%M:%S))"
    start=$(date +%s)
    # a process of its own (this script with --stage): its cd and exports
    # stay there, and timeout stops its whole process group when it hangs;
    # its output is kept for the counts and shown as it comes
    timeout --kill-after=60 "$stage_timeout" sh "$top/tools/test-all.sh" \
        --stage "$name" >"$out/$name.out" 2>&1 &
    pid=$!
    tail -n +1 -f --pid="$pid" "$out/$name.out" 2>/dev/null
    wait "$pid"
    rc=$?
    [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] \
        && echo "=== $name: stopped after ${stage_timeout}s (PF_STAGE_TIMEOUT)"
    count "$name"
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
    total_skip=$((total_skip + s))
    if [ "$rc" -eq 0 ] && [ "$f" -eq 0 ]; then
        verdict=ok
    else
        verdict=FAILED
        failed_stages="$failed_stages $name"
    fi
    echo "=== $name: $verdict in $(( $(date +%s) - start ))s: $p passed, $f failed, $s skipped"
}

# internal: one stage, run by stage() above
if [ "${1:-}" = --stage ]; then
    [ -f "$top/config.status" ] && src=$out/src
    "$2"
    exit $?
fi

if [ -f "$top/config.status" ]; then
    echo "this tree is configured in place: the stages build from a clean copy, $out/src"
    make_clean_copy || { echo "cannot copy the sources to $out/src"; exit 1; }
fi

# Other builds of this checkout may run autoreconf at the same time.
if command -v flock >/dev/null; then
    (cd "$src" && flock /tmp/pf-autoreconf.lock autoreconf -fi) >"$out/autoreconf.out" 2>&1
else
    (cd "$src" && autoreconf -fi) >"$out/autoreconf.out" 2>&1
fi || { cat "$out/autoreconf.out"; echo "autoreconf failed"; exit 1; }

for name in $stages; do
    case $name in
        native|sanitizers|windows|fuzz|dist) stage "$name" ;;
        *) echo "unknown stage $name"; failed_stages="$failed_stages $name" ;;
    esac
done

[ -n "$failed_stages" ] && echo "failed stages:$failed_stages"
echo "all stages: $total_pass passed, $total_fail failed, $total_skip skipped"
[ -z "$failed_stages" ] && [ "$total_fail" -eq 0 ]
