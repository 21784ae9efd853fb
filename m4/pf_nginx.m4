dnl PF_CHECK_NGINX: finds an nginx source tree for mod_nginx/ (owned by the nginx module work).
AC_DEFUN([PF_CHECK_NGINX], [
  AM_CONDITIONAL([PF_HAVE_NGINX_SRC], [false])
])
