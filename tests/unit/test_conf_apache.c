/* The Apache httpd configuration parser. */
#include "pf_conf_test.h"

static int
ap(const char *text, const pf_conf_options_t *o)
{
    pf_conf_text_t conf = { "test.conf", NULL, 0 };

    fresh();
    conf.text = text;
    conf.len = strlen(text);
    return pf_conf_apache_text(pool, &conf, o, &out, &err);
}

static int
ap_file(const char *rel, const pf_conf_options_t *o)
{
    char path[1024];

    snprintf(path, sizeof(path), "%s/%s", PF_CONF_DATA, rel);
    fresh();
    return pf_conf_apache(pool, path, o, &out, &err);
}

static void
expect_ap_error(const char *text, unsigned line, const char *msg)
{
    PF_ASSERT_EQ(ap(text, NULL), PF_ERROR);
    expect_error_at("test.conf", line, msg);
}

static void
test_listen_forms(void)
{
    static const char *const names[] = {
        "*:80", "127.0.0.1:8080", "[::1]:8443", "0.0.0.0:81", NULL
    };

    PF_ASSERT_EQ_FATAL(ap("Listen 80\nListen 127.0.0.1:8080\n"
                          "Listen [::1]:8443 https\nListen 0.0.0.0:81 "
                          "options=reuseport\n", NULL), PF_OK);
    expect_names(names);
    PF_ASSERT_STR(at(0)->source, "test.conf:1");
    PF_ASSERT_STR(at(2)->source, "test.conf:3");
    PF_ASSERT_STR(at(1)->spelling, "127.0.0.1:8080");
    PF_ASSERT_EQ(at(0)->server, PF_SERVER_APACHE);
    PF_ASSERT_EQ(at(0)->family, PF_FAMILY_ANY);
    PF_ASSERT_EQ(at(2)->family, PF_FAMILY_INET6);
    PF_ASSERT_EQ(at(2)->proto, PF_PROTO_TCP);
    PF_ASSERT_EQ(at(0)->v6only, -1);
}

static void
test_case_comments_blank(void)
{
    static const char *const names[] = { "*:81", "*:82", "*:83", NULL };

    PF_ASSERT_EQ_FATAL(ap("  # Listen 1\n\n\tLISTEN 81\r\nlisten 82  \n"
                          "ListeN\t83\n#Listen 84", NULL), PF_OK);
    expect_names(names);
    PF_ASSERT_STR(at(0)->source, "test.conf:3");
}

static void
test_continuation(void)
{
    static const char *const names[] = { "*:8080", "*:10", NULL };

    /* as in httpd, a backslash also continues a comment */
    PF_ASSERT_EQ_FATAL(ap("Listen \\\n   8080\n# note \\\nListen 9\n"
                          "Listen 10\n", NULL), PF_OK);
    expect_names(names);
    PF_ASSERT_STR(at(0)->source, "test.conf:1");
    PF_ASSERT_STR(at(1)->source, "test.conf:5");
}

static void
test_quotes(void)
{
    static const char *const names[] = {
        "*:8080", "127.0.0.1:8081", NULL
    };

    PF_ASSERT_EQ_FATAL(ap("Listen \"8080\"\nListen '127.0.0.1:8081' "
                          "\"http\"\n", NULL), PF_OK);
    expect_names(names);
}

static void
test_define_and_variables(void)
{
    static const char *const names[] = {
        "*:8080", "127.0.0.1:8080", "*:9090", "*:7070", NULL
    };

    pf_test_setenv("PF_TEST_CONF_PORT", "7070");
    PF_ASSERT_EQ_FATAL(ap("Define P 8080\nListen ${P}\n"
                          "Define H 127.0.0.1\nListen ${H}:${P}\n"
                          "Listen ${PF_UNSET_X?=9090}\n"
                          "Listen ${PF_TEST_CONF_PORT}\n", NULL), PF_OK);
    expect_names(names);
    PF_ASSERT_STR(at(1)->spelling, "127.0.0.1:8080");
    pf_test_unsetenv("PF_TEST_CONF_PORT");
}

