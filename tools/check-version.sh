#!/bin/sh
# check-version.sh: preflight's version has one source, AC_INIT in
# configure.ac (the code gets it through config.h, core/src/pf_version.h).
# What cannot include config.h must agree with it, or this fails, saying
# which file says what:
#   - debian/changelog: the upstream part of the newest entry's version
#     (no epoch, no Debian revision);
#   - every man page's .TH line: "preflight VERSION".
# Runs from `make check` (top_srcdir set; PACKAGE_VERSION too, which must
# be AC_INIT's) or by hand from anywhere.
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
bad=0

v=$(sed -n 's/^AC_INIT(\[preflight\], *\[\([^]]*\)\].*/\1/p' "$top/configure.ac")
[ -n "$v" ] || { echo "check-version: no version in AC_INIT of configure.ac"; exit 1; }
if [ -n "${PACKAGE_VERSION:-}" ] && [ "$PACKAGE_VERSION" != "$v" ]; then
    echo "check-version: this build was configured as $PACKAGE_VERSION," \
         "configure.ac now says $v: run autoreconf and configure again"
    bad=1
fi

# "preflight (1:0.1.0-2) unstable; urgency=medium" -> 0.1.0
d=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$top/debian/changelog")
d=${d#*:}
d=${d%-*}
if [ "$d" != "$v" ]; then
    echo "debian/changelog:1: version $d, configure.ac (AC_INIT) says $v"
    bad=1
fi

n=0
for m in "$top"/cli-shim/*.[1-8] "$top"/mod_apache/*.[1-8] "$top"/mod_nginx/*.[1-8]; do
    [ -e "$m" ] || continue
    n=$((n + 1))
    rel=${m#"$top"/}
    th=$(sed -n '/^\.TH /{p;q;}' "$m")
    case $th in
        *"\"preflight $v\""*) ;;
        *) echo "$rel: $th: not \"preflight $v\" (configure.ac, AC_INIT)"
           bad=1 ;;
    esac
done
[ "$n" -gt 0 ] || { echo "check-version: no man page found"; exit 1; }

if [ "$bad" -ne 0 ]; then
    echo "FAIL: the version is not configure.ac's everywhere"
    exit 1
fi
echo "ok: version $v in configure.ac, debian/changelog and $n man pages"
exit 0
