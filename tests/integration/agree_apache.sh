#!/bin/sh
# Agree with the server: every listen set of tests/agree/apache.cases is
# run in a network namespace of its own, with its holder, through
# `preflight check --apache` and through the real apache2; preflight's
# exit status must say what apache2 did (0: it starts; 1: it does not).
# Then apache2 again with mod_preflight loaded: the module must log a
# conflict (PF00001) exactly when httpd then fails to bind (AH00072).
. "$top_srcdir/tests/integration/lib.sh"

command -v apache2 >/dev/null || pf_skip "no apache2"
mods=/usr/lib/apache2/modules
[ -f "$mods/mod_mpm_event.so" ] || pf_skip "no Debian apache2 modules in $mods"
. "$top_srcdir/tests/integration/agree_lib.sh"
AGREE_STOP=TERM
so="$top_builddir/mod_apache/mod_preflight.so"

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
    agree_run "$dir" "$hold" "$PREFLIGHT" "--apache=$dir/httpd.conf" \
        "$dir/httpd.pid" apache2 -f "$dir/httpd.conf" -D FOREGROUND
    agree_verdict "$name" apache2 \
        || cat "$dir/server.out" "$dir/error.log" 2>/dev/null \
           | grep -v AH02155 | head -5 | sed 's/^/    apache2: /'
    [ -f "$so" ] || continue
    { cat "$dir/httpd.conf"; echo "LoadModule preflight_module $so"; } \
        >"$dir/httpd-mod.conf"
    rm -f "$dir/error.log"
    agree_run "$dir" "$hold" - - "$dir/httpd.pid" \
        apache2 -f "$dir/httpd-mod.conf" -D FOREGROUND
    log=$(cat "$dir/server.out" "$dir/error.log" 2>/dev/null)
    case $log in *AH00526*) continue ;; esac   # refused before any module
    said=no
    case $log in *PF00001*) said=yes ;; esac
    agree_module_verdict "$name" "$said" \
        || echo "$log" | grep -v AH02155 | head -8 | sed 's/^/    apache2: /'
done <"$top_srcdir/tests/agree/apache.cases"

agree_finish apache2
