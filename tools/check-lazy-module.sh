#!/bin/sh
# check-lazy-module.sh MODULE.so: fails when the facts layer was linked
# into a server module.  A module carries the probe only and opens
# preflight-core.so when a port is taken (core/src/unix/pf_unix_lazy.h);
# the whole core in the module would cost every healthy start the lookup
# of ~100 more symbols.
command -v nm >/dev/null 2>&1 || exit 0
if nm "$1" | grep -q ' pf_report_gather$'; then
    echo "$1: pf_report_gather is in the module: it must come from" \
         "preflight-core.so (core/src/unix/pf_unix_lazy.h)" >&2
    rm -f "$1"
    exit 1
fi
