dnl PF_CHECK_WINE: how the .exe tests run when cross-building for Windows.
dnl Finds wine (Debian's wine64 installs /usr/bin/wine); sets WINE and the
dnl conditional PF_HAVE_WINE.  tests/win/wine-run.sh runs each test .exe
dnl through it in a prefix of the build tree.
AC_DEFUN([PF_CHECK_WINE], [
  AC_ARG_VAR([WINE], [the Wine loader that runs the Windows tests])
  pf_have_wine=no
  AS_IF([test "x$pf_windows" = xyes && test "x$cross_compiling" = xyes], [
    AC_PATH_PROGS([WINE], [wine wine64], [], [$PATH:/usr/lib/wine])
    AS_IF([test -n "$WINE"], [pf_have_wine=yes],
      [AC_MSG_WARN([no Wine: the Windows tests are built but not run])])
  ])
  AM_CONDITIONAL([PF_HAVE_WINE], [test "x$pf_have_wine" = xyes])
])

dnl PF_CHECK_CUNIT_MINGW: CUnit for the Windows build.  Debian has none:
dnl tools/deps-debian.sh test cross-builds it from Debian's source package
dnl (tools/build-cunit-mingw.sh) into /usr/local/HOST.  configure only
dnl looks: --with-cunit-prefix=DIR names another one, --without-cunit-prefix
dnl builds no unit tests.  Nothing is fetched or built here.
dnl Sets have_cunit, pf_cunit_why, CUNIT_CFLAGS and CUNIT_LIBS.
AC_DEFUN([PF_CHECK_CUNIT_MINGW], [
  AC_ARG_WITH([cunit-prefix],
    [AS_HELP_STRING([--with-cunit-prefix=DIR],
      [CUnit built for the Windows host (default: /usr/local/HOST, where tools/deps-debian.sh test puts it)])],
    [], [with_cunit_prefix=auto])
  have_cunit=no
  pf_cunit_why=
  pf_cunit_host=${host_alias:-$host}
  AS_CASE([$with_cunit_prefix],
    [no], [pf_cunit_why="--without-cunit-prefix"],
    [auto], [with_cunit_prefix=/usr/local/$pf_cunit_host])
  AC_MSG_CHECKING([for CUnit built for $pf_cunit_host])
  AS_IF([test "x$with_cunit_prefix" != xno && test -f "$with_cunit_prefix/lib/libcunit.a" \
         && test -f "$with_cunit_prefix/include/CUnit/Basic.h"], [
    have_cunit=yes
    CUNIT_CFLAGS="-I$with_cunit_prefix/include"
    CUNIT_LIBS="$with_cunit_prefix/lib/libcunit.a"
  ], [
    AS_IF([test -z "$pf_cunit_why"],
      [pf_cunit_why="none in $with_cunit_prefix: sh tools/build-cunit-mingw.sh $with_cunit_prefix $pf_cunit_host (tools/deps-debian.sh test does it)"])
  ])
  AC_MSG_RESULT([$have_cunit])
])
