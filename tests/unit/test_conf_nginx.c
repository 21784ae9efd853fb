/* The nginx configuration parser. */
#include "pf_conf_test.h"
#include "pf_platform.h"

static int
ngx_opts(const char *text, const pf_conf_options_t *o)
{
    pf_conf_text_t conf = { "nginx.conf", NULL, 0 };

    fresh();
    conf.text = text;
    conf.len = strlen(text);
    return pf_conf_nginx_text(pool, &conf, o, &out, &err);
}

static int
ngx(const char *text)
{
    pf_conf_options_t o;

    memset(&o, 0, sizeof(o));
    o.is_root = 1;
    return ngx_opts(text, &o);
}

static int
ngx_file(const char *rel, int is_root)
{
    pf_conf_options_t o;
    char              path[1024];

    memset(&o, 0, sizeof(o));
    o.is_root = is_root;
    snprintf(path, sizeof(path), "%s/%s", PF_CONF_DATA, rel);
    fresh();
    return pf_conf_nginx(pool, path, &o, &out, &err);
}

static void
expect_ngx_error(const char *text, unsigned line, const char *msg)
{
    PF_ASSERT_EQ(ngx(text), PF_ERROR);
    expect_error_at("nginx.conf", line, msg);
}

static void
test_listen_forms(void)
{
    static const char *const names[] = {
        "0.0.0.0:80", "0.0.0.0:81", "127.0.0.1:82", "127.0.0.2:80",
        "[::]:83", "[::1]:80", "unix:/run/x.sock", "0.0.0.0:84", NULL
    };

    PF_ASSERT_EQ_FATAL(ngx("http {\n server {\n  listen 80;\n"
                           "  listen *:81;\n  listen 127.0.0.1:82;\n"
                           "  listen 127.0.0.2;\n  listen [::]:83;\n"
                           "  listen [::1];\n  listen unix:/run/x.sock;\n"
                           "  listen 0.0.0.0:84;\n }\n}\n"), PF_OK);
    expect_names(names);
    PF_ASSERT_STR(at(0)->source, "nginx.conf:3");
    PF_ASSERT_STR(at(0)->spelling, "80");
    PF_ASSERT_STR(at(4)->spelling, "[::]:83");
    PF_ASSERT_EQ(at(0)->server, PF_SERVER_NGINX);
    PF_ASSERT_EQ(at(0)->family, PF_FAMILY_INET);
    PF_ASSERT_EQ(at(4)->family, PF_FAMILY_INET6);
    PF_ASSERT_EQ(at(4)->v6only, 1);     /* nginx's ipv6only=on */
    PF_ASSERT_EQ(at(0)->v6only, -1);
}

static void
test_listen_params(void)
{
    static const char *const names[] = {
        "[::]:80", "0.0.0.0:443", "0.0.0.0:443/udp", "0.0.0.0:80",
        "0.0.0.0:53/udp", "0.0.0.0:53", "0.0.0.0:25", NULL
    };

    PF_ASSERT_EQ_FATAL(ngx("http { server {\n"
                           "listen [::]:80 ipv6only=off default_server "
                           "backlog=511 so_keepalive=on;\n"
                           "listen 443 ssl http2 reuseport;\n"
                           "listen 443 quic reuseport;\n"
                           "listen 80 frobnicate=1 bind deferred; } }\n"
                           "stream { server { listen 53 udp; } "
                           "server { listen 53; } }\n"
                           "mail { server { listen 25; } }\n"), PF_OK);
    /* [::]:80 and 0.0.0.0:80 are two sockets */
    expect_names(names);
    PF_ASSERT_EQ(at(0)->v6only, 0);
    PF_ASSERT_EQ(at(1)->reuseport, 1);
    PF_ASSERT_EQ(at(2)->proto, PF_PROTO_UDP);
    PF_ASSERT_EQ(at(4)->proto, PF_PROTO_UDP);
    PF_ASSERT_EQ(at(5)->proto, PF_PROTO_TCP);
}

static void
test_localhost(void)
{
    size_t i;

    PF_ASSERT_EQ_FATAL(ngx("http { server { listen localhost:8080; } }"),
                       PF_OK);
    CU_ASSERT(out.nelts >= 1);
    for (i = 0; i < out.nelts; i++) {
        CU_ASSERT(strcmp(name_of(i), "127.0.0.1:8080") == 0
                  || strcmp(name_of(i), "[::1]:8080") == 0);
        PF_ASSERT_STR(at(i)->spelling, "localhost:8080");
    }
}

