/* `preflight run`: the server and its configuration read from a launcher's
 * command line, and Windows command-line quoting. */
#include "pf_test.h"

static pf_pool_t      *pool;
static pf_run_server_t srv;
static pf_error_t      err;

static int
detect(int argc, const char **argv)
{
    pf_pool_destroy(pool);
    pool = pf_pool_create();
    memset(&err, 0, sizeof(err));
    return pf_run_detect(pool, argc, (char *const *) argv, &srv, &err);
}

static void
test_debian_apache2_defaults(void)
{
    const char *argv[] = { "/usr/sbin/apache2", "-k", "start", NULL };

    PF_ASSERT_EQ(detect(3, argv), PF_OK);
    PF_ASSERT_EQ(srv.server, PF_SERVER_APACHE);
    PF_ASSERT_STR(srv.conf_path, "/etc/apache2/apache2.conf");
    PF_ASSERT_STR(srv.server_root, "/etc/apache2");
}

static void
test_apache_f_relative_to_d(void)
{
    const char *argv[] = { "httpd", "-d", "/srv/www", "-f", "conf/my.conf",
                           "-DSSL", "-D", "FOREGROUND", NULL };

    PF_ASSERT_EQ(detect(8, argv), PF_OK);
    PF_ASSERT_EQ(srv.server, PF_SERVER_APACHE);
    PF_ASSERT_STR(srv.conf_path, "/srv/www/conf/my.conf");
    PF_ASSERT_SIZE_EQ_FATAL(srv.defines.nelts, 2);
    PF_ASSERT_STR(PF_ARRAY_AT(&srv.defines, const char *, 0), "SSL");
    PF_ASSERT_STR(PF_ARRAY_AT(&srv.defines, const char *, 1), "FOREGROUND");
}

static void
test_apache_absolute_f(void)
{
    const char *argv[] = { "/usr/sbin/apache2", "-f", "/tmp/x/httpd.conf",
                           NULL };

    PF_ASSERT_EQ(detect(3, argv), PF_OK);
    PF_ASSERT_STR(srv.conf_path, "/tmp/x/httpd.conf");
}

static void
test_xampp_httpd_exe(void)
{
    const char *argv[] = { "C:\\xampp\\apache\\bin\\httpd.exe", NULL };

    PF_ASSERT_EQ(detect(1, argv), PF_OK);
    PF_ASSERT_EQ(srv.server, PF_SERVER_APACHE);
    PF_ASSERT_STR(srv.server_root, "C:\\xampp\\apache");
    PF_ASSERT_STR(srv.conf_path, "C:\\xampp\\apache\\conf/httpd.conf");
}

static void
test_httpd_without_directory_needs_config(void)
{
    const char *argv[] = { "httpd", NULL };

    PF_ASSERT_EQ(detect(1, argv), PF_OK);
    PF_ASSERT_EQ(srv.server, PF_SERVER_APACHE);
    PF_ASSERT_NULL(srv.conf_path);
}

static void
test_debian_nginx_defaults(void)
{
    const char *argv[] = { "/usr/sbin/nginx", "-g", "daemon off;", NULL };

    PF_ASSERT_EQ(detect(3, argv), PF_OK);
    PF_ASSERT_EQ(srv.server, PF_SERVER_NGINX);
    PF_ASSERT_STR(srv.conf_path, "/etc/nginx/nginx.conf");
}

static void
test_nginx_c_relative_to_p(void)
{
    const char *argv[] = { "nginx", "-p", "/srv/ngx/", "-c", "my.conf",
                           NULL };

    PF_ASSERT_EQ(detect(5, argv), PF_OK);
    PF_ASSERT_STR(srv.prefix, "/srv/ngx/");
    PF_ASSERT_STR(srv.conf_path, "/srv/ngx/my.conf");
}

