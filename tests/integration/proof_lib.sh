# Sourced after lib.sh by the tests of issue 16 (proof of possession):
# cgroups as systemd delegates them under a slice of this test's own
# ($base), a throwaway user ($tag, uid $uid) that owns its subtree, and a
# stand-in `systemctl` first in PATH ($PF_TMP/bin) that answers `show` as
# systemd would for the system units the test declares (unit NAME CGROUP
# MAINPID [USER]), stops a unit by killing its main process, and logs
# every call to $calls.  Everything is removed on exit.

[ "$(id -u)" -eq 0 ] || pf_skip "needs root (cgroups, a throwaway user)"
[ -d /run/systemd/system ] && pf_skip "systemd runs here: the stand-in systemctl would not be asked"
command -v useradd >/dev/null 2>&1 || pf_skip "no useradd"
command -v setpriv >/dev/null 2>&1 || pf_skip "no setpriv"

tag="pfh16a$$"
base=""
for _root in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do
    [ -w "$_root/cgroup.procs" ] || continue
    mkdir "$_root/$tag.slice" 2>/dev/null && { base="$_root/$tag.slice"; break; }
done
[ -n "$base" ] || pf_skip "no writable cgroup hierarchy"

useradd -M -N -s /usr/sbin/nologin "$tag" >/dev/null 2>&1 || pf_skip "cannot create a user"
uid=$(id -u "$tag")

cleanup_proof() {
    # every process this test put in its cgroups, then the cgroups
    for p in $(cat $(find "$base" -name cgroup.procs) 2>/dev/null); do
        kill "$p" 2>/dev/null
    done
    sleep 0.3
    find "$base" -depth -type d -exec rmdir {} \; 2>/dev/null
    userdel "$tag" >/dev/null 2>&1
}
pf_on_exit cleanup_proof

# the user reaches its files and the holder (PF_TMP is 0700)
chmod 711 "$PF_TMP"
mkdir -p "$PF_TMP/bin" "$PF_TMP/units" "$PF_TMP/u"
chmod 777 "$PF_TMP/u"
cp "$top_builddir/tests/integration/pf-hold-port" "$PF_TMP/u/pf-hold-port"
chmod 755 "$PF_TMP/u/pf-hold-port"
calls="$PF_TMP/calls"
: >"$calls"

# The stand-in systemctl: `show -- UNIT` prints $PF_TMP/units/UNIT (as
# systemd would for a system unit it knows); `stop -- UNIT` kills the
# unit's main process and waits for it; every call is logged; is-active
# says active, is-enabled static.
cat >"$PF_TMP/bin/systemctl" <<EOF
#!/bin/sh
echo "\$*" >>"$calls"
verb=\$1; shift
while [ "\${1#-}" != "\$1" ]; do shift; done
f="$PF_TMP/units/\$1"
[ -f "\$f" ] || { echo "Unit \$1 could not be found." >&2; exit 1; }
case \$verb in
    show) cat "\$f" ;;
    is-active) echo active ;;
    is-enabled) echo static ;;
    stop) pid=\$(sed -n 's/^MainPID=//p' "\$f")
          [ "\$pid" -gt 1 ] && kill "\$pid"
          for _ in \$(seq 1 50); do kill -0 "\$pid" 2>/dev/null || break; sleep 0.1; done ;;
    *) exit 1 ;;
esac
EOF
chmod +x "$PF_TMP/bin/systemctl"
pf() { PATH="$PF_TMP/bin:$PATH" PREFLIGHT_STATE_DIR="$PF_TMP/state" "$PREFLIGHT" "$@"; }

# unit NAME CGROUPDIR MAINPID [USER]: a system unit the stand-in knows
unit() {
    printf 'Id=%s\nControlGroup=%s\nMainPID=%s\nUser=%s\n' "$1" \
        "$(pf_cgroup_rel "$2")" "$3" "${4:-}" >"$PF_TMP/units/$1"
}

# hold AS CGROUPDIR PORT [EXE]: a holder as user AS (root or the test's
# user), put in CGROUPDIR before it runs; its PID in $held
hold() {
    _out="$PF_TMP/u/hold.$3.out"
    : >"$_out"; chmod 666 "$_out"
    if [ "$1" = root ]; then
        sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$2" \
            "${4:-$PF_TMP/u/pf-hold-port}" 127.0.0.1 "$3" >"$_out" 2>&1 &
    else
        sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec setpriv --reuid="$0" --regid=65534 --clear-groups "$@"' \
            "$uid" "$2" "${4:-$PF_TMP/u/pf-hold-port}" 127.0.0.1 "$3" >"$_out" 2>&1 &
    fi
    held=$!
    pf_track "$held"
    for _ in $(seq 1 100); do
        grep -q ready "$_out" 2>/dev/null && return 0
        sleep 0.05
    done
    cat "$_out"
    pf_fail "holder on $3 did not start"
}

no_change() {
    if grep -Ev '^show ' "$calls" | grep -q .; then
        echo "--- calls:"; cat "$calls"; pf_fail "$1: systemctl was asked to change a unit"
    fi
    [ -e "$PF_TMP/state/journal" ] && { cat "$PF_TMP/state/journal"; pf_fail "$1: a journal was written"; }
    return 0
}

