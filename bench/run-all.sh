#!/bin/sh
# Runs every benchmark in bench/ (each bench/*.sh with a "#!" line: owner
# lookup, healthy check, and the apache_* / nginx_* ones of the modules)
# against one build, one after the other, keeping each one's output in
# OUT_DIR.  PF_BENCH_ONLY="owner_lookup healthy_check" runs only those.
#   bench/run-all.sh BUILD_DIR [OUT_DIR]      (OUT_DIR: default ./bench-out)
# A bench whose server or module is not built fails on its own; the
# summary says which ran and which failed.  Benchmarks are not tests: run
# them on a quiet machine, never in CI.
set -u

build=${1:?usage: run-all.sh BUILD_DIR [OUT_DIR]}
build=$(cd "$build" && pwd)
out=${2:-bench-out}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
ok=""; failed=""

for bench in "$here"/*.sh; do
    name=$(basename "$bench" .sh)
    # this script, and helpers the benches source (no "#!" line)
    [ "$name" = run-all ] && continue
    head -1 "$bench" | grep -q '^#!' || continue
    if [ -n "${PF_BENCH_ONLY:-}" ]; then
        case " $PF_BENCH_ONLY " in *" $name "*) ;; *) continue ;; esac
    fi
    echo "=== $name ($(date -u +%H:%M:%S))"
    if sh "$bench" "$build" >"$out/$name.txt" 2>&1; then
        ok="$ok $name"
    else
        failed="$failed $name"
        echo "--- $name FAILED"
    fi
    cat "$out/$name.txt"
done

echo "ran:${ok:- none}"
[ -z "$failed" ] || { echo "failed:$failed"; exit 1; }
