dnl PF_CHECK_APACHE: finds apxs for mod_apache/ (owned by the Apache module work).
AC_DEFUN([PF_CHECK_APACHE], [
  AM_CONDITIONAL([PF_HAVE_APXS], [false])
])
