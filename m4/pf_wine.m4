dnl PF_CHECK_WINE: how .exe tests run when cross-building for Windows (owned by the Windows work).
AC_DEFUN([PF_CHECK_WINE], [
  AM_CONDITIONAL([PF_HAVE_WINE], [false])
])
