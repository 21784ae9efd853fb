#!/bin/sh
# Issue 22, target 2: what the kernel charges per fd when /proc is asked
# who holds a socket (pf-fd-cost.c), the floor under any /proc scan and so
# under the owner lookup's worst case, where every fd of every process is
# read (bench/owner_scale.sh, load "together").  CPU microseconds per
# call, best of 3 rounds over every fd of NPROC processes with FDS
# sockets each (default 2000 x 10, then 2000 x 1).  A scan that only
# looked each fd's name up (lstat) and never listed a directory nor read
# a link would still cost NPROC x (openat + (FDS + 3) x lstat).
#   bench/fd_cost.sh BUILD_DIR [NPROC [FDS]]   (BUILD_DIR unused: the
#   program is built here with cc)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
nproc=${2:-2000}
tmp=$(mktemp -d /tmp/pf-fd-cost.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
command -v cc >/dev/null || { echo "fd_cost: needs cc"; exit 1; }
cc -O2 -o "$tmp/pf-fd-cost" "$here/pf-fd-cost.c"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
for fds in ${3:-10 1}; do
    echo
    "$tmp/pf-fd-cost" "$nproc" "$fds"
done