static void
test_undefined_variable(void)
{
    expect_ap_error("Define A 1\n\nListen ${PF_NOT_DEFINED_X}\n", 3,
                    "${PF_NOT_DEFINED_X}");
    /* a Define after the use does not count: httpd reads in order */
    expect_ap_error("Listen ${LATE}\nDefine LATE 80\n", 1, "${LATE}");
    /* UnDefine removes it */
    expect_ap_error("Define U 80\nUnDefine U\nListen ${U}\n", 3, "${U}");
    /* a Define without a value is for <IfDefine> only */
    expect_ap_error("Define NOVAL\nListen ${NOVAL}\n", 2, "${NOVAL}");
    /* an Include path with an undefined variable: the hint */
    expect_ap_error("\nInclude ${PF_NO_DIR}/x.conf\n", 2,
                    "(${PF_NO_DIR} is not defined)");
}

static void
test_ifdefine(void)
{
    static const char *const off[] = { "*:8443", NULL };
    static const char *const on[] = { "*:443", NULL };
    static const char *const defs[] = { "SSL", NULL };
    pf_conf_options_t o;
    const char *text = "<IfDefine SSL>\n  Listen 443\n"
                       "  Include never/read.conf\n</IfDefine>\n"
                       "<IfDefine !SSL>\n  Listen 8443\n</IfDefine>\n";

    PF_ASSERT_EQ_FATAL(ap(text, NULL), PF_OK);
    expect_names(off);
    memset(&o, 0, sizeof(o));
    o.defines = defs;
    PF_ASSERT_EQ(ap("<IfDefine SSL>\nListen 443\n</IfDefine>\n"
                    "<IfDefine !SSL>\nListen 8443\n</IfDefine>\n", &o),
                 PF_OK);
    expect_names(on);
    /* Define counts for IfDefine too; nested false sections are skipped
     * whole */
    PF_ASSERT_EQ(ap("Define SSL\n<ifdefine SSL>\nListen 443\n"
                    "</ifdefine>\n<IfDefine NO>\n<VirtualHost *:1>\n"
                    "<IfDefine X>\nListen 1\n</IfDefine>\n</VirtualHost>\n"
                    "</IfDefine>\n", NULL), PF_OK);
    expect_names(on);
}

static void
test_ifmodule(void)
{
    static const char *const all[] = { "*:80", "*:443", NULL };
    static const char *const plain[] = { "*:80", "*:8080", NULL };
    const char *ports = "Listen 80\n<IfModule ssl_module>\nListen 443\n"
                        "</IfModule>\n<IfModule mod_gnutls.c>\nListen 443\n"
                        "</IfModule>\n";
    char text[512];

    /* nothing loaded: a static build, every module is taken as there */
    PF_ASSERT_EQ_FATAL(ap(ports, NULL), PF_OK);
    expect_names(all);
    /* modules loaded, not this one: httpd does not bind 443 */
    snprintf(text, sizeof(text), "LoadModule alias_module m/mod_alias.so\n%s"
             "<IfModule !ssl_module>\nListen 8080\n</IfModule>\n"
             "<IfModule mod_version.c>\n<IfModule version_module>\n"
             "</IfModule>\n</IfModule>\n", ports);
    PF_ASSERT_EQ_FATAL(ap(text, NULL), PF_OK);
    expect_names(plain);
    snprintf(text, sizeof(text), "LoadModule ssl_module m/mod_ssl.so\n%s",
             ports);
    PF_ASSERT_EQ_FATAL(ap(text, NULL), PF_OK);
    expect_names(all);
    snprintf(text, sizeof(text), "LoadModule gnutls_module m/mod_gnutls.so\n"
             "%s", ports);
    PF_ASSERT_EQ_FATAL(ap(text, NULL), PF_OK);
    expect_names(all);
}

/* 8 LoadModule lines fill the list of loaded names (16, two per module)
 * to its room: <IfModule> then read one past it (the fuzzer, under
 * ASan); the names are looked up by count, not by a terminator. */
