#!/bin/sh
# preflight.exe on a Wine console: what the console itself got.  Wine
# gives a program a console when its standard streams are a terminal, so
# the program runs under script(1) (a pseudo-terminal); pf-console-read
# starts preflight.exe on that console and reads the screen buffer back
# with ReadConsoleOutputCharacterW.  A console takes UTF-16: the check
# mark and a path with "José" and "Сервер" must come out as those
# characters, not as a code page's reading of UTF-8 bytes ("Γ£ö" in
# cp437, "âœ”" as Wine's console showed it before WriteConsoleW); the console's mode must be what it was before (colour turns
# VT processing on, and preflight puts the mode back at exit).  To a pipe,
# the same text is UTF-8 bytes.
# What Wine 8 cannot show: its headless console keeps VT escapes as text
# in the buffer instead of turning them into colours (a Windows console
# with ENABLE_VIRTUAL_TERMINAL_PROCESSING does), so colours are not
# checked here beyond the mode being restored.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/win/wine-env.sh"
[ -n "${WINE:-}" ] || pf_skip "no Wine"
command -v script >/dev/null 2>&1 || pf_skip "no script(1)"
reader="$top_builddir/tests/win/pf-console-read.exe"
[ -f "$reader" ] || pf_fail "no $reader (make check builds it)"
pf_wine_init || pf_fail "could not create the Wine prefix"
LC_ALL=C.UTF-8
export LC_ALL
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }

# runs preflight.exe ARGS on a console; the screen into $PF_TMP/screen
pf_on_console() {
    PF_CONSOLE_OUT=$(winpath "$PF_TMP/screen.raw")
    export PF_CONSOLE_OUT
    rm -f "$PF_TMP/screen.raw"
    # script(1) runs its command through the shell: quote every word
    cmd="'$WINE' '$reader'"
    for a in "$@"; do cmd="$cmd '$a'"; done
    timeout 120 script -qec "$cmd" /dev/null </dev/null >"$PF_TMP/pty.out" 2>&1 8>&- 9>&- || true
    [ -f "$PF_TMP/screen.raw" ] || { cat "$PF_TMP/pty.out"; pf_fail "pf-console-read wrote nothing"; }
    tr -d '\r' <"$PF_TMP/screen.raw" >"$PF_TMP/screen"
    head -1 "$PF_TMP/screen" | grep -q '^mode ' || { cat "$PF_TMP/screen" "$PF_TMP/pty.out"; pf_fail "no console (pf-console-read: $(cat "$PF_TMP/pty.out"))"; }
}

dir="$PF_TMP/José Сервер"
mkdir -p "$dir"
cp "$PREFLIGHT" "$dir/preflight.exe"
exe=$(winpath "$dir/preflight.exe")

port=$(pf_free_port 0.0.0.0)
pf_on_console "$exe" check --no-color "$port"
pf_contains "$PF_TMP/screen" "✔ *:$port free"
pf_not_contains "$PF_TMP/screen" "âœ”"
pf_pass "console: the check mark as UTF-16"

# colour (auto): VT processing on while preflight runs, then put back
pf_on_console "$exe" check "$port"
pf_contains "$PF_TMP/screen" "*:$port free"
pf_contains "$PF_TMP/screen" "✔"
set -- $(head -1 "$PF_TMP/screen")
[ "$2" = "$3" ] || { cat "$PF_TMP/screen"; pf_fail "the console mode was $2 before and $3 after"; }
pf_pass "console: colour asked of the console, its mode $2 restored at exit"

conf="$(winpath "$dir")\\httpd.conf"
pf_on_console "$exe" check --apache "$conf"
pf_contains "$PF_TMP/screen" "José Сервер"
pf_not_contains "$PF_TMP/screen" "Jos├"
pf_pass "console: a path with José and Сервер in a message, intact"

# a pipe gets UTF-8 bytes: ✔ is e2 9c 94
pf_wine_run "$dir/preflight.exe" check --no-color "$port" >"$PF_TMP/pipe.out" 2>&1 || true
od -An -tx1 "$PF_TMP/pipe.out" | tr -d ' \n' | grep -q 'e29c94' \
    || { od -c "$PF_TMP/pipe.out" | head; pf_fail "no UTF-8 check mark in the pipe"; }
pf_pass "pipe: UTF-8 bytes"
exit 0
