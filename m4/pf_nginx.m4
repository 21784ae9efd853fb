dnl PF_CHECK_NGINX: finds an nginx source tree for mod_nginx/.
dnl
dnl   --with-nginx-src=DIR   build ngx_preflight_module against DIR (a
dnl                          Debian nginx-dev tree with conf_flags, or a
dnl                          plain nginx source tree)
dnl   --without-nginx-src    do not build the nginx module
dnl
dnl With neither, /usr/share/nginx/src (Debian nginx-dev) is used when it
dnl exists.  The module is linked into nginx itself, so it is not built in
dnl sanitizer or fuzzing builds (nginx does not load ASan code) nor when
dnl cross-compiling.
dnl
dnl Substitutes NGINX_SRC, NGINX_BIN (for the integration tests),
dnl nginxmoddir and nginxconfdir (for make install, under --prefix:
dnl --with-nginx-moddir, default ${libdir}/nginx/modules, and
dnl --with-nginx-confdir, default ${datadir}/nginx/modules-available;
dnl Debian's layout is --prefix=/usr).  Sets pf_nginx_summary: built or
dnl not, and why not.
AC_DEFUN([PF_CHECK_NGINX], [
  AC_ARG_WITH([nginx-src],
    [AS_HELP_STRING([--with-nginx-src=DIR],
      [nginx source tree to build ngx_preflight_module against (default: /usr/share/nginx/src when present)])],
    [], [with_nginx_src=check])
  AC_ARG_WITH([nginx-moddir],
    [AS_HELP_STRING([--with-nginx-moddir=DIR],
      [install ngx_preflight_module.so here (default: LIBDIR/nginx/modules)])],
    [nginxmoddir=$withval], [nginxmoddir='${libdir}/nginx/modules'])
  AC_ARG_WITH([nginx-confdir],
    [AS_HELP_STRING([--with-nginx-confdir=DIR],
      [install the load_module snippet mod-preflight.conf here (default: DATADIR/nginx/modules-available)])],
    [nginxconfdir=$withval], [nginxconfdir='${datadir}/nginx/modules-available'])
  AC_SUBST([nginxmoddir])
  AC_SUBST([nginxconfdir])

  NGINX_SRC=
  pf_nginx_summary=
  AS_CASE([$with_nginx_src],
    [no], [pf_nginx_summary="no (--without-nginx-src)"],
    [yes|check], [AS_IF([test -f /usr/share/nginx/src/src/core/nginx.h],
                        [NGINX_SRC=/usr/share/nginx/src],
                        [pf_nginx_summary="no (no nginx source tree: install nginx-dev, or --with-nginx-src=DIR)"])],
    [NGINX_SRC=$with_nginx_src])

  AS_IF([test -n "$NGINX_SRC"], [
    AS_IF([test -f "$NGINX_SRC/src/core/nginx.h" &&
           { test -f "$NGINX_SRC/configure" || test -f "$NGINX_SRC/auto/configure"; }],
      [NGINX_SRC=`cd "$NGINX_SRC" && pwd`],
      [AC_MSG_ERROR([--with-nginx-src=$NGINX_SRC: not an nginx source tree (no src/core/nginx.h and configure)])])
  ], [
    AS_IF([test "x$with_nginx_src" = xyes],
      [AC_MSG_ERROR([no nginx source tree found: install nginx-dev or give --with-nginx-src=DIR])])
  ])

  AS_IF([test -n "$NGINX_SRC"], [
    pf_nginx_why=""
    AS_IF([test "x$pf_windows" = xyes || test "x$cross_compiling" = xyes],
          [pf_nginx_why="cross-compiling"])
    AS_IF([test "x$enable_sanitizers" = xyes], [pf_nginx_why="sanitizer build"])
    AS_IF([test "x$enable_fuzz" = xyes], [pf_nginx_why="fuzzing build"])
    AS_IF([test -n "$pf_nginx_why"], [
      AC_MSG_NOTICE([not building the nginx module: $pf_nginx_why])
      pf_nginx_summary="no ($pf_nginx_why: nginx could not load it)"
      NGINX_SRC=
    ])
  ])

  AS_IF([test -n "$NGINX_SRC"], [
    AC_PATH_PROG([NGINX_BIN], [nginx], [], [$PATH:/usr/sbin:/usr/local/sbin])
    AC_PATH_PROG([PF_BASH], [bash])
    AS_IF([test -z "$PF_BASH"], [AC_MSG_ERROR([bash is needed to configure the nginx module])])
    pf_nginx_summary="yes ($NGINX_SRC)"
  ])
  AC_MSG_CHECKING([for an nginx source tree])
  AC_MSG_RESULT([${NGINX_SRC:-no}])

  AC_SUBST([NGINX_SRC])
  AC_SUBST([NGINX_BIN])
  AM_CONDITIONAL([PF_HAVE_NGINX_SRC], [test -n "$NGINX_SRC"])
])
