#!/bin/sh
# The case corpus: one folder a case under tests/cases/, facts in, the
# exact text a user sees out (see tests/cases/README.md).
#   run-cases.sh [CASE_DIR...]      default: every folder with a `cmd`
# For each case it runs `preflight $(cat cmd)` in the case folder and
# compares standard output with expected.txt, and, when they exist,
# standard error with expected-stderr, the exit status with expected-exit
# and the --json output with expected.json, and the causes of that
# output (their JSON names, one a line) with `causes`; on a difference it
# prints a unified diff.  A case that replays --facts FILE is run a second time from
# what `preflight facts --facts FILE` writes back, which must give the
# same text: the facts writer and reader keep every fact the rules read.
#   PREFLIGHT        the binary (make check sets it); a .exe runs under
#                    Wine (tests/win/wine-env.sh)
#   PF_CASES_UPDATE=1  write the outputs into the expected files instead
#                    (then review `git diff tests/cases` before committing)
# Exit: 0 all passed, 1 some failed, 77 skipped (no --facts in this build).
set -u

: "${PREFLIGHT:?PREFLIGHT must name the preflight binary (make check sets it)}"
here=$(cd "$(dirname "$0")" && pwd)
# the expected text is what a UTF-8 terminal shows (preflight prints ASCII
# marks for other locales)
LC_ALL=C.UTF-8
export LC_ALL
update=${PF_CASES_UPDATE:-0}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pf-cases.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

case "$PREFLIGHT" in
    *.exe)
        top_builddir=${top_builddir:-$(dirname "$(dirname "$PREFLIGHT")")}
        . "$here/../win/wine-env.sh"
        [ -n "${WINE:-}" ] || { echo "SKIP: no Wine to run $PREFLIGHT"; exit 77; }
        pf_run() { pf_wine_run "$PREFLIGHT" "$@"; }
        ;;
    *)
        pf_run() { "$PREFLIGHT" "$@"; }
        ;;
esac

# run DIR OUT ARGS...: in DIR, output in OUT.out/.err/.rc, without the
# carriage returns a Windows build prints
run() {
    r_dir=$1; r_out=$2; shift 2
    (cd "$r_dir" && pf_run "$@" >"$r_out.raw" 2>"$r_out.rawerr"
     echo $? >"$r_out.rc")
    tr -d '\r' <"$r_out.raw" >"$r_out.out"
    tr -d '\r' <"$r_out.rawerr" >"$r_out.err"
}

probe=$(cd "$tmp" && pf_run check --facts "$tmp/none.json" 2>&1)
case "$probe" in
    *"without json-c"*) echo "SKIP: $PREFLIGHT was built without json-c"; exit 77 ;;
esac

failed=0; passed=0

# same NAME EXPECTED ACTUAL: compares, or in update mode writes
same() {
    what=$1; expected=$2; actual=$3
    if [ "$update" = 1 ]; then
        cp "$actual" "$expected"
        return 0
    fi
    if [ ! -f "$expected" ]; then
        echo "  $what: $expected is missing (PF_CASES_UPDATE=1 writes it)"
        return 1
    fi
    if ! diff -u "$expected" "$actual" >"$tmp/diff"; then
        echo "  $what differs (- expected, + actual):"
        sed 's/^/    /' "$tmp/diff"
        return 1
    fi
    return 0
}

# The --facts FILE of the arguments, or nothing.
facts_of() {
    f=""
    while [ $# -gt 0 ]; do
        if [ "$1" = --facts ] && [ $# -gt 1 ]; then f=$2; fi
        shift
    done
    printf '%s' "$f"
}

# The arguments with the --facts file replaced by $1.
with_facts() {
    new=$1; shift
    args=""
    while [ $# -gt 0 ]; do
        if [ "$1" = --facts ] && [ $# -gt 1 ]; then
            args="$args --facts $new"; shift
        else
            args="$args $1"
        fi
        shift
    done
    printf '%s' "$args"
}

one_case() {
    dir=$1; name=$(basename "$dir"); ok=0; out="$tmp/$name"
    set -f
    # shellcheck disable=SC2046
    set -- $(cat "$dir/cmd")
    set +f
    run "$dir" "$out" "$@"
    same "output" "$dir/expected.txt" "$out.out" || ok=1
    if [ -s "$out.err" ] || [ -f "$dir/expected-stderr" ]; then
        if [ "$update" = 1 ] && [ ! -s "$out.err" ]; then
            rm -f "$dir/expected-stderr"
        else
            same "standard error" "$dir/expected-stderr" "$out.err" || ok=1
        fi
    fi
    if [ -f "$dir/expected-exit" ] || [ "$update" = 1 ]; then
        same "exit status" "$dir/expected-exit" "$out.rc" || ok=1
    fi
    if [ -f "$dir/causes" ] || [ "$update" = 1 ]; then
        # the causes the case shows, by their JSON names: what
        # tools/check-where.sh counts when it asks for a case per cause
        run "$dir" "$out-causes" "$@" --json
        grep -o '"cause": *"[a-z-]*"' "$out-causes.out" \
            | sed 's/.*"\([a-z-]*\)"$/\1/' | sort -u >"$out.causes"
        if [ "$update" = 1 ] && [ ! -s "$out.causes" ]; then
            rm -f "$dir/causes"
        else
            same "causes (--json)" "$dir/causes" "$out.causes" || ok=1
        fi
    fi
    if [ -f "$dir/expected.json" ]; then
        run "$dir" "$out-json" "$@" --json
        same "--json output" "$dir/expected.json" "$out-json.out" || ok=1
    fi
    facts=$(facts_of "$@")
    if [ -n "$facts" ] && [ "$update" != 1 ]; then
        # what the writer writes, the reader reads: the same findings
        run "$dir" "$out-rt" facts --facts "$facts"
        cp "$out-rt.out" "$out-rt.json"
        # shellcheck disable=SC2046
        run "$dir" "$out-again" $(with_facts "$out-rt.json" "$@")
        if ! same "output replayed from 'preflight facts --facts $facts'" \
                  "$dir/expected.txt" "$out-again.out"; then
            ok=1
        fi
    fi
    if [ $ok = 0 ]; then
        passed=$((passed + 1)); echo "PASS: $name"
    else
        failed=$((failed + 1)); echo "FAIL: $name ($dir)"
    fi
}

if [ $# -eq 0 ]; then
    for d in "$here"/*/; do
        [ -f "$d/cmd" ] && set -- "$@" "${d%/}"
    done
fi
for d in "$@"; do
    d=$(cd "$d" && pwd)
    one_case "$d"
done
echo "$passed passed, $failed failed"
[ "$update" = 1 ] && echo "expected files written: review 'git diff tests/cases'"
[ $failed = 0 ]