static void
test_ifmodule_full_list(void)
{
    static const char *const plain[] = { "*:80", "*:8008", NULL };
    char   text[1024];
    size_t len = 0;
    int    i;

    for (i = 0; i < 8; i++) {
        len += (size_t) snprintf(text + len, sizeof(text) - len,
                                 "LoadModule m%d_module m/mod_m%d.so\n", i,
                                 i);
    }
    snprintf(text + len, sizeof(text) - len, "Listen 80\n"
             "<IfModule ssl_module>\nListen 443\n</IfModule>\n"
             "<IfModule mod_m7.c>\nListen 8008\n</IfModule>\n");
    PF_ASSERT_EQ_FATAL(ap(text, NULL), PF_OK);
    expect_names(plain);
}

/* httpd refuses a repeated Listen (AH00526): each line stays a target of
 * its own, for the listen-set model to say so (test_rule_listen_set). */
static void
test_duplicate_kept_per_line(void)
{
    static const char *const names[] = { "*:80", "*:80", "127.0.0.1:80",
                                         "127.0.0.1:80", NULL };
    static const char *const guessed[] = { "*:443", NULL };

    PF_ASSERT_EQ_FATAL(ap("Listen 80\nListen *:80\nListen 127.0.0.1:80\n"
                          "Listen 127.0.0.1:80 http\n", NULL), PF_OK);
    expect_names(names);
    PF_ASSERT_STR(at(0)->source, "test.conf:1");
    PF_ASSERT_STR(at(3)->source, "test.conf:4");
    /* no LoadModule: <IfModule> is a guess, and a guess refuses nothing */
    PF_ASSERT_EQ_FATAL(ap("<IfModule ssl_module>\nListen 443\n"
                          "</IfModule>\n<IfModule mod_gnutls.c>\n"
                          "Listen 443\n</IfModule>\n", NULL), PF_OK);
    expect_names(guessed);
}

static void
test_sections(void)
{
    static const char *const names[] = { "*:80", NULL };

    PF_ASSERT_EQ_FATAL(ap("<VirtualHost *:80>\n<Directory />\n"
                          "</Directory>\n</VirtualHost>\n<IfModule x>\n"
                          "Listen 80\n</IfModule>\n", NULL), PF_OK);
    expect_names(names);
    expect_ap_error("<VirtualHost *:80>\n  Listen 81\n</VirtualHost>\n", 2,
                    "Listen cannot occur within <VirtualHost> section");
    expect_ap_error("Listen 80\n<VirtualHost *:80>\nServerName x\n", 2,
                    "<VirtualHost> was not closed.");
    expect_ap_error("Listen 80\n</VirtualHost>\n", 2,
                    "</VirtualHost> without matching <VirtualHost> section");
    expect_ap_error("<IfModule x>\nListen 80\n</IfDefine>\n", 3,
                    "Expected </IfModule> but saw </IfDefine>");
    expect_ap_error("\n<IfDefine NOPE>\nListen 80\n", 2,
                    "Expected </IfDefine> before end of configuration");
    expect_ap_error("<IfDefine>\n</IfDefine>\n", 1, "requires a parameter");
    expect_ap_error("<VirtualHost *:80\n", 1, "missing closing '>'");
}

static void
test_bad_listen(void)
{
    expect_ap_error("Listen 80\nListen\n", 2, "Listen requires 1-3 arguments");
    expect_ap_error("Listen 1 2 3 4\n", 1, "Listen requires 1-3 arguments");
    expect_ap_error("Listen 1.2.3.4\n", 1, "Port must be specified");
    expect_ap_error("Listen [::1]\n", 1, "Port must be specified");
    expect_ap_error("\n\nListen 70000\n", 3, "port number from 1 to 65535");
    expect_ap_error("Listen http\n", 1, "Port must be specified");
    expect_ap_error("Define 1:2 x\n", 1, "must not contain ':'");
}

