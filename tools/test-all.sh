#!/bin/sh
# Runs the whole test suite, as CI does: the native build with the real
# Apache and nginx integration tests, the same under AddressSanitizer and
# UBSan, the Windows build under Wine, and the fuzz targets for a bounded
# time.  Prints "N passed, N failed" at the end; exits non-zero on any
# failure.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
out=${PF_BUILD_ROOT:-$top/_build}
jobs=${PF_JOBS:-2}
fuzz_seconds=${PF_FUZZ_SECONDS:-30}
failed_stages=""

stage() {
    name=$1; shift
    echo "=== $name"
    if "$@"; then
        echo "=== $name: ok"
    else
        echo "=== $name: FAILED"
        failed_stages="$failed_stages $name"
    fi
}

configure_in() {
    dir=$1; shift
    mkdir -p "$dir" && cd "$dir" && "$top/configure" "$@" >configure.out 2>&1 \
        || { tail -40 "$dir/configure.out"; return 1; }
}

native() {
    configure_in "$out/native" && make -j"$jobs" && make -j"$jobs" check
}

sanitizers() {
    # The modules are loaded by uninstrumented servers, which cannot host an
    # ASan runtime: their integration tests run in the native stage.
    configure_in "$out/asan" --enable-sanitizers --without-apxs --without-nginx-src \
        && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 make -j"$jobs" check
}

windows() {
    command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "no mingw-w64"; return 1; }
    configure_in "$out/win" --host=x86_64-w64-mingw32 && make -j"$jobs" \
        && make -j1 check
}

fuzz() {
    command -v clang >/dev/null || { echo "no clang"; return 1; }
    configure_in "$out/fuzz" CC=clang --enable-fuzz --enable-sanitizers \
        --without-apxs --without-nginx-src \
        && make -j"$jobs" \
        && sh "$top/tests/fuzz/run-fuzzers.sh" "$fuzz_seconds"
}

cd "$top" && autoreconf -fi >/dev/null 2>&1 || { echo "autoreconf failed"; exit 1; }

stage native native
stage sanitizers sanitizers
stage windows windows
stage fuzz fuzz

# One closing line over every test-suite.log: automake counts per program.
pass=0; fail=0; skip=0
for log in "$out"/*/test-suite.log; do
    [ -f "$log" ] || continue
    p=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
    f=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
    e=$(sed -n 's/^# ERROR: *//p' "$log" | head -1)
    x=$(sed -n 's/^# XPASS: *//p' "$log" | head -1)
    s=$(sed -n 's/^# SKIP: *//p' "$log" | head -1)
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0} + ${e:-0} + ${x:-0})); skip=$((skip + ${s:-0}))
done
for log in "$out"/*/test-suite.log; do
    [ -f "$log" ] || continue
    grep -q '^# FAIL: *[1-9]\|^# ERROR: *[1-9]' "$log" && { echo "--- $log"; cat "$log"; }
done
[ -n "$failed_stages" ] && echo "failed stages:$failed_stages"
echo "$pass passed, $fail failed, $skip skipped"
[ -z "$failed_stages" ] && [ "$fail" -eq 0 ]