static void
test_default_listen(void)
{
    static const char *const root[] = { "0.0.0.0:80", NULL };
    static const char *const user[] = { "0.0.0.0:8000", NULL };
    static const char *const none[] = { NULL };
    /* nginx for Windows has no uid: always port 80 */
    int windows = strcmp(pf_platform_name(), "windows") == 0;
    pf_conf_options_t o;
    const char *text = "events {}\nhttp {\n  server {\n    server_name a;\n"
                       "  }\n  server { listen 81; }\n}\n";

    PF_ASSERT_EQ_FATAL(ngx(text), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 2);
    PF_ASSERT_STR(name_of(0), "0.0.0.0:80");
    PF_ASSERT_STR(at(0)->source, "nginx.conf:3");
    PF_ASSERT_EQ_FATAL(ngx("http { server { } }"), PF_OK);
    expect_names(root);
    memset(&o, 0, sizeof(o));
    PF_ASSERT_EQ_FATAL(ngx_opts("http { server { } }", &o), PF_OK);
    expect_names(windows ? root : user);
    /* stream and mail have no default */
    PF_ASSERT_EQ_FATAL(ngx("stream { server { } }"), PF_OK);
    expect_names(none);
}

static void
test_tokens(void)
{
    static const char *const names[] = {
        "0.0.0.0:8080", "0.0.0.0:8081", "0.0.0.0:8082", NULL
    };

    PF_ASSERT_EQ_FATAL(ngx("# listen 1;\nhttp { # a comment { \n"
                           " server {\n  listen \"8080\";\n"
                           "  listen '8081' ;\n  listen 8082;\n"
                           "  server_name \"a;b{c}\" 'd\\'e' x#y;\n"
                           "  set $a \"${b}\";\n"
                           "  location / { return 200 ${x}; }\n"
                           "  location ~ ^/(a|b)$ { }\n"
                           " }\n}\n"), PF_OK);
    expect_names(names);
    PF_ASSERT_STR(at(0)->source, "nginx.conf:4");
}

static void
test_duplicates(void)
{
    static const char *const names[] = { "0.0.0.0:80", NULL };

    PF_ASSERT_EQ_FATAL(ngx("http { server { listen 80; }\n"
                           "server { listen *:80 default_server; } }"),
                       PF_OK);
    expect_names(names);
}

static void
test_port_range(void)
{
    static const char *const names[] = {
        "127.0.0.1:9000", "127.0.0.1:9001", "127.0.0.1:9002", NULL
    };

    PF_ASSERT_EQ_FATAL(ngx("http { server { listen 127.0.0.1:9000-9002; "
                           "} }"), PF_OK);
    expect_names(names);
    expect_ngx_error("http { server { listen 1000-9000; } }", 1,
                     "wider than");
    expect_ngx_error("http { server { listen 90-80; } }", 1,
                     "invalid port range");
}

static void
test_syntax_errors(void)
{
    expect_ngx_error("http {\n  server {\n    listen 80;\n  }\n", 5,
                     "unexpected end of file, expecting \"}\"");
    expect_ngx_error("http {\n  server {\n    listen 80\n", 4,
                     "unexpected end of file, expecting \";\" or \"}\"");
    expect_ngx_error("http { }\n}\n", 2, "unexpected \"}\"");
    expect_ngx_error("http {\n server { listen 80 }\n", 2,
                     "unexpected \"}\"");
    expect_ngx_error("\n;\n", 2, "unexpected \";\"");
    expect_ngx_error("http { server { listen \"80\"x; } }", 1,
                     "unexpected \"x\"");
    expect_ngx_error("listen 80;\n", 1,
                     "\"listen\" directive is not allowed here");
    expect_ngx_error("http {\n server {\n  location / {\n   listen 80;\n"
                     "  }\n }\n}\n", 4, "not allowed here");
    expect_ngx_error("http { server { listen; } }", 1,
                     "invalid number of arguments in \"listen\"");
    expect_ngx_error("http { include; }", 1,
                     "invalid number of arguments in \"include\"");
}