static void
test_nginx_source_build(void)
{
    const char *argv[] = { "/usr/local/nginx/sbin/nginx", NULL };

    PF_ASSERT_EQ(detect(1, argv), PF_OK);
    PF_ASSERT_STR(srv.conf_path, "/usr/local/nginx/conf/nginx.conf");
}

static void
test_nginx_exe(void)
{
    const char *argv[] = { "C:\\nginx\\nginx.EXE", NULL };

    PF_ASSERT_EQ(detect(1, argv), PF_OK);
    PF_ASSERT_EQ(srv.server, PF_SERVER_NGINX);
    PF_ASSERT_STR(srv.prefix, ".");
    PF_ASSERT_STR(srv.conf_path, "./conf/nginx.conf");
}

static void
test_unknown_command(void)
{
    const char *argv[] = { "/usr/bin/python3", "-m", "http.server", NULL };

    PF_ASSERT_EQ(detect(3, argv), PF_OK);
    PF_ASSERT_EQ(srv.server, PF_SERVER_ANY);
    PF_ASSERT_NULL(srv.conf_path);
}

static void
test_option_without_value(void)
{
    const char *argv[] = { "nginx", "-c", NULL };

    PF_ASSERT_EQ(detect(2, argv), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "-c");
}

static const char *
quoted(const char *arg)
{
    static char out[256];
    pf_buf_t    b;

    pf_buf_init(&b);
    pf_run_quote_arg(&b, arg);
    snprintf(out, sizeof(out), "%.*s", (int) b.len, b.data ? b.data : "");
    pf_buf_free(&b);
    return out;
}

static void
test_quote_plain(void)
{
    PF_ASSERT_STR(quoted("httpd.exe"), "httpd.exe");
    PF_ASSERT_STR(quoted("C:\\a\\b"), "C:\\a\\b");
}

static void
test_quote_spaces_and_empty(void)
{
    PF_ASSERT_STR(quoted("C:\\Program Files\\x"),
                  "\"C:\\Program Files\\x\"");
    PF_ASSERT_STR(quoted(""), "\"\"");
}

static void
test_quote_quotes_and_backslashes(void)
{
    PF_ASSERT_STR(quoted("a\"b"), "\"a\\\"b\"");
    PF_ASSERT_STR(quoted("dir with space\\"), "\"dir with space\\\\\"");
    PF_ASSERT_STR(quoted("x\\\"y"), "\"x\\\\\\\"y\"");
}

static CU_TestInfo detect_tests[] = {
    { "Debian apache2 reads /etc/apache2/apache2.conf",
      test_debian_apache2_defaults },
    { "-f relative to -d, -D collected", test_apache_f_relative_to_d },
    { "absolute -f", test_apache_absolute_f },
    { "XAMPP httpd.exe: ServerRoot above bin", test_xampp_httpd_exe },
    { "bare httpd: no configuration known",
      test_httpd_without_directory_needs_config },
    { "Debian nginx reads /etc/nginx/nginx.conf", test_debian_nginx_defaults },
    { "-c relative to -p", test_nginx_c_relative_to_p },
    { "source build: prefix above sbin", test_nginx_source_build },
    { "nginx.exe: prefix is the current directory", test_nginx_exe },
    { "unknown command", test_unknown_command },
    { "option without value", test_option_without_value },
    CU_TEST_INFO_NULL
};

static CU_TestInfo quote_tests[] = {
    { "plain arguments unchanged", test_quote_plain },
    { "spaces and empty quoted", test_quote_spaces_and_empty },
    { "quotes and backslashes escaped", test_quote_quotes_and_backslashes },
    CU_TEST_INFO_NULL
};

static int
cleanup(void)
{
    pf_pool_destroy(pool);
    pool = NULL;
    return 0;
}

static CU_SuiteInfo suites[] = {
    { "run: server detection", NULL, cleanup, NULL, NULL, detect_tests },
    { "run: Windows quoting", NULL, NULL, NULL, NULL, quote_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