static void
test_bytes(void)
{
    static const char nul[] = "Listen 80\nListen 8\0 1\n";
    pf_conf_text_t    conf = { "test.conf", NULL, 0 };
    char             *big;
    size_t            n = 70000;

    fresh();
    conf.text = nul;
    conf.len = sizeof(nul) - 1;
    PF_ASSERT_EQ(pf_conf_apache_text(pool, &conf, NULL, &out, &err),
                 PF_ERROR);
    expect_error_at("test.conf", 2, "NUL byte at line 2");

    big = malloc(n + 16);
    PF_ASSERT_NOT_NULL_FATAL(big);
    memcpy(big, "Listen 80\n#", 11);
    memset(big + 11, 'x', n);
    big[11 + n] = '\0';
    expect_ap_error(big, 2, "longer than");
    free(big);
}

static void
test_debian_layout(void)
{
    static const char *const names[] = { "*:80", "127.0.0.1:8443", NULL };

    PF_ASSERT_EQ_FATAL(ap_file("apache-debian/apache2.conf", NULL), PF_OK);
    /* mod_ssl is not enabled: no 443; .hidden.conf and *.dpkg-old are not
     * matched by *.conf */
    expect_names(names);
    PF_ASSERT_CONTAINS(at(0)->source, "apache-debian/ports.conf:5");
    PF_ASSERT_CONTAINS(at(1)->source, "sites-enabled/010-app.conf:1");
}

static void
test_httpd_layout(void)
{
    static const char *const off[] = {
        "*:8000", "[::1]:8444", "*:8001", "*:8002", "*:8004", "*:8003",
        "*:9080", NULL
    };
    static const char *const tls[] = { "SSL", "TLS", NULL };
    pf_conf_options_t o;

    /* ServerRoot is the parent of conf/; a directory include reads its
     * files sorted, subdirectories too */
    PF_ASSERT_EQ_FATAL(ap_file("apache-httpd/conf/httpd.conf", NULL),
                       PF_OK);
    expect_names(off);
    memset(&o, 0, sizeof(o));
    o.defines = tls;
    PF_ASSERT_EQ_FATAL(ap_file("apache-httpd/conf/httpd.conf", &o), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 7);
    PF_ASSERT_STR(name_of(6), "*:9443");
}

static void
test_server_root(void)
{
    static const char *const names[] = { "*:8001", "*:8002", NULL };
    pf_conf_options_t o;
    char text[1024];

    snprintf(text, sizeof(text), "ServerRoot \"%s/apache-httpd\"\n"
             "Include conf/vhosts/*.conf\n", PF_CONF_DATA);
    PF_ASSERT_EQ_FATAL(ap(text, NULL), PF_OK);
    expect_names(names);

    memset(&o, 0, sizeof(o));
    o.server_root = PF_CONF_DATA "/apache-httpd/conf";
    PF_ASSERT_EQ_FATAL(ap("IncludeOptional vhosts/*.conf\n"
                          "IncludeOptional none/*.conf\n"
                          "IncludeOptional nothing.conf\n", &o), PF_OK);
    expect_names(names);

    PF_ASSERT_EQ(ap("Include none/*.conf\n", &o), PF_ERROR);
    expect_error_at("test.conf", 1, "no matches for the wildcard");
    PF_ASSERT_EQ(ap("\nInclude nothing.conf\n", &o), PF_ERROR);
    expect_error_at("test.conf", 2, "No such file");
    expect_ap_error("ServerRoot /nonexistent/pf\n", 1,
                    "ServerRoot must be a valid directory");
}

static void
test_include_errors(void)
{
    pf_conf_options_t o;

    PF_ASSERT_EQ(ap_file("apache-missing/main.conf", NULL), PF_ERROR);
    expect_error_at("apache-missing/main.conf", 3, "No such file");
    PF_ASSERT_EQ(ap_file("apache-loop/a.conf", NULL), PF_ERROR);
    expect_error_at("apache-loop/b.conf", 2, "include loop");

    memset(&o, 0, sizeof(o));
    o.max_includes = 2;
    PF_ASSERT_EQ(ap_file("apache-httpd/conf/httpd.conf", &o), PF_ERROR);
    expect_error_at("httpd.conf", 5, "budget of files exceeded: more than 2 "
                    "distinct files included");
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    o.max_includes = 0;
    o.max_depth = 1;
    PF_ASSERT_EQ(ap_file("apache-loop/a.conf", &o), PF_ERROR);
    expect_error_at("apache-loop/a.conf", 3, "nested more than 1 deep");
    PF_ASSERT_EQ(ap_file("apache-none/nothing.conf", NULL), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "No such file");
}