static void
test_bad_listen(void)
{
    expect_ngx_error("http { server {\nlisten 80a;\n} }", 2,
                     "host not found in \"80a\" of the \"listen\" directive");
    expect_ngx_error("http { server {\nlisten 80a:80;\n} }", 2,
                     "host not found in \"80a:80\"");
    expect_ngx_error("http { server {\nlisten 70000;\n} }", 2,
                     "invalid port");
    expect_ngx_error("http { server {\nlisten 1.2.3.4:;\n} }", 2,
                     "invalid port");
    expect_ngx_error("http { server {\nlisten [::1;\n} }", 2,
                     "invalid host");
    expect_ngx_error("http { server {\nlisten :80;\n} }", 2, "no host");
    expect_ngx_error("http { server {\nlisten a/b;\n} }", 2, "invalid host");
    expect_ngx_error("stream { server {\nlisten 127.0.0.1;\n} }", 2,
                     "no port");
}

static void
test_bytes_and_bounds(void)
{
    static const char nul[] = "http {\n server { listen 80; }\0 }\n";
    pf_conf_text_t    conf = { "nginx.conf", NULL, 0 };
    char             *big;
    size_t            i, n = 70000;

    fresh();
    conf.text = nul;
    conf.len = sizeof(nul) - 1;
    PF_ASSERT_EQ(pf_conf_nginx_text(pool, &conf, NULL, &out, &err),
                 PF_ERROR);
    expect_error_at("nginx.conf", 2, "NUL byte at line 2");

    big = malloc(n * 4 + 64);
    PF_ASSERT_NOT_NULL_FATAL(big);
    memset(big, 'a', n);
    memcpy(big + n, ";\n", 3);
    expect_ngx_error(big, 1, "longer than");

    /* a quoted parameter over many lines */
    big[0] = 'x';
    big[1] = ' ';
    big[2] = '"';
    for (i = 3; i < n; i++) {
        big[i] = (i % 1000 == 0) ? '\n' : 'q';
    }
    memcpy(big + n, "\";\n", 4);
    expect_ngx_error(big, 1, "too long parameter, probably missing");

    /* blocks nested without end: refused, not a stack overflow */
    for (i = 0; i < 1000; i++) {
        memcpy(big + i * 4, "a {\n", 4);
    }
    big[i * 4] = '\0';
    expect_ngx_error(big, 101, "nested more than");
    free(big);
}

static void
test_debian_layout(void)
{
    static const char *const names[] = {
        "127.0.0.1:8443", "0.0.0.0:8443/udp", "0.0.0.0:80", "[::]:80", NULL
    };

    PF_ASSERT_EQ_FATAL(ngx_file("nginx-debian/nginx.conf", 1), PF_OK);
    expect_names(names);
    PF_ASSERT_CONTAINS(at(0)->source, "conf.d/upstream.conf:6");
    PF_ASSERT_CONTAINS(at(2)->source, "sites-enabled/default:4");
    PF_ASSERT_CONTAINS(at(3)->source, "sites-enabled/default:5");
}

static void
test_include_errors(void)
{
    pf_conf_options_t o;
    char              text[1024];

    PF_ASSERT_EQ(ngx_file("nginx-missing/nginx.conf", 1), PF_ERROR);
    expect_error_at("nginx-missing/nginx.conf", 3, "No such file");
    PF_ASSERT_EQ(ngx_file("nginx-loop/nginx.conf", 1), PF_ERROR);
    expect_error_at("nginx-loop/loop.conf", 2, "include loop");
    PF_ASSERT_EQ(ngx_file("nginx-none/nginx.conf", 1), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "No such file");

    /* a mask that matches nothing is fine; text resolves includes
     * against the prefix */
    memset(&o, 0, sizeof(o));
    o.prefix = PF_CONF_DATA "/nginx-debian";
    PF_ASSERT_EQ(ngx_opts("http { include nothing/*.conf;\n"
                          "include sites-enabled/*; }", &o), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 2);
    /* files are counted once: a snippet included again and again is one
     * file (here the budget of one); a second file exceeds it */
    o.max_includes = 1;
    PF_ASSERT_EQ(ngx_opts("include mime.types;\n"
                          "include mime.types;\n", &o), PF_OK);
    PF_ASSERT_EQ(ngx_opts("include mime.types;\n"
                          "include mime.types;\n"
                          "http { include sites-enabled/*; }\n", &o),
                 PF_ERROR);
    expect_error_at("nginx.conf", 3, "budget of files exceeded: more than "
                    "1 distinct files included");
    PF_ASSERT_CONTAINS(err.message, "sites-enabled/default");
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    o.max_includes = 0;

    /* an included file must balance its own braces */
    snprintf(text, sizeof(text), "include %s/nginx-debian/mime.types;\n}\n",
             PF_CONF_DATA);
    expect_ngx_error(text, 2, "unexpected \"}\"");
}

