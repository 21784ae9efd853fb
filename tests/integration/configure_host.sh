#!/bin/sh
# configure on a host preflight has no platform layer for (issue 20.2):
# it must stop at once and say so by name (what runs where, why), not
# look for a compiler and fail later on <linux/sock_diag.h>.  The host is
# only named (--host), no cross compiler is needed: configure must not
# get as far as looking for one.
. "$top_srcdir/tests/integration/lib.sh"

[ -f "$top_srcdir/config.status" ] \
    && pf_skip "the source tree is configured in place: configure refuses other build trees"

mkdir "$PF_TMP/b"
(cd "$PF_TMP/b" && "$top_srcdir/configure" --host=x86_64-unknown-freebsd14.0 \
    >out 2>&1)
rc=$?
out=$(cat "$PF_TMP/b/out")
[ "$rc" -ne 0 ] || pf_fail "configure accepted a FreeBSD host: $out"
printf '%s\n' "$out" | grep -q 'error: host x86_64-unknown-freebsd14.0 is not supported' \
    || pf_fail "no clear refusal naming the host: $out"
printf '%s\n' "$out" | grep -q 'Linux and' \
    || pf_fail "the refusal does not say which hosts are supported: $out"
if printf '%s\n' "$out" | grep -q 'checking for .*gcc'; then
    pf_fail "configure looked for a compiler before refusing the host: $out"
fi
pf_pass "configure refuses an unsupported host by name, before any compiler"
