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
dnl NGINX_MODULES_DIR and NGINX_MODCONF_DIR (for make install).
AC_DEFUN([PF_CHECK_NGINX], [
  AC_ARG_WITH([nginx-src],
    [AS_HELP_STRING([--with-nginx-src=DIR],
      [nginx source tree to build ngx_preflight_module against (default: /usr/share/nginx/src when present)])],
    [], [with_nginx_src=check])
  AC_ARG_VAR([NGINX_MODULES_DIR], [where make install puts ngx_preflight_module.so (default: the tree's --modules-path, else /usr/lib/nginx/modules)])
  AC_ARG_VAR([NGINX_MODCONF_DIR], [where make install puts mod-preflight.conf (default: /usr/share/nginx/modules-available)])

  NGINX_SRC=
  AS_CASE([$with_nginx_src],
    [no], [],
    [yes|check], [AS_IF([test -f /usr/share/nginx/src/src/core/nginx.h],
                        [NGINX_SRC=/usr/share/nginx/src])],
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
      NGINX_SRC=
    ])
  ])

  AS_IF([test -n "$NGINX_SRC"], [
    AC_PATH_PROG([NGINX_BIN], [nginx], [], [$PATH:/usr/sbin:/usr/local/sbin])
    AC_PATH_PROG([PF_BASH], [bash])
    AS_IF([test -z "$PF_BASH"], [AC_MSG_ERROR([bash is needed to configure the nginx module])])
    AS_IF([test -z "$NGINX_MODULES_DIR"], [
      NGINX_MODULES_DIR=`sed -n 's/.*--modules-path=\([[^ )]]*\).*/\1/p' "$NGINX_SRC/conf_flags" 2>/dev/null`
      AS_IF([test -z "$NGINX_MODULES_DIR"], [NGINX_MODULES_DIR=/usr/lib/nginx/modules])
    ])
    AS_IF([test -z "$NGINX_MODCONF_DIR"],
          [NGINX_MODCONF_DIR=/usr/share/nginx/modules-available])
  ])
  AC_MSG_CHECKING([for an nginx source tree])
  AC_MSG_RESULT([${NGINX_SRC:-no}])

  AC_SUBST([NGINX_SRC])
  AC_SUBST([NGINX_BIN])
  AC_SUBST([NGINX_MODULES_DIR])
  AC_SUBST([NGINX_MODCONF_DIR])
  AM_CONDITIONAL([PF_HAVE_NGINX_SRC], [test -n "$NGINX_SRC"])
])
