#!/bin/sh
# Runs every fuzz target that was built (configure --enable-fuzz, CC=clang)
# for SECONDS each, on a copy of its seed corpus, with no network (a
# network namespace of its own).  A crash, leak, timeout or out-of-memory
# input is saved into BUILD_DIR/tests/fuzz/crashes/NAME-KIND-HASH (the
# build tree: a run leaves the sources as they were, which distcheck
# compares with the tarball): fix the bug, then move the file into
# tests/fuzz/corpus/NAME/ so `make check` replays it.
#   run-fuzzers.sh SECONDS [BUILD_DIR]      (BUILD_DIR: default .)
# Prints executions per target and "N passed, N failed, N skipped";
# exits 1 when a target failed.
set -u

seconds=${1:?usage: run-fuzzers.sh SECONDS [BUILD_DIR]}
build=$(cd "${2:-.}" && pwd)
src=$(cd "$(dirname "$0")" && pwd)
crashes="$build/tests/fuzz/crashes"
targets="target conf_apache conf_nginx netsh procnet unix_facts journal facts_json"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pf-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# The fuzzers must not reach the network: a config's "Listen name:80" or
# an include would otherwise resolve names.  Root gets a bare namespace;
# others a user namespace, when the kernel allows one.
if unshare -n true 2>/dev/null; then
    isolate="unshare -n"
elif unshare -rn true 2>/dev/null; then
    isolate="unshare -rn"
else
    echo "SKIP: no network namespace (unshare -n) to run the fuzzers in"
    exit 77
fi

pass=0; fail=0; skip=0; summary=""

# fuzz_one NAME: 0 pass, 1 fail, 77 not built
fuzz_one() {
    name=$1
    bin="$build/tests/fuzz/fuzz_$name"
    dir="$tmp/$name"
    [ -x "$bin" ] || return 77
    mkdir -p "$dir/corpus" "$dir/artifacts"
    if [ -d "$src/corpus/$name" ]; then
        cp "$src/corpus/$name"/* "$dir/corpus/" 2>/dev/null || true
    fi
    (cd "$dir" && $isolate "$bin" -max_total_time="$seconds" \
        -rss_limit_mb=512 -timeout=5 -print_final_stats=1 \
        -artifact_prefix="$dir/artifacts/" corpus >"$dir/log" 2>&1)
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
    summary="$summary $name=${execs:-?}"
    if [ "$rc" -ne 0 ] || [ -n "$(ls -A "$dir/artifacts")" ]; then
        echo "--- fuzz_$name failed (exit $rc); last lines of its log:"
        tail -40 "$dir/log"
        mkdir -p "$crashes"
        for a in "$dir/artifacts"/*; do
            [ -f "$a" ] || continue
            cp "$a" "$crashes/$name-$(basename "$a")"
            echo "saved $crashes/$name-$(basename "$a")"
            # CI keeps only the log: the input itself, when small
            if [ "$(wc -c <"$a")" -le 4096 ] && command -v base64 >/dev/null; then
                echo "base64 of $(basename "$a") (base64 -d > FILE to replay):"
                base64 "$a"
            fi
        done
        return 1
    fi
    return 0
}

for name in $targets; do
    fuzz_one "$name"
    case $? in
        0)  pass=$((pass + 1)); echo "PASS: fuzz_$name" ;;
        77) skip=$((skip + 1)); echo "SKIP: fuzz_$name (not built)" ;;
        *)  fail=$((fail + 1)); echo "FAIL: fuzz_$name" ;;
    esac
done

echo "fuzz executions in ${seconds}s each:${summary:- none}"
echo "fuzz: $pass passed, $fail failed, $skip skipped"
[ $((pass + fail)) -gt 0 ] || { echo "no fuzz target was built"; exit 1; }
[ "$fail" -eq 0 ]
