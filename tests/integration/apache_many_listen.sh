#!/bin/sh
# Issue 22.3: 100 Listen addresses on one port.  The healthy start's scan
# of the listen set tells two specific addresses apart without a library
# call per pair (pf_apache_set_overlaps); it must still find nothing to
# say when all are free, name the one a foreign process holds, and a
# graceful restart keeps the same sockets.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/apache_lib.sh"

command -v ss >/dev/null 2>&1 || pf_skip "no ss"
N=100
port=$(pf_free_port)
set --
i=1
while [ $i -le $N ]; do
    set -- "$@" "Listen 127.0.0.$i:$port"
    i=$((i + 1))
done
pf_apache_conf "$@"
listening() { ss -Hltn "sport = :$port" | awk '{print $4}' | sort; }
inodes() { ss -Hltne "sport = :$port" | sed -n 's/.*ino:\([0-9]*\).*/\1/p' | sort; }

# --- one held: named, and only it ----------------------------------------
pf_hold_port 127.0.0.57 "$port"
pf_apache -k start
out="$PF_TMP/apache.out"
[ "$PF_RC" -ne 0 ] || { cat "$out"; pf_fail "httpd started with 127.0.0.57:$port held"; }
pf_contains "$out" "PF00001: "
pf_contains "$out" "127.0.0.57:$port"
pf_contains "$out" "$PF_HOLDER_PID"
pf_apache_before "$out" "PF00001: " "AH00072"
others=$(grep "PF0000[12]:" "$out" | grep -o "127\.0\.0\.[0-9]*:$port" | grep -v "^127.0.0.57:" || true)
[ -z "$others" ] || { cat "$out"; pf_fail "free addresses named as conflicts: $others"; }
pf_pass "held: 127.0.0.57:$port and holder $PF_HOLDER_PID named, no other address"
kill "$PF_HOLDER_PID"
for _ in $(seq 1 100); do [ -z "$(listening)" ] && break; sleep 0.05; done

# --- all free: no word, each address listening once ----------------------
# the starting process (the check and httpd's first bind run there, before
# it detaches) under strace: one bind test per address, and no report
if command -v strace >/dev/null 2>&1; then
    PF_APACHE_WRAP="strace -qq -e trace=bind -o $PF_TMP/start.strace"
fi
pf_apache_start
PF_APACHE_WRAP=""
if [ -f "$PF_TMP/start.strace" ]; then
    b=$(grep -c "^bind(.*htons($port)" "$PF_TMP/start.strace")
    [ "$b" -eq $((2 * N)) ] \
        || pf_fail "$b binds for $N addresses (want $((2 * N)): one test and httpd's own each; more is the report probing again)"
fi
pf_apache_no_conflict "$PF_TMP/apache.out" "$N free Listen addresses"
pf_apache_no_conflict "$PF_APACHE_LOG" "$N free Listen addresses"
pf_apache_wait_resumed 1 || pf_fail "httpd did not come up"
[ "$(listening | wc -l)" -eq $N ] && [ "$(listening | uniq | wc -l)" -eq $N ] \
    || { listening; pf_fail "not $N listening sockets, one per address"; }
pf_pass "free: no conflict line, $N sockets"

# --- graceful: the same sockets, still no word ---------------------------
before=$(inodes)
pf_apache -k graceful
pf_apache_wait_resumed 2 || pf_fail "no graceful restart"
[ "$(inodes)" = "$before" ] || pf_fail "a graceful restart changed the listening sockets"
pf_apache_no_conflict "$PF_APACHE_LOG" "graceful with $N Listen addresses"
pf_pass "graceful: the same $N sockets, no conflict line"
