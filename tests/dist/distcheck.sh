#!/bin/sh
# make distcheck passes (the tarball configures, builds, passes a few
# tests, installs under its --prefix only, uninstalls to nothing, and
# cleans up), configure says nothing about core/ nor leaves confdefs.h,
# and the tarball holds every file of the source tree.
#   PF_DIST_OUT (build root), PF_JOBS, PF_DISTCHECK_TESTS (the tests run
#   inside distcheck; a few, to stay within a few minutes)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${PF_DIST_OUT:-$top/_build/dist}/distcheck
jobs=${PF_JOBS:-2}
tests=${PF_DISTCHECK_TESTS:-tests/unit/test_pool tests/integration/cli_basics.sh tests/integration/apache_start.sh tests/integration/nginx_module.sh}
fail=0
bad() { echo "FAIL: $*"; fail=1; }

[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi) >/dev/null 2>&1 \
    || { echo "FAIL: autoreconf"; exit 1; }
rm -rf "$out" && mkdir -p "$out" && cd "$out" || exit 1

"$top/configure" >configure.out 2>&1 || { tail -30 configure.out; exit 1; }
# autoconf's "rm -f core" against the core/ directories (configure.ac)
grep -n "cannot remove" configure.out && bad "configure: rm noise"
[ -e confdefs.h ] && bad "configure left confdefs.h behind"
sed -n '/^  platform layer/,$p' configure.out

if make -j"$jobs" distcheck TESTS="$tests" >distcheck.out 2>&1; then
    grep -n "cannot remove" distcheck.out && bad "distcheck: rm noise"
    grep -A3 "archives ready for distribution" distcheck.out
else
    tail -60 distcheck.out
    bad "make distcheck"
fi

# every file of the sources is in the tarball (git's list when there is
# one, else the tree without what autoreconf generates)
tarball=$(ls "$out"/preflight-*.tar.gz 2>/dev/null | head -1)
if [ -n "$tarball" ]; then
    tar -tzf "$tarball" | sed 's|^[^/]*/||; /\/$/d; /^$/d' | sort >tar.list
    if [ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$top" && pwd -P)" ]; then
        (cd "$top" && git ls-files --cached --others --exclude-standard) | sort >src.list
    else
        (cd "$top" && find . -type f ! -path './_build/*' ! -name '*~' \
            ! -path './autom4te.cache/*' ! -path './build-aux/*' | sed 's|^\./||') \
            | sort >src.list
    fi
    # the tarball needs no .gitignore; the rest it must carry
    grep -v '^\.gitignore$' src.list | comm -23 - tar.list >missing.list
    if [ -s missing.list ]; then
        cat missing.list
        bad "the tarball lacks the files above"
    fi
else
    bad "no tarball"
fi
exit $fail
