#!/bin/sh
# Installs or uninstalls a configuration file the administrator may edit
# (make install, make uninstall), as a package manager keeps a conffile:
#   install-conf.sh install 'INSTALL_DATA' SRC DEST
#       DEST missing or the same as SRC: SRC is installed as DEST.
#       DEST edited: DEST stays, SRC is installed beside it as DEST.dist.
#   install-conf.sh uninstall SRC DEST
#       DEST.dist goes; DEST goes when it is still the same as SRC, and
#       stays (with a note) when it was edited.
#   install-conf.sh rmdirs TOP DIR...
#       after make uninstall: removes each DIR and then its parents while
#       they are empty, up to TOP ($(DESTDIR)$(prefix)) and never above.
set -eu

case ${1:-} in
install)
    install_data=$2; src=$3; dest=$4
    if [ -f "$dest" ] && ! cmp -s "$src" "$dest"; then
        $install_data "$src" "$dest.dist"
        echo "$dest was edited: kept; the new one is $dest.dist"
    else
        $install_data "$src" "$dest"
        rm -f "$dest.dist"
    fi
    ;;
uninstall)
    src=$2; dest=$3
    rm -f "$dest.dist"
    if [ -f "$dest" ] && ! cmp -s "$src" "$dest"; then
        echo "$dest was edited: kept"
    else
        rm -f "$dest"
    fi
    ;;
rmdirs)
    top=${2%/}; shift 2
    for dir in "$@"; do
        dir=${dir%/}
        while [ "$dir" != "$top" ] && [ -n "$dir" ]; do
            case $dir in "$top"/*) ;; *) break ;; esac
            rmdir "$dir" 2>/dev/null || break
            dir=${dir%/*}
        done
    done
    ;;
*)
    echo "usage: $0 install 'INSTALL_DATA' SRC DEST | uninstall SRC DEST | rmdirs TOP DIR..." >&2
    exit 2
    ;;
esac
