# A systemd service simulated on a machine without systemd, for the tests
# that take the real command through a remedy (remedy_unit_sim.sh,
# run_on_conflict_fix.sh): the test's own holder is put in a cgroup named
# like the service, so the facts say "unit NAME.service" exactly as on a
# systemd host, and a stand-in `systemctl` in $PF_TMP/bin (first in PATH
# for the command) answers for that unit and only it:
#   show ...     its cgroup, and the holder as its main process while it
#                runs: the proof of possession preflight asks for
#   is-active    active / inactive (exit 3, as systemctl)
#   is-enabled   static
#   stop         kills the holder, returns once the port is free
#   start        starts the holder again
# Every call is appended to $sim/calls.  Sourced after lib.sh.
#
# pf_unit_sim UNIT: sets sim, port and cg, starts the holder inside the
# unit's cgroup on 127.0.0.1:$port and waits until it listens; the holder
# and the cgroup go at exit.  Returns 1 when no cgroup hierarchy is
# writable (the caller skips).

pf_unit_sim() {
    pf_sim_unit=$1
    cg=$(pf_unit_cgroup "$pf_sim_unit")
    [ -n "$cg" ] || return 1
    sim="$PF_TMP/sim"
    mkdir -p "$sim" "$PF_TMP/bin"
    port=$(pf_free_port)
    pf_sim_holder="$top_builddir/tests/integration/pf-hold-port"

    # start the holder inside the unit's cgroup; its PID in $sim/pid
    cat >"$sim/start.sh" <<SH
#!/bin/sh
"$pf_sim_holder" 127.0.0.1 $port >"$sim/holder.out" 2>&1 &
echo \$! >"$sim/pid"
echo \$! >"$cg/cgroup.procs"
for _ in \$(seq 1 100); do grep -q ready "$sim/holder.out" && break; sleep 0.05; done
echo active >"$sim/state"
SH
    cat >"$PF_TMP/bin/systemctl" <<SH
#!/bin/sh
echo "\$*" >>"$sim/calls"
if [ "\$1" = show ]; then
    [ "\$4" = "$pf_sim_unit" ] || { echo "not the test's unit: \$4" >&2; exit 5; }
    echo "Id=$pf_sim_unit"
    echo "ControlGroup=$(pf_cgroup_rel "$cg")"
    if grep -q '^active' "$sim/state"; then echo "MainPID=\$(cat "$sim/pid")"; else echo MainPID=0; fi
    echo "User="
    exit 0
fi
verb=\$1; shift; [ "\$1" = -- ] && shift
[ "\$1" = "$pf_sim_unit" ] || { echo "not the test's unit: \$1" >&2; exit 5; }
case \$verb in
    is-active) cat "$sim/state"; grep -q '^active' "$sim/state" || exit 3 ;;
    is-enabled) echo static ;;
    stop) kill \$(cat "$sim/pid")
          # like systemctl, return once the unit's process has gone
          for _ in \$(seq 1 50); do
              ss -Hltn "sport = :$port" | grep -q . || break
              sleep 0.1
          done
          echo inactive >"$sim/state" ;;
    start) sh "$sim/start.sh" ;;
    *) exit 1 ;;
esac
SH
    chmod +x "$PF_TMP/bin/systemctl"
    pf_on_exit pf_unit_sim_stop
    sh "$sim/start.sh"
    pf_wait_listen "$port" || pf_fail "the holder does not listen on $port"
}

pf_unit_sim_stop() {
    [ -f "$sim/pid" ] && kill "$(cat "$sim/pid")" 2>/dev/null
    sleep 0.2
    rmdir "$cg" "$(dirname "$cg")" 2>/dev/null
    return 0
}
