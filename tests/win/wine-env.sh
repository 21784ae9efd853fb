# Sourced by the Windows tests (and by anyone running a .exe of this build
# under Wine): one Wine prefix per build tree, quiet Wine, and
#   pf_wine_run PROGRAM.exe [ARG...]
# which creates the prefix on first use (once, under a lock) and runs the
# program with its exit code.  Without Wine, pf_wine_run exits 77 (skip).
#   pf_wine_httpsys_lock
# for a test that registers HTTP.sys URLs (see below).
#   WINE        the loader (default: wine, or /usr/lib/wine/wine64)
#   WINEPREFIX  default: $top_builddir/wineprefix
: "${top_builddir:=$(pwd)}"
WINEPREFIX=${WINEPREFIX:-$top_builddir/wineprefix}
WINEDEBUG=${WINEDEBUG:--all}
export WINEPREFIX WINEDEBUG
# no desktop integration, no Mono/Gecko installers in a test prefix
WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=;winemenubuilder.exe=d}
export WINEDLLOVERRIDES

if [ -z "${WINE:-}" ]; then
    for w in wine wine64 /usr/lib/wine/wine64; do
        if command -v "$w" >/dev/null 2>&1; then WINE=$w; break; fi
    done
fi
export WINE

# The prefix's wineserver (to wait for it to go idle, never to kill it:
# other tests may be using the same prefix).
pf_wineserver() {
    for s in wineserver /usr/lib/wine/wineserver64 /usr/lib/wine/wineserver; do
        if command -v "$s" >/dev/null 2>&1; then
            if command -v timeout >/dev/null 2>&1; then
                timeout 300 "$s" "$@"
            else
                "$s" "$@"
            fi
            return
        fi
    done
    return 1
}

# Creates the prefix once; concurrent tests wait for the first one.
pf_wine_init() {
    [ -f "$WINEPREFIX/.pf-ready" ] && return 0
    mkdir -p "$WINEPREFIX"
    (
        if command -v flock >/dev/null 2>&1; then flock 9; fi
        if [ ! -f "$WINEPREFIX/.pf-ready" ]; then
            # (no lock descriptor for wineserver, which outlives us)
            "$WINE" wineboot -i >"$WINEPREFIX/.pf-wineboot.log" 2>&1 9>&- 8>&- \
                || exit 1
            # wineboot returns while services.exe still starts the prefix's
            # services; until they settle the HTTP Server API fails with
            # 1053/1055.  Wait for the prefix to go idle once.
            pf_wineserver -w >>"$WINEPREFIX/.pf-wineboot.log" 2>&1 9>&- 8>&- \
                || true
            touch "$WINEPREFIX/.pf-ready"
        fi
    ) 9>"$WINEPREFIX/.pf-lock"
}

# Wine's HTTP service drops every process's HTTP.sys listeners when one
# process that used the HTTP Server API as a server goes away, so tests
# that register URLs must not overlap in one prefix.  Such a test calls
# this once; the lock is held until the test's shell exits.
pf_wine_httpsys_lock() {
    mkdir -p "$WINEPREFIX"
    exec 8>>"$WINEPREFIX/.pf-httpsys-lock"
    if command -v flock >/dev/null 2>&1; then
        flock -w 600 8 || { echo "waited 600 s for $WINEPREFIX/.pf-httpsys-lock"; return 1; }
    fi
}

pf_wine_run() {
    if [ -z "${WINE:-}" ]; then
        echo "SKIP: no Wine to run $1"
        return 77
    fi
    pf_wine_init || { echo "could not create the Wine prefix $WINEPREFIX"; \
                      cat "$WINEPREFIX/.pf-wineboot.log"; return 99; }
    # a wineserver started here outlives the test: keep the locks from it
    "$WINE" "$@" 8>&- 9>&-
}
