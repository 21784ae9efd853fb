#!/bin/sh
# The Debian packages: debian/ builds with dpkg-buildpackage -us -uc -b
# into preflight, libapache2-mod-preflight and libnginx-mod-preflight;
# lintian finds no error; and installed with dpkg, maintainer scripts and
# all, the modules are enabled and load: apache2 -t lists preflight_module,
# nginx -t accepts a preflight directive (nginx knows it only from the
# module).  The machine is not changed: dpkg runs in a chroot onto an
# overlay of / whose changes go to a tmpfs, in mount and network
# namespaces of this test (policy-rc.d keeps services from being started).
# Then the packages are purged there, and both servers' configurations
# must still pass.
#   PF_DIST_OUT (build root)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${PF_DIST_OUT:-$top/_build/dist}/debian
skip() { echo "SKIP: $*"; exit 77; }

[ "$(id -u)" -eq 0 ] || skip "needs root (mount namespace, chroot)"
for c in dpkg-buildpackage dh_apache2 dh_nginx lintian unshare chroot; do
    command -v "$c" >/dev/null || skip "no $c (tools/deps-debian.sh test)"
done
[ -x /usr/sbin/apache2 ] && [ -x /usr/sbin/nginx ] || skip "no apache2 or nginx"

# a fresh copy of the sources: dpkg-buildpackage writes next to it
rm -rf "$out" && mkdir -p "$out/preflight" || exit 1
if [ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$top" && pwd -P)" ]; then
    (cd "$top" && git ls-files -z --cached --others --exclude-standard \
        | tar -c --no-recursion --ignore-failed-read --null -T - -f -) \
        | tar -x -C "$out/preflight" -f -
else
    (cd "$top" && tar -c --exclude=./_build --exclude=./debian/build -f - .) \
        | tar -x -C "$out/preflight" -f -
fi
cd "$out/preflight" || exit 1
{ autoreconf -fi && dpkg-buildpackage -us -uc -b; } >"$out/build.log" 2>&1 \
    || { tail -40 "$out/build.log"; echo "FAIL: dpkg-buildpackage"; exit 1; }
cd "$out" || exit 1
ls ./*.deb

fail=0
lintian --tag-display-limit 0 ./preflight_*.changes >lintian.log 2>&1
cat lintian.log
grep -q '^E: ' lintian.log && { echo "FAIL: lintian errors"; fail=1; }

for p in preflight libapache2-mod-preflight libnginx-mod-preflight; do
    ls ./"${p}"_*.deb >/dev/null 2>&1 || { echo "FAIL: no package $p"; fail=1; }
done
dpkg-deb -f libnginx-mod-preflight_*.deb Depends | grep -q 'nginx-abi-' \
    || { echo "FAIL: libnginx-mod-preflight does not depend on the nginx ABI"; fail=1; }
dpkg-deb -f libapache2-mod-preflight_*.deb Depends | grep -q 'apache2-api-' \
    || { echo "FAIL: libapache2-mod-preflight does not depend on the Apache API"; fail=1; }

# in the throwaway root
root=$out/root
mkdir -p "$root"
cat >"$out/inside.sh" <<'INSIDE'
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
fail=0
dpkg -i /tmp/pf-debs/preflight_*.deb /tmp/pf-debs/libapache2-mod-preflight_*.deb \
    /tmp/pf-debs/libnginx-mod-preflight_*.deb || { echo "FAIL: dpkg -i"; exit 1; }
preflight --help >/dev/null 2>&1 || { echo "FAIL: /usr/bin/preflight"; fail=1; }
man -w preflight mod_preflight ngx_preflight_module >/dev/null \
    || { echo "FAIL: a manual page is missing"; fail=1; }
test -L /etc/apache2/mods-enabled/preflight.load \
    || { echo "FAIL: mod_preflight not enabled (mods-enabled)"; fail=1; }
. /etc/apache2/envvars
out=$(apache2 -t -D DUMP_MODULES 2>&1)
echo "$out" | grep -E 'preflight|Syntax'
echo "$out" | grep -q 'preflight_module (shared)' \
    || { echo "FAIL: apache2 -t does not load mod_preflight"; fail=1; }
ls -l /etc/nginx/modules-enabled/ | grep preflight \
    || { echo "FAIL: no modules-enabled link for the nginx module"; fail=1; }
# a directive only the module knows, in the main context after the
# include of modules-enabled (load_module comes first)
grep -q '^include /etc/nginx/modules-enabled/\*\.conf;' /etc/nginx/nginx.conf \
    || { echo "FAIL: nginx.conf does not include modules-enabled"; fail=1; }
sed -i '/^include \/etc\/nginx\/modules-enabled\/\*\.conf;/a preflight_on_conflict warn;' \
    /etc/nginx/nginx.conf
nginx -t 2>&1 | tail -3
nginx -t >/dev/null 2>&1 || { echo "FAIL: nginx -t with the module"; fail=1; }
sed -i '/^preflight_on_conflict warn;$/d' /etc/nginx/nginx.conf

dpkg --purge libapache2-mod-preflight libnginx-mod-preflight preflight \
    || { echo "FAIL: dpkg --purge"; fail=1; }
test ! -e /etc/apache2/mods-enabled/preflight.load \
    || { echo "FAIL: mods-enabled/preflight.load left after purge"; fail=1; }
ls /etc/nginx/modules-enabled/ | grep preflight \
    && { echo "FAIL: nginx modules-enabled link left after purge"; fail=1; }
apache2 -t >/dev/null 2>&1 || { echo "FAIL: apache2 -t after purge"; fail=1; }
nginx -t >/dev/null 2>&1 || { echo "FAIL: nginx -t after purge"; fail=1; }
exit $fail
INSIDE
unshare -m -n sh -c '
    set -e
    root=$1; out=$2
    mount --make-rprivate /
    mount -t tmpfs pf-debian-test "$root"
    mkdir "$root/upper" "$root/work" "$root/m"
    mount -t overlay overlay -o "lowerdir=/,upperdir=$root/upper,workdir=$root/work" "$root/m"
    mount --rbind /proc "$root/m/proc"
    mount --rbind /dev "$root/m/dev"
    mount -t tmpfs tmpfs "$root/m/run"
    mkdir -p "$root/m/run/lock"
    mkdir -p "$root/m/tmp/pf-debs"
    cp "$out"/*.deb "$out/inside.sh" "$root/m/tmp/pf-debs/"
    exec chroot "$root/m" sh /tmp/pf-debs/inside.sh
' sh "$root" "$out" || fail=1

[ "$fail" -eq 0 ] && rm -rf "$out"
exit $fail
