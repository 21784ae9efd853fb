/*
 * preflight's version.  configure.ac's AC_INIT is its one source: this
 * is PACKAGE_VERSION from the config.h configure writes, and
 * tools/check-version.sh (make check) fails when debian/changelog or a
 * man page says another.  For code inside the tree; hosts outside it ask
 * pf_version().
 */
#ifndef PF_VERSION_H
#define PF_VERSION_H

/* config.h comes first in a source file (on Windows it sets
 * _WIN32_WINNT before any system header). */
#ifndef PACKAGE_VERSION
#error "include config.h first: PACKAGE_VERSION is configure's"
#endif

#define PF_VERSION  PACKAGE_VERSION

#endif
