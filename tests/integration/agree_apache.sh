#!/bin/sh
# Agree with the server: every listen set of tests/agree/apache.cases is
# run in a network namespace of its own, with its holder, through
# `preflight check --apache` and through the real apache2; preflight's
# exit status must say what apache2 did (0: it starts; 1: it does not).
# Then apache2 again with mod_preflight loaded: the module must log a
# conflict (PF00001) exactly when httpd then fails to bind (AH00072).
. "$top_srcdir/tests/integration/lib.sh"

command -v apache2 >/dev/null || pf_skip "no apache2"
[ "$(id -u)" = 0 ] || pf_skip "needs root for network namespaces"
unshare -n true 2>/dev/null || pf_skip "cannot create a network namespace here"
mods=/usr/lib/apache2/modules
[ -f "$mods/mod_mpm_event.so" ] || pf_skip "no Debian apache2 modules in $mods"

cases="$top_srcdir/tests/agree/apache.cases"
holder="$top_builddir/tests/integration/pf-hold-port"

so="$top_builddir/mod_apache/mod_preflight.so"

# inner.sh DIR HOLDER HOLDER_BIN PREFLIGHT|- CONF: in the namespace, prints
# "EXIT STARTED" (EXIT "-" when preflight was not run)
cat >"$PF_TMP/inner.sh" <<'INNER'
dir=$1; holder_spec=$2; holder_bin=$3; preflight=$4; conf=$5
ip link set lo up
hp=
if [ "$holder_spec" != "-" ]; then
    $holder_bin $holder_spec >"$dir/holder.out" 2>&1 &
    hp=$!
    for _ in $(seq 1 100); do
        grep -q ready "$dir/holder.out" 2>/dev/null && break
        sleep 0.02
    done
fi
pf=-
if [ "$preflight" != - ]; then
    "$preflight" check --no-color --apache "$dir/httpd.conf" >"$dir/preflight.out" 2>&1
    pf=$?
fi
rm -f "$dir/httpd.pid" "$dir/error.log"
apache2 -f "$dir/$conf" -D FOREGROUND >"$dir/apache.out" 2>&1 &
ap=$!
started=no
for _ in $(seq 1 100); do
    kill -0 "$ap" 2>/dev/null || break
    if [ -s "$dir/httpd.pid" ]; then started=yes; break; fi
    sleep 0.05
done
kill "$ap" 2>/dev/null
wait "$ap" 2>/dev/null
[ -n "$hp" ] && kill "$hp" && wait "$hp" 2>/dev/null
echo "$pf $started"
INNER

agree=0; total=0; bad=""; modules=0
while IFS='|' read -r name listen hold; do
    name=$(echo "$name" | tr -d ' ')
    case $name in ''|'#'*) continue ;; esac
    hold=$(echo "$hold" | sed 's/^ *//; s/ *$//')
    dir="$PF_TMP/$name"
    mkdir -p "$dir"
    printf '%b\n' "$(echo "$listen" | sed 's/ *$//')" >"$dir/listen.conf"
    cat >"$dir/httpd.conf" <<CONF
ServerRoot /etc/apache2
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
PidFile $dir/httpd.pid
ErrorLog $dir/error.log
ServerName localhost
User nobody
Group nogroup
Include $dir/listen.conf
CONF
    set -- $(unshare -n sh "$PF_TMP/inner.sh" "$dir" "$hold" "$holder" \
        "$PREFLIGHT" httpd.conf)
    pf=$1; started=$2
    total=$((total + 1))
    if { [ "$pf" = 0 ] && [ "$started" = yes ]; } \
        || { [ "$pf" = 1 ] && [ "$started" = no ]; }; then
        agree=$((agree + 1))
        echo "ok - $name: preflight exit $pf, apache2 started: $started"
    else
        bad="$bad $name"
        echo "not ok - $name: preflight exit $pf, apache2 started: $started"
        sed 's/^/    preflight: /' "$dir/preflight.out"
        cat "$dir/apache.out" "$dir/error.log" 2>/dev/null | grep -v AH02155 \
            | head -5 | sed 's/^/    apache2: /'
    fi
    [ -f "$so" ] || continue
    { cat "$dir/httpd.conf"; echo "LoadModule preflight_module $so"; } \
        >"$dir/httpd-mod.conf"
    set -- $(unshare -n sh "$PF_TMP/inner.sh" "$dir" "$hold" "$holder" - \
        httpd-mod.conf)
    log=$(cat "$dir/apache.out" "$dir/error.log" 2>/dev/null)
    case $log in *AH00526*) continue ;; esac   # refused before any module
    said=no
    case $log in *PF00001*) said=yes ;; esac
    modules=$((modules + 1))
    if { [ "$2" = yes ] && [ "$said" = no ]; } \
        || { [ "$2" = no ] && [ "$said" = yes ]; }; then
        echo "ok - $name with mod_preflight: conflict logged: $said, started: $2"
    else
        bad="$bad $name(module)"
        echo "not ok - $name with mod_preflight: conflict logged: $said, started: $2"
        echo "$log" | grep -v AH02155 | head -8 | sed 's/^/    apache2: /'
    fi
done <"$cases"
echo "# mod_preflight agreed with apache2 on the sets it was loaded for: $modules"

echo "# agreement with apache2: $agree of $total listen sets"
[ "$total" -gt 0 ] || pf_fail "no case was read from $cases"
[ -z "$bad" ] || pf_fail "preflight disagrees with apache2 on:$bad"
pf_pass "preflight agrees with apache2 on all $total listen sets"
