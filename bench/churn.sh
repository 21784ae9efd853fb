#!/bin/sh
# Issue 23, the long run: the churn storms of tests/integration/
# churn_nginx.sh and churn_apache.sh with many more rounds: nginx
# reloads and Apache gracefuls dropping and re-adding an address while
# old workers drain half-sent requests, old generations still hold it,
# and holders leave around the check.  Each prints its counts (the
# server's own bind errors, the module's lines by level) and fails on an
# error-level preflight line about a port the server then bound.
#   bench/churn.sh BUILD_DIR [NGINX_ROUNDS [APACHE_ROUNDS]]
#   (default 500 x 2 = 1,000 nginx reloads, 250 x 2 = 500 gracefuls)
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: bench/churn.sh BUILD_DIR [NGINX_ROUNDS [APACHE_ROUNDS]]}" && pwd)
top_srcdir=$(cd "$here/.." && pwd)
top_builddir=$build
PREFLIGHT=$build/cli-shim/preflight
export top_srcdir top_builddir PREFLIGHT

rc=0
for t in "churn_nginx ${2:-500}" "churn_apache ${3:-250}"; do
    set -- $t
    echo "== $1: ROUNDS=$2"
    start=$(date +%s)
    ROUNDS=$2 sh "$top_srcdir/tests/integration/$1.sh"
    r=$?
    echo "== $1: exit $r after $(( $(date +%s) - start )) s"
    [ "$r" -eq 0 ] || [ "$r" -eq 77 ] || rc=1
done
exit $rc
