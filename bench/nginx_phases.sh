#!/bin/sh
# Issue 8, item 2 (nginx), taken apart: where a start spends the time the
# module adds.  Kernel uprobes on nginx's own exported functions
# timestamp each start of: stock, an empty module (the floor), and the
# module, in shuffled turns:
#   exec -> ngx_init_cycle              before the configuration
#   ngx_init_cycle -> ngx_open_listening_sockets
#                                       configuration, load_module and
#                                       every init_conf (the check)
#   ngx_open_listening_sockets -> ngx_daemon
#                                       nginx's own bind and listen
# Medians per phase, and each one's difference to stock with a 95%
# bootstrap interval: less noise than the whole start (bench/
# nginx_startup.sh), since the rest of the start and the stopping do not
# weigh in.  A uprobe costs each event a trap (a few us, alike for all).
# Needs root, tracefs and CONFIG_UPROBE_EVENTS; its uprobes (group
# pfbench) and trace instance are removed at exit.
#   bench/nginx_phases.sh BUILD_DIR
here=$(cd "$(dirname "$0")" && pwd)
. "$here/nginx_bench_lib.sh"

T=/sys/kernel/tracing
[ -w "$T/uprobe_events" ] || T=/sys/kernel/debug/tracing
if [ ! -w "$T/uprobe_events" ]; then
    echo "no writable uprobe_events (root, tracefs, CONFIG_UPROBE_EVENTS): skipped"
    exit 0
fi
I="$T/instances/pfbench"
phases="init_cycle:ngx_init_cycle open_listening:ngx_open_listening_sockets daemon:ngx_daemon"

cleanup() {
    for v in stock empty module; do bench_stop "$tmp/$v"; done
    [ -d "$I" ] && rmdir "$I"
    for p in $phases; do
        echo "-:pfbench/${p%%:*}" >>"$T/uprobe_events" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

# a uprobe is placed at a file offset: the symbol's address less its
# LOAD segment's address plus the segment's offset in the file
file_offset() {
    python3 - "$NGX_BIN" "$1" <<'PY'
import subprocess, sys
exe, sym = sys.argv[1:]
addr = None
for line in subprocess.run(["nm", "-D", "--defined-only", exe],
                           capture_output=True, text=True).stdout.split("\n"):
    f = line.split()
    if len(f) == 3 and f[2] == sym:
        addr = int(f[0], 16)
if addr is None:
    sys.exit("%s does not export %s" % (exe, sym))
for line in subprocess.run(["readelf", "-lW", exe],
                           capture_output=True, text=True).stdout.split("\n"):
    f = line.split()
    if f and f[0] == "LOAD":
        off, va, size = int(f[1], 16), int(f[2], 16), int(f[5], 16)
        if va <= addr < va + size:
            print("0x%x" % (addr - va + off))
            sys.exit(0)
sys.exit("%s: no LOAD segment holds %s" % (exe, sym))
PY
}

for p in $phases; do
    off=$(file_offset "${p#*:}") || exit 1
    echo "p:pfbench/${p%%:*} $NGX_BIN:$off" >>"$T/uprobe_events"
done
mkdir "$I"
echo 4096 >"$I/buffer_size_kb"
echo 1 >"$I/events/pfbench/enable"
echo 1 >"$I/events/sched/sched_process_exec/enable"

empty=$(bench_empty_module)
port=$(bench_free_port)
bench_conf "$tmp/stock" "$port" no ""
bench_conf "$tmp/empty" "$port" "$empty" ""
bench_conf "$tmp/module" "$port" yes ""

python3 "$here/nginx_phases.py" "${PF_BENCH_RUNS:-300}" "$NGX_BIN" \
    "$tmp/stop.sh" "$I/trace" "$tmp/stock" "$tmp/empty" "$tmp/module"
