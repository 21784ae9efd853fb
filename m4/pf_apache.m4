dnl PF_CHECK_APACHE: finds apxs (apache2-dev, httpd-devel) for mod_apache/.
dnl
dnl   --with-apxs          search PATH and the usual places (the default)
dnl   --with-apxs=PATH     use this apxs; an error when it does not work
dnl   --without-apxs       do not build mod_preflight
dnl
dnl Sets PF_HAVE_APXS, and substitutes APXS, APXS_CPPFLAGS (the Apache and
dnl APR headers and APR's defines: they change struct layouts, so the module
dnl must be built with them), APXS_LDFLAGS, APXS_LIBEXECDIR,
dnl APXS_SYSCONFDIR and APXS_HTTPD (the server binary, for the tests).
dnl Sets pf_apache_summary: built or not, and why not.
dnl
dnl make install puts the module under --prefix, never in apxs's own
dnl directories: apachemoddir (--with-apache-moddir, default
dnl ${libdir}/apache2/modules) and apacheconfdir (--with-apache-confdir,
dnl default ${sysconfdir}/apache2/mods-available).  Debian's layout is
dnl --prefix=/usr --sysconfdir=/etc.
AC_DEFUN([PF_CHECK_APACHE], [
  AC_ARG_WITH([apxs],
    [AS_HELP_STRING([--with-apxs@<:@=PATH@:>@],
      [build mod_preflight for Apache httpd 2.4 with this apxs (default: search)])],
    [], [with_apxs=check])

  AC_ARG_WITH([apache-moddir],
    [AS_HELP_STRING([--with-apache-moddir=DIR],
      [install mod_preflight.so here (default: LIBDIR/apache2/modules)])],
    [apachemoddir=$withval], [apachemoddir='${libdir}/apache2/modules'])
  AC_ARG_WITH([apache-confdir],
    [AS_HELP_STRING([--with-apache-confdir=DIR],
      [install preflight.load and preflight.conf here (default: SYSCONFDIR/apache2/mods-available)])],
    [apacheconfdir=$withval], [apacheconfdir='${sysconfdir}/apache2/mods-available'])
  AC_SUBST([apachemoddir])
  AC_SUBST([apacheconfdir])

  APXS=""
  pf_apache_summary=""
  pf_apxs_wanted=$with_apxs
  dnl the module of a cross build, or of an instrumented build, cannot be
  dnl loaded by this machine's httpd: built only when asked for
  AS_IF([test "x$with_apxs" = xcheck && test "x$cross_compiling" = xyes],
    [pf_apxs_wanted=no
     pf_apache_summary="no (cross-compiling; --with-apxs=PATH forces it)"])
  AS_IF([test "x$with_apxs" = xcheck && test "x$enable_sanitizers" = xyes],
    [pf_apxs_wanted=no
     pf_apache_summary="no (sanitizer build: httpd cannot load it; --with-apxs forces it)"
     AC_MSG_NOTICE([sanitizers on: mod_preflight not built (--with-apxs forces it)])])
  AS_IF([test "x$with_apxs" = xno],
    [pf_apache_summary="no (--without-apxs)"])

  AS_CASE([$pf_apxs_wanted],
    [no], [],
    [yes|check], [AC_PATH_PROGS([APXS], [apxs apxs2], [],
                    [$PATH:/usr/bin:/usr/sbin:/usr/local/apache2/bin])],
    [APXS=$pf_apxs_wanted])

  AS_IF([test -n "$APXS"], [_PF_APXS_QUERY],
    [AS_IF([test -z "$pf_apache_summary"],
      [pf_apache_summary="no (no apxs found: install apache2-dev, or --with-apxs=PATH)"])])
  AS_IF([test -n "$APXS"],
    [pf_apache_summary="yes ($APXS)"])

  AS_IF([test -z "$APXS" && test "x$with_apxs" != xcheck && test "x$with_apxs" != xno],
    [AC_MSG_ERROR([--with-apxs: no working apxs (install apache2-dev or httpd-devel)])])

  AC_SUBST([APXS])
  AC_SUBST([APXS_CPPFLAGS])
  AC_SUBST([APXS_LDFLAGS])
  AC_SUBST([APXS_LIBEXECDIR])
  AC_SUBST([APXS_SYSCONFDIR])
  AC_SUBST([APXS_HTTPD])
  AM_CONDITIONAL([PF_HAVE_APXS], [test -n "$APXS"])
])

dnl Asks apxs, and the apr-1-config it names, how modules are built here;
dnl clears APXS when the answers do not compile a module.
AC_DEFUN([_PF_APXS_QUERY], [
  pf_apxs_inc=`"$APXS" -q INCLUDEDIR 2>/dev/null`
  pf_apr_config=`"$APXS" -q APR_CONFIG 2>/dev/null`
  AS_IF([test -n "$pf_apr_config" && test -x "$pf_apr_config"],
    [pf_apr_flags=`"$pf_apr_config" --cppflags --includes 2>/dev/null`],
    [pf_apr_flags="`"$APXS" -q EXTRA_CPPFLAGS 2>/dev/null` -I`"$APXS" -q APR_INCLUDEDIR 2>/dev/null`"])
  dnl -isystem: warnings are for our code, not for the server's headers
  APXS_CPPFLAGS=`echo "-I$pf_apxs_inc $pf_apr_flags" | $SED 's/-I/-isystem /g'`
  APXS_LIBEXECDIR=`"$APXS" -q LIBEXECDIR 2>/dev/null`
  APXS_SYSCONFDIR=`"$APXS" -q SYSCONFDIR 2>/dev/null`
  APXS_HTTPD="`"$APXS" -q SBINDIR 2>/dev/null`/`"$APXS" -q TARGET 2>/dev/null`"

  AC_MSG_CHECKING([whether an Apache module compiles with $APXS])
  pf_save_CPPFLAGS=$CPPFLAGS
  CPPFLAGS="$CPPFLAGS $APXS_CPPFLAGS"
  AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
#include <httpd.h>
#include <http_config.h>
#include <ap_listen.h>
#if !AP_MODULE_MAGIC_AT_LEAST(20120211, 0)
#error "Apache httpd 2.4 or later is needed"
#endif
]], [[ap_listen_rec *lr = ap_listeners; return lr != NULL;]])],
    [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no])
     pf_apache_summary="no ($APXS does not compile an httpd 2.4 module, see config.log)"
     APXS=""])
  CPPFLAGS=$pf_save_CPPFLAGS

  dnl the core is linked in statically: keep its symbols out of the
  dnl server's namespace (GNU ld), only preflight_module is exported
  APXS_LDFLAGS="-shared"
  AC_MSG_CHECKING([whether the linker hides a static library's symbols])
  pf_save_LDFLAGS=$LDFLAGS
  LDFLAGS="$LDFLAGS -Wl,--exclude-libs,ALL"
  AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
    [AC_MSG_RESULT([yes])
     APXS_LDFLAGS="$APXS_LDFLAGS -Wl,--exclude-libs,ALL"],
    [AC_MSG_RESULT([no])])
  LDFLAGS=$pf_save_LDFLAGS
])
