#!/bin/sh
# The command line a GNU user expects (issue 17 point 6, issue 16's
# "check -- PORT"): --opt=value, bundled short options, options before
# or after the command, "--", help per command, a typo answered with the
# command that was meant, --color=WHEN with NO_COLOR and TERM=dumb, and
# ASCII glyphs when the locale's charset is not UTF-8.
. "$top_srcdir/tests/integration/lib.sh"

free=$(pf_free_port)
port=$(pf_free_port)
pf_hold_port 127.0.0.1 "$port"

# "--" ends the options: what follows is a target, not ignored
"$PREFLIGHT" check -- "127.0.0.1:$port" >"$PF_TMP/dd.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/dd.txt"; pf_fail "check -- 127.0.0.1:$port: exit $rc, expected 1"; }
pf_contains "$PF_TMP/dd.txt" "127.0.0.1:$port"
pf_contains "$PF_TMP/dd.txt" "pf-hold-port"
pf_not_contains "$PF_TMP/dd.txt" ":443"
"$PREFLIGHT" check --json -- "$port" >"$PF_TMP/dd.json"
[ "$(pf_json "$PF_TMP/dd.json" '[t["port"] for t in j["targets"]]')" = "[$port]" ] \
    || { cat "$PF_TMP/dd.json"; pf_fail "check -- PORT did not check PORT alone"; }
pf_pass "check -- PORT checks PORT"

# --opt=value, and options before the command
printf 'Listen 127.0.0.1:%s\n' "$free" >"$PF_TMP/httpd.conf"
"$PREFLIGHT" check --apache="$PF_TMP/httpd.conf" >"$PF_TMP/eq.txt" 2>&1 \
    || { cat "$PF_TMP/eq.txt"; pf_fail "--apache=FILE was not taken"; }
pf_contains "$PF_TMP/eq.txt" "127.0.0.1:$free"
"$PREFLIGHT" --json check "127.0.0.1:$free" >"$PF_TMP/before.json" 2>&1 \
    || { cat "$PF_TMP/before.json"; pf_fail "an option before the command was refused"; }
pf_json "$PF_TMP/before.json" 'j["targets"][0]["status"]' | grep -qx free \
    || pf_fail "--json before check: no JSON"
"$PREFLIGHT" -v check "127.0.0.1:$free" --json >"$PF_TMP/after.json" 2>&1 \
    || { cat "$PF_TMP/after.json"; pf_fail "options around the command were refused"; }
pf_json "$PF_TMP/after.json" 'j["targets"][0]["port"]' | grep -qx "$free" \
    || pf_fail "--json after the target: no JSON"
pf_pass "--opt=value and options before the command"

# bundled short options: -qv is -q -v
"$PREFLIGHT" check -qv "127.0.0.1:$port" >"$PF_TMP/qv.txt" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$PF_TMP/qv.txt"; pf_fail "-qv: exit $rc, expected 1"; }
pf_contains "$PF_TMP/qv.txt" "127.0.0.1:$port"
"$PREFLIGHT" check -qv "127.0.0.1:$free" >"$PF_TMP/qvfree.txt" 2>&1 \
    || { cat "$PF_TMP/qvfree.txt"; pf_fail "-qv on a free port did not exit 0"; }
pf_not_contains "$PF_TMP/qvfree.txt" "127.0.0.1:$free"
pf_pass "bundled -qv"

# a typo gets the command that was meant, exit 2
"$PREFLIGHT" chekc >"$PF_TMP/typo.out" 2>"$PF_TMP/typo.err"
rc=$?
[ "$rc" -eq 2 ] || pf_fail "preflight chekc: exit $rc, expected 2"
pf_contains "$PF_TMP/typo.err" "unknown command 'chekc' (did you mean 'check'?)"
pf_not_contains "$PF_TMP/typo.err" "port"
"$PREFLIGHT" frobnicate >/dev/null 2>"$PF_TMP/unk.err"
[ $? -eq 2 ] || pf_fail "an unknown command did not exit 2"
pf_contains "$PF_TMP/unk.err" "unknown command 'frobnicate'"
pf_not_contains "$PF_TMP/unk.err" "did you mean"
pf_pass "unknown command: 'did you mean', exit 2"

