#!/bin/sh
# check-where.sh: docs/WHERE.md is a map a newcomer trusts, so it must not
# drift from the tree.  Fails (exit 1), saying what and on which line, when
#   - a path written there in backquotes does not exist (a path: a word
#     with a '/', not absolute, no URL, no placeholder such as <cause>);
#   - a rule file core/src/diagnose/pf_rule_*.c or a rule test file
#     tests/unit/test_rule_*.c is not named there;
#   - a cause of pf_cause_t (core/include/preflight.h) is not named there.
# Runs from `make check` (top_srcdir set) or by hand from anywhere.
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
map=docs/WHERE.md
[ -f "$top/$map" ] || { echo "check-where: $top/$map does not exist"; exit 1; }
bad=0

# every backquoted path, with its line number: "LINE PATH"
paths=$(awk '{
    s = $0
    while (match(s, /`[^`]*`/)) {
        w = substr(s, RSTART + 1, RLENGTH - 2)
        s = substr(s, RSTART + RLENGTH)
        if (w ~ /\// && w !~ /^\// && w !~ /[ <>:$*?]/)
            print NR " " w
    }
}' "$top/$map")

# a here-document, not a pipe: bad must survive the loop
while read -r line path; do
    [ -n "$path" ] || continue
    if [ ! -e "$top/$path" ]; then
        echo "$map:$line: $path does not exist"
        bad=1
    fi
done <<EOF
$paths
EOF

for f in "$top"/core/src/diagnose/pf_rule_*.c "$top"/tests/unit/test_rule_*.c; do
    [ -e "$f" ] || continue
    rel=${f#"$top"/}
    if ! grep -qF "\`$rel\`" "$top/$map"; then
        echo "$map: $rel is not on the map"
        bad=1
    fi
done

causes=$(sed -n 's/^ *\(PF_CAUSE_[A-Z_]*\).*/\1/p' \
    "$top/core/include/preflight_facts.h" | grep -v '^PF_CAUSE_COUNT$')
[ -n "$causes" ] || { echo "check-where: no pf_cause_t in preflight_facts.h"; exit 1; }
for c in $causes; do
    if ! grep -qF "\`$c\`" "$top/$map"; then
        echo "$map: $c (pf_cause_t) is not on the map"
        bad=1
    fi
done

n=$(printf '%s\n' "$paths" | awk 'NF == 2 { print $2 }' | sort -u | grep -c .)
if [ "$bad" -ne 0 ]; then
    echo "FAIL: docs/WHERE.md does not match the tree"
    exit 1
fi
echo "ok: docs/WHERE.md names $n paths, all present; every rule, rule test and cause is on it"
exit 0