/* The master's pid file: "pid" in the main context only, relative ones
 * under the prefix; without one, logs/nginx.pid under -p. */
static void
test_pid_file(void)
{
    pf_conf_options_t o;

    memset(&o, 0, sizeof(o));
    o.is_root = 1;
    PF_ASSERT_EQ_FATAL(ngx("http { server { listen 80; } }\n"
                           "pid /run/nginx.pid;\n"), PF_OK);
    PF_ASSERT_STR(at(0)->pid_file, "/run/nginx.pid");
    o.prefix = "/srv/ngx";
    PF_ASSERT_EQ_FATAL(ngx_opts("pid run/n.pid;\n"
                                "http { server { listen 80; } }\n", &o),
                       PF_OK);
    PF_ASSERT_STR(at(0)->pid_file, "/srv/ngx/run/n.pid");
    PF_ASSERT_EQ_FATAL(ngx_opts("http { server { listen 80; } }\n", &o),
                       PF_OK);
    PF_ASSERT_STR(at(0)->pid_file, "/srv/ngx/logs/nginx.pid");
    PF_ASSERT_EQ_FATAL(ngx("http { server { listen 80; } }\n"), PF_OK);
    PF_ASSERT_NULL(at(0)->pid_file);
}

/* Shared hosting: every vhost includes the same snippets.  2,000
 * inclusions of one file were refused at 1,000 (issue 22); now files
 * count once, and each budget (reads, bytes, memory) is named when it
 * is exceeded, with nothing half-read left in out. */
static void
test_include_budgets(void)
{
    pf_conf_options_t o;
    char             *text;
    size_t            i, n = 2000, len = strlen("include mime.types;\n");

    text = malloc(n * len + 64);
    PF_ASSERT_NOT_NULL_FATAL(text);
    for (i = 0; i < n; i++) {
        memcpy(text + i * len, "include mime.types;\n", len);
    }
    strcpy(text + n * len, "http { include sites-enabled/*; }\n");
    memset(&o, 0, sizeof(o));
    o.prefix = PF_CONF_DATA "/nginx-debian";
    PF_ASSERT_EQ(ngx_opts(text, &o), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 2);

    o.max_reads = 1500;
    PF_ASSERT_EQ(ngx_opts(text, &o), PF_ERROR);
    expect_error_at("nginx.conf", 1501, "budget of reads exceeded: files "
                    "were included more than 1500 times");
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    o.max_reads = 0;

    /* mime.types is 257 bytes: the third reading would pass 600 */
    o.max_bytes = 600;
    PF_ASSERT_EQ(ngx_opts(text, &o), PF_ERROR);
    expect_error_at("nginx.conf", 3, "budget of bytes exceeded");
    PF_ASSERT_CONTAINS(err.message, "mime.types");
    o.max_bytes = 0;

    o.max_memory = 1;
    PF_ASSERT_EQ(ngx_opts(text, &o), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "budget of memory exceeded");
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    free(text);
}

static CU_TestInfo nginx_tests[] = {
    { "listen address forms", test_listen_forms },
    { "pid", test_pid_file },
    { "listen parameters, stream, mail", test_listen_params },
    { "listen localhost resolves", test_localhost },
    { "a server without listen", test_default_listen },
    { "quotes, escapes, comments, variables", test_tokens },
    { "the same listen twice is one target", test_duplicates },
    { "port ranges", test_port_range },
    { "syntax errors as nginx words them", test_syntax_errors },
    { "bad listen values", test_bad_listen },
    { "NUL, long lines and tokens, deep blocks", test_bytes_and_bounds },
    { "Debian nginx.conf layout", test_debian_layout },
    { "missing include, loop, limits", test_include_errors },
    { "includes: files once, budgets named", test_include_budgets },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "conf-nginx", NULL, cleanup, NULL, NULL, nginx_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