static void
test_wildcards_and_iffile(void)
{
    static const char *const names[] = { "*:8001", "*:8002", NULL };
    static const char *const one[] = { "*:8001", "*:1234", NULL };
    pf_conf_options_t o;

    memset(&o, 0, sizeof(o));
    o.server_root = PF_CONF_DATA "/apache-httpd";
    PF_ASSERT_EQ_FATAL(ap("Include conf/vhosts/[ab].conf\n", &o), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 2);
    PF_ASSERT_EQ_FATAL(ap("Include c*/vh*s/?.conf\n", &o), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 2);
    PF_ASSERT_EQ_FATAL(ap("Include conf/vhosts/[!b].conf\n"
                          "Include conf/vhosts/[^a]*\n", &o), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 2);
    PF_ASSERT_STR(name_of(0), names[0]);
    PF_ASSERT_STR(name_of(1), names[1]);
    PF_ASSERT_EQ_FATAL(ap("\xEF\xBB\xBFInclude conf/vhosts/a.conf\n"
                          "<IfFile conf/httpd.conf>\nListen 1234\n"
                          "</IfFile>\n<IfFile !conf/httpd.conf>\n"
                          "Listen 4321\n</IfFile>\n<IfFile nope>\n"
                          "Listen 4322\n</IfFile>\n", &o), PF_OK);
    expect_names(one);
}

