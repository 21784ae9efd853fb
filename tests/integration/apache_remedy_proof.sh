#!/bin/sh
# Issue 16 through the real apache2 and mod_preflight: `PreflightRemedy
# apply` acts on a proven subject only.
#   1. a throwaway user's own unit named apache2.service (in its user
#      manager's delegated cgroup) holds the port, and the allow list says
#      `PreflightRemedyAllow apache2.service`: the system's apache2.service
#      is not stopped, nothing is journalled, the user's process lives;
#   2. a service of the system manager whose main process holds the port
#      (systemd, here the stand-in, confirms it), and the allow list names
#      it: the module stops it (journalled).
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/apache_lib.sh"
. "$top_srcdir/tests/integration/proof_lib.sh"

export PREFLIGHT_STATE_DIR="$PF_TMP/state"
journal="$PREFLIGHT_STATE_DIR/journal"
out="$PF_TMP/apache.out"

# --- 1. a user's apache2.service ------------------------------------------
ucg="$base/user-$uid.slice/user@$uid.service/app.slice/apache2.service"
mkdir -p "$ucg" "$base/system.slice/apache2.service"
chown -R "$tag" "$base/user-$uid.slice/user@$uid.service"
sleep 1000 &
sysapache=$!
pf_track "$sysapache"
echo "$sysapache" >"$base/system.slice/apache2.service/cgroup.procs"
unit apache2.service "$base/system.slice/apache2.service" "$sysapache"
port=$(pf_free_port)
hold user "$ucg" "$port"
pf_apache_conf "PreflightOnConflict fail" "PreflightRemedy apply" \
    "PreflightRemedyAllow apache2.service" "Listen 127.0.0.1:$port"
PATH="$PF_TMP/bin:$PATH" pf_apache -k start
[ "$PF_RC" -ne 0 ] || { cat "$out"; pf_fail "httpd started on a held port"; }
no_change "module, a user's apache2.service"
pf_contains "$out" "preflight remedy:"
pf_contains "$out" "nothing applied"
# issue 17: the unit is on the list already; the list is not what stops it
pf_not_contains "$out" "allow list"
pf_contains "$out" "systemctl --user -M $tag@ stop apache2.service"
pf_not_contains "$out" "systemctl stop apache2.service"
kill -0 "$held" || pf_fail "the user's holder was stopped"
kill -0 "$sysapache" || pf_fail "the system's apache2.service stand-in was stopped"
pf_pass "PreflightRemedyAllow apache2.service: a user's own apache2.service stops nothing of the system's"

# --- 2. a proven system unit in the allow list ----------------------------
scg="$base/pf-web-$$.service"
mkdir -p "$scg"
port=$(pf_free_port)
hold root "$scg" "$port"
unit "pf-web-$$.service" "$scg" "$held"
: >"$calls"
pf_apache_conf "PreflightOnConflict fail" "PreflightRemedy apply" \
    "PreflightRemedyAllow pf-web-$$.service" "Listen 127.0.0.1:$port"
PATH="$PF_TMP/bin:$PATH" pf_apache -k start
pf_apache_wait_started >/dev/null 2>&1
pf_contains "$out" "done: systemctl stop pf-web-$$.service"
grep -q "^stop -- pf-web-$$.service" "$calls" || { cat "$calls"; pf_fail "the stand-in was not asked to stop the unit"; }
grep -q "state=done kind=unit op=stop subject=pf-web-$$.service" "$journal" \
    || { cat "$journal"; pf_fail "the journal does not record the stop"; }
kill -0 "$held" 2>/dev/null && pf_fail "the unit's process still runs"
pf_pass "a proven system unit named in the allow list: stopped by the module, journalled"
