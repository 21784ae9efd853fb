#!/bin/sh
# Issue 8, item 2 for Apache: what mod_preflight adds to a healthy start.
# hyperfine times the start of the real apache2 (-k start until the
# PidFile names the parent, which has bound its port by then), with and
# without the module loaded, on a free port, stopping it (untimed)
# before each run; prints both medians and their ratio (target < 1.02).
# The machine may be busy: the variants alternate over several rounds,
# and the ratio is the median of the rounds' ratios.  Then, as a number
# that does not depend on the load, the instructions of `apache2 -t`
# (same module load and same check, in test_config) with and without
# the module (callgrind), when valgrind is there.
#   bench/apache_startup.sh BUILD_DIR
# Needs: hyperfine, apache2; root for User/Group (otherwise the current
# user).  PF_BENCH_RUNS: runs per variant and round (default 15),
# PF_BENCH_ROUNDS: rounds (default 4).  httpd needs ~2 s to stop, untimed.
set -eu

build=${1:?usage: apache_startup.sh BUILD_DIR}
. "$(dirname "$0")/apache_common.sh"

write_conf with with
write_conf without without
write_cycle
runs=${PF_BENCH_RUNS:-15}
rounds=${PF_BENCH_ROUNDS:-4}

args() { echo "$tmp/$1/httpd.conf $tmp/$1/httpd.pid $apache_bin"; }
# both variants use the same port: stop whichever ran last
stop_all="sh $tmp/stop.sh $(args without) && sh $tmp/stop.sh $(args with)"
round=1
while [ "$round" -le "$rounds" ]; do
    # swap the order every round: a change of load hits both alike
    if [ $((round % 2)) -eq 1 ]; then first=without second=with
    else first=with second=without; fi
    hyperfine --warmup 2 --runs "$runs" --export-json "$tmp/h$round.json" \
        --prepare "$stop_all" \
        -n "$first" "sh $tmp/start.sh $(args "$first")" \
        -n "$second" "sh $tmp/start.sh $(args "$second")" \
        >/dev/null
    round=$((round + 1))
done
sh -c "$stop_all"
if grep -q "AH00072\|PF0000[12]:" "$tmp/with/error.log" "$tmp/without/error.log" 2>/dev/null; then
    echo "a start failed: the numbers are not valid"; exit 1
fi

python3 - "$tmp" "$rounds" <<'PY'
import json, statistics, sys
tmp, rounds = sys.argv[1], int(sys.argv[2])
times = {"with": [], "without": []}
ratios = []
for i in range(1, rounds + 1):
    res = {r["command"]: r for r in json.load(open("%s/h%d.json" % (tmp, i)))["results"]}
    for k in times:
        times[k] += res[k]["times"]
    ratios.append(res["with"]["median"] / res["without"]["median"])
for k in ("without", "with"):
    t = times[k]
    print("apache2 -k start %-8s module: median %.1f ms over %d runs (min %.1f ms)"
          % (k, statistics.median(t) * 1e3, len(t), min(t) * 1e3))
r = statistics.median(ratios)
print("median of %d rounds' median ratios with/without: %.3f (target < 1.02): %s"
      % (rounds, r, "ok" if r < 1.02 else "OVER"))
PY

command -v valgrind >/dev/null || exit 0
for v in without with; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$v" \
        "$apache_bin" -f "$tmp/$v/httpd.conf" -t 2>"$tmp/cg.$v.err" >/dev/null || true
    eval "ir_$v=\$(sed -n 's/.*Collected : //p' \"\$tmp/cg.\$v.err\")"
done
# shellcheck disable=SC2154
python3 -c 'import sys; a, b = int(sys.argv[1]), int(sys.argv[2]); print("instructions of apache2 -t: without %d, with %d module (ratio %.3f)" % (a, b, b / a))' "$ir_without" "$ir_with"