static void
test_empty(void)
{
    static const pf_conf_text_t none = { "x", NULL, 0 };

    PF_ASSERT_EQ(ap("", NULL), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    fresh();
    PF_ASSERT_EQ(pf_conf_apache_text(pool, &none, NULL, &out, &err), PF_OK);
}

/* The pid file httpd writes, so that the CLI knows this configuration's
 * running server: PidFile after the Listen lines, relative ones under
 * DefaultRuntimeDir or ServerRoot, Debian's ${APACHE_PID_FILE}. */
static void
test_pid_file(void)
{
    pf_conf_options_t o;

    memset(&o, 0, sizeof(o));
    o.server_root = "/srv/httpd";
    PF_ASSERT_EQ_FATAL(ap("Listen 80\nPidFile /run/x/httpd.pid\n", &o),
                       PF_OK);
    PF_ASSERT_STR(at(0)->pid_file, "/run/x/httpd.pid");
    PF_ASSERT_EQ_FATAL(ap("Listen 80\n", &o), PF_OK);
    PF_ASSERT_STR(at(0)->pid_file, "/srv/httpd/logs/httpd.pid");
    PF_ASSERT_EQ_FATAL(ap("Listen 80\nDefaultRuntimeDir run\n"
                          "PidFile x.pid\n", &o), PF_OK);
    PF_ASSERT_STR(at(0)->pid_file, "/srv/httpd/run/x.pid");
    if (getenv("APACHE_PID_FILE") == NULL) {
        PF_ASSERT_EQ_FATAL(ap("Listen 80\nPidFile ${APACHE_PID_FILE}\n",
                              &o), PF_OK);
        PF_ASSERT_STR(at(0)->pid_file, "/var/run/apache2/apache2.pid");
    }
    PF_ASSERT_EQ_FATAL(ap("Listen 80\nPidFile ${PF_NOT_SET_ANYWHERE}\n",
                          &o), PF_OK);
    PF_ASSERT_NULL(at(0)->pid_file);
}

/* A vhost file per site, each including the same snippet: 1,500
 * inclusions of one file were refused at 1,000 (issue 22).  Counted
 * once, and the Listen read 1,500 times from the same line is one. */
static void
test_include_repeated(void)
{
    static const char *const names[] = { "*:8001", NULL };
    static const char        line[] = "Include conf/vhosts/a.conf\n";
    pf_conf_options_t        o;
    char                    *text;
    size_t                   i, n = 1500, len = sizeof(line) - 1;

    text = malloc(n * len + 1);
    PF_ASSERT_NOT_NULL_FATAL(text);
    for (i = 0; i < n; i++) {
        memcpy(text + i * len, line, len);
    }
    text[n * len] = '\0';
    memset(&o, 0, sizeof(o));
    o.server_root = PF_CONF_DATA "/apache-httpd";
    PF_ASSERT_EQ(ap(text, &o), PF_OK);
    expect_names(names);
    o.max_reads = 1000;
    PF_ASSERT_EQ(ap(text, &o), PF_ERROR);
    expect_error_at("test.conf", 1001, "budget of reads exceeded");
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    free(text);
}

/* Wildcards walk directories: the fuzzer's 5-second timeout was an
 * Include of six wildcards from the root (corpus/conf_apache/
 * include-wildcards-from-root, /proc included), and a ".." after a
 * wildcard lists the same directories again for every match.  The
 * entries listed are budgeted and the budget is named, with the
 * Include's line. */
static void
test_include_wildcard_budget(void)
{
    static const char *const names[] = { "*:8001", "*:8002", NULL };
    pf_conf_options_t        o;

    memset(&o, 0, sizeof(o));
    o.server_root = PF_CONF_DATA "/apache-httpd/conf";
    PF_ASSERT_EQ_FATAL(ap("IncludeOptional v*/../v*/../vhosts/*.conf\n",
                          &o), PF_OK);
    expect_names(names);

    /* conf/ has 4 entries, 3 of them directories: the three wildcards
     * list it 1 + 3 + 9 times and vhosts/ 27 times, 106 names where the
     * walk above lists 14 */
    o.max_names = 50;
    PF_ASSERT_EQ(ap("\nIncludeOptional */../*/../*/../vhosts/*.conf\n", &o),
                 PF_ERROR);
    expect_error_at("test.conf", 2, "budget of names exceeded: wildcards "
                    "and included directories listed more than 50 entries");
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    o.max_names = 105;
    PF_ASSERT_EQ(ap("IncludeOptional */../*/../*/../vhosts/*.conf\n", &o),
                 PF_ERROR);
    o.max_names = 106;
    PF_ASSERT_EQ(ap("IncludeOptional */../*/../*/../vhosts/*.conf\n", &o),
                 PF_OK);

    /* an included directory is walked as httpd does, subdirectories
     * too: dir.d/ has 2 names, dir.d/sub/ 1 */
    o.max_names = 2;
    PF_ASSERT_EQ(ap("\n\nInclude dir.d\n", &o), PF_ERROR);
    expect_error_at("test.conf", 3, "budget of names exceeded");
    PF_ASSERT_CONTAINS(err.message, "sub\"");
    o.max_names = 3;
    PF_ASSERT_EQ(ap("\n\nInclude dir.d\n", &o), PF_OK);
}

static CU_TestInfo apache_tests[] = {
    { "Listen forms", test_listen_forms },
    { "PidFile", test_pid_file },
    { "case, comments, blank lines, CRLF", test_case_comments_blank },
    { "backslash continuation", test_continuation },
    { "quoted arguments", test_quotes },
    { "Define, ${VAR}, defaults, environment", test_define_and_variables },
    { "undefined ${VAR} in Listen is an error", test_undefined_variable },
    { "<IfDefine> with -D and Define", test_ifdefine },
    { "<IfModule> follows LoadModule", test_ifmodule },
    { "<IfModule> after a full list of modules", test_ifmodule_full_list },
    { "a repeated Listen is kept per line", test_duplicate_kept_per_line },
    { "sections must balance", test_sections },
    { "bad Listen lines", test_bad_listen },
    { "NUL bytes and long lines", test_bytes },
    { "Debian apache2.conf layout", test_debian_layout },
    { "httpd conf/ layout, directory include", test_httpd_layout },
    { "ServerRoot, IncludeOptional, no match", test_server_root },
    { "missing include, loop, limits", test_include_errors },
    { "one snippet included 1,500 times", test_include_repeated },
    { "a budget of directory entries", test_include_wildcard_budget },
    { "wildcards, <IfFile>, a UTF-8 BOM", test_wildcards_and_iffile },
    { "empty text", test_empty },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "conf-apache", NULL, cleanup, NULL, NULL, apache_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
