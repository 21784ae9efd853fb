#!/bin/sh
# check-one-body.sh: every public symbol of the core has one body.  The
# modules' lazy library (core/libpreflight-lazy.a, core/src/unix/
# pf_unix_lazy.c) once defined pf_report_explain() and
# pf_remedy_for_server() a second time, and which body a module got
# depended on the order of the archives on its link line.  Fails, naming
# them, when a global symbol is defined in both archives.
# Runs from `make check` in a build with the lazy core (top_builddir set).
b=${top_builddir:-.}
lazy=$b/core/libpreflight-lazy.a
core=$b/core/libpreflight.a
command -v nm >/dev/null 2>&1 || { echo "SKIP: no nm"; exit 77; }
[ -f "$lazy" ] && [ -f "$core" ] || { echo "SKIP: no lazy core in this build"; exit 77; }

defs() { nm -g --defined-only "$1" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u; }
defs "$lazy" >one-body.lazy.tmp
defs "$core" >one-body.core.tmp
both=$(comm -12 one-body.lazy.tmp one-body.core.tmp)
n=$(wc -l <one-body.lazy.tmp)
rm -f one-body.lazy.tmp one-body.core.tmp
if [ -n "$both" ]; then
    echo "FAIL: defined in both $lazy and $core:" $both
    exit 1
fi
echo "ok: the $n global symbols of the lazy library are defined nowhere else"
exit 0
