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

dnl PF_CHECK_CUNIT_MINGW: CUnit for the Windows build.  Debian has none,
dnl so tools/build-cunit-mingw.sh cross-builds it from the Debian source
dnl into the build tree (cunit-mingw/), or --with-cunit-prefix=DIR names
dnl one built before; --without-cunit-prefix builds no unit tests.
dnl Sets have_cunit, CUNIT_CFLAGS and CUNIT_LIBS.
AC_DEFUN([PF_CHECK_CUNIT_MINGW], [
  AC_ARG_WITH([cunit-prefix],
    [AS_HELP_STRING([--with-cunit-prefix=DIR],
      [CUnit built for the Windows host (default: build it with tools/build-cunit-mingw.sh into BUILDDIR/cunit-mingw)])],
    [], [with_cunit_prefix=auto])
  have_cunit=no
  AS_CASE([$with_cunit_prefix],
    [no], [],
    [auto], [
      with_cunit_prefix="$ac_pwd/cunit-mingw"
      AS_IF([test ! -f "$with_cunit_prefix/lib/libcunit.a"], [
        AC_MSG_NOTICE([building CUnit for $host with tools/build-cunit-mingw.sh])
        AS_IF([sh "$srcdir/tools/build-cunit-mingw.sh" "$with_cunit_prefix" "$host_alias" >&AS_MESSAGE_LOG_FD 2>&1], [],
          [AC_MSG_WARN([could not build CUnit for $host (see config.log): no unit tests])])
      ])
    ])
  AC_MSG_CHECKING([for CUnit built for $host])
  AS_IF([test "x$with_cunit_prefix" != xno && test -f "$with_cunit_prefix/lib/libcunit.a" \
         && test -f "$with_cunit_prefix/include/CUnit/Basic.h"], [
    have_cunit=yes
    CUNIT_CFLAGS="-I$with_cunit_prefix/include"
    CUNIT_LIBS="$with_cunit_prefix/lib/libcunit.a"
  ])
  AC_MSG_RESULT([$have_cunit])
])