# help, help COMMAND, COMMAND --help, --version
"$PREFLIGHT" help >"$PF_TMP/help.txt" || pf_fail "preflight help did not exit 0"
pf_contains "$PF_TMP/help.txt" "Usage: preflight"
pf_contains "$PF_TMP/help.txt" "--color"
"$PREFLIGHT" help run >"$PF_TMP/help-run.txt" || pf_fail "preflight help run did not exit 0"
pf_contains "$PF_TMP/help-run.txt" "Usage: preflight run"
"$PREFLIGHT" run --help >"$PF_TMP/run-help.txt" || pf_fail "run --help did not exit 0"
pf_contains "$PF_TMP/run-help.txt" "Usage: preflight run"
"$PREFLIGHT" help chekc >/dev/null 2>"$PF_TMP/help-typo.err"
[ $? -eq 2 ] || pf_fail "help chekc did not exit 2"
pf_contains "$PF_TMP/help-typo.err" "did you mean 'check'?"
"$PREFLIGHT" check --version >"$PF_TMP/v.txt" || pf_fail "--version after a command"
pf_contains "$PF_TMP/v.txt" "preflight "
pf_pass "help [COMMAND], COMMAND --help, --version"

# colour: --color=always/never, and auto on a terminal unless NO_COLOR or
# TERM=dumb (script(1) gives the command a pseudo-terminal)
esc=$(printf '\033')
"$PREFLIGHT" check --color=always "127.0.0.1:$port" >"$PF_TMP/always.txt"
grep -q "$esc" "$PF_TMP/always.txt" || pf_fail "--color=always: no escape sequence"
"$PREFLIGHT" check --color=never "127.0.0.1:$port" >"$PF_TMP/never.txt"
grep -q "$esc" "$PF_TMP/never.txt" && pf_fail "--color=never: escape sequences"
"$PREFLIGHT" check --color=sometimes 80 >/dev/null 2>"$PF_TMP/badcolor.err"
[ $? -eq 2 ] || pf_fail "--color=sometimes is not a usage error"
pf_contains "$PF_TMP/badcolor.err" "auto, always or never"
if command -v script >/dev/null 2>&1; then
    on_tty() {
        env "$@" script -qec "'$PREFLIGHT' check 127.0.0.1:$port" /dev/null \
            </dev/null >"$PF_TMP/tty.txt" 2>&1
    }
    on_tty TERM=xterm NO_COLOR=
    grep -q "$esc\[31m" "$PF_TMP/tty.txt" || { cat -v "$PF_TMP/tty.txt"; pf_fail "a terminal got no colour"; }
    on_tty TERM=dumb NO_COLOR=
    grep -q "$esc\[3" "$PF_TMP/tty.txt" && { cat -v "$PF_TMP/tty.txt"; pf_fail "TERM=dumb got colour"; }
    on_tty TERM=xterm NO_COLOR=1
    grep -q "$esc\[3" "$PF_TMP/tty.txt" && { cat -v "$PF_TMP/tty.txt"; pf_fail "NO_COLOR got colour"; }
    pf_pass "--color=WHEN; auto honours NO_COLOR and TERM=dumb"
else
    pf_pass "--color=WHEN (no script(1): the terminal cases are not run)"
fi

# glyphs: UTF-8 only when the locale's charset is UTF-8
LC_ALL=C "$PREFLIGHT" check "127.0.0.1:$port" >"$PF_TMP/c.txt"
LC_ALL=C LC_CTYPE=C grep -q "$(printf '[\200-\377]')" "$PF_TMP/c.txt" \
    && { cat -v "$PF_TMP/c.txt"; pf_fail "LC_ALL=C got non-ASCII bytes"; }
pf_contains "$PF_TMP/c.txt" "!! 127.0.0.1:$port"
LC_ALL=C.UTF-8 "$PREFLIGHT" check "127.0.0.1:$port" >"$PF_TMP/u.txt"
pf_contains "$PF_TMP/u.txt" "$(printf '\342\234\230') 127.0.0.1:$port"
pf_pass "ASCII glyphs under LC_ALL=C, UTF-8 ones under C.UTF-8"

# run without "--": the server's command starts at its name, and its own
# options are not ours
"$PREFLIGHT" run --on-conflict=warn sh -c 'echo "ran $0"; exit 4' arg0 >"$PF_TMP/run.out" 2>"$PF_TMP/run.err"
rc=$?
[ "$rc" -eq 4 ] || { cat "$PF_TMP/run.out" "$PF_TMP/run.err"; pf_fail "run sh -c ...: exit $rc, expected 4"; }
pf_contains "$PF_TMP/run.out" "ran arg0"
pf_pass "run COMMAND -opt ... without '--'"
