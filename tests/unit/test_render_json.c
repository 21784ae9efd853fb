/*
 * JSON: the report schema of preflight(1) byte for byte, the facts tree,
 * string escaping, and every document checked by a small validator.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "test_diag_fixture.h"
#include "pf_version.h"

static pf_buf_t out;

static void
json_setup(void)
{
    fx_setup();
    pf_buf_init(&out);
}

static void
json_teardown(void)
{
    pf_buf_free(&out);
    fx_teardown();
}

/* ---- a small RFC 8259 validator ------------------------------------- */

static const char *jv_value(const char *p, int depth);

static const char *
jv_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        p++;
    }
    return p;
}

static const char *
jv_string(const char *p)
{
    int i;

    if (*p++ != '"') {
        return NULL;
    }
    while (*p != '"') {
        if ((unsigned char) *p < 0x20) {
            return NULL;
        }
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (i = 1; i <= 4; i++) {
                    if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i]) {
                        return NULL;
                    }
                }
                p += 4;
            } else if (!strchr("\"\\/bfnrt", *p) || *p == '\0') {
                return NULL;
            }
        }
        p++;
    }
    return p + 1;
}

static const char *
jv_number(const char *p)
{
    const char *start;

    if (*p == '-') {
        p++;
    }
    start = p;
    while (*p >= '0' && *p <= '9') {
        p++;
    }
    if (p == start || (*start == '0' && p - start > 1)) {
        return NULL;
    }
    return p;
}

static const char *
jv_members(const char *p, char close, int depth)
{
    p = jv_ws(p + 1);
    if (*p == close) {
        return p + 1;
    }
    for (;;) {
        if (close == '}') {
            p = jv_string(jv_ws(p));
            if (p == NULL || *(p = jv_ws(p)) != ':') {
                return NULL;
            }
            p++;
        }
        p = jv_value(p, depth + 1);
        if (p == NULL) {
            return NULL;
        }
        p = jv_ws(p);
        if (*p == close) {
            return p + 1;
        }
        if (*p++ != ',') {
            return NULL;
        }
    }
}

static const char *
jv_value(const char *p, int depth)
{
    p = jv_ws(p);
    if (depth > 64) {
        return NULL;
    }
    switch (*p) {
    case '{': return jv_members(p, '}', depth);
    case '[': return jv_members(p, ']', depth);
    case '"': return jv_string(p);
    case 't': return strncmp(p, "true", 4) ? NULL : p + 4;
    case 'f': return strncmp(p, "false", 5) ? NULL : p + 5;
    case 'n': return strncmp(p, "null", 4) ? NULL : p + 4;
    default:  return jv_number(p);
    }
}

static int
json_valid(const char *s)
{
    const char *end = s ? jv_value(s, 0) : NULL;

    return end != NULL && *jv_ws(end) == '\0';
}

#define ASSERT_JSON_VALID(s)                                              \
    do {                                                                  \
        int ok_ = json_valid(s);                                          \
        if (!ok_) {                                                       \
            fprintf(stderr, "\n  invalid JSON:\n%s\n", (s));              \
        }                                                                 \
        CU_ASSERT(ok_);                                                   \
    } while (0)

static void
test_validator_itself(void)
{
    CU_ASSERT(json_valid("{\"a\":[1,-2,true,null,\"x\\u00e9\"],\"b\":{}}"));
    CU_ASSERT_FALSE(json_valid("{\"a\":1,}"));
    CU_ASSERT_FALSE(json_valid("{\"a\" 1}"));
    CU_ASSERT_FALSE(json_valid("[\"\x01\"]"));
    CU_ASSERT_FALSE(json_valid("[\"\\x\"]"));
    CU_ASSERT_FALSE(json_valid("[1] x"));
}

/* ---- pf_json_str ---------------------------------------------------- */

static const char *
esc(const char *s)
{
    pf_buf_free(&out);
    pf_json_str(&out, s);
    return out.data;
}

static void
test_escape_specials(void)
{
    PF_ASSERT_STR(esc("a\"b\\c"), "\"a\\\"b\\\\c\"");
    PF_ASSERT_STR(esc("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
    PF_ASSERT_STR(esc("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
    PF_ASSERT_STR(esc(""), "\"\"");
    PF_ASSERT_STR(esc(NULL), "null");
    PF_ASSERT_STR(esc("/usr/sbin/nginx"), "\"/usr/sbin/nginx\"");
}

static void
test_escape_utf8(void)
{
    PF_ASSERT_STR(esc("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
    PF_ASSERT_STR(esc("\xe2\x9c\x94"), "\"\xe2\x9c\x94\"");
    PF_ASSERT_STR(esc("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
}

static void
test_escape_invalid_utf8(void)
{
    PF_ASSERT_STR(esc("\xff"), "\"\\u00ff\"");
    PF_ASSERT_STR(esc("\xc0\x80"), "\"\\u00c0\\u0080\"");      /* overlong */
    PF_ASSERT_STR(esc("\xed\xa0\x80"),                         /* surrogate */
                  "\"\\u00ed\\u00a0\\u0080\"");
    PF_ASSERT_STR(esc("\xe2\x82"), "\"\\u00e2\\u0082\"");      /* cut short */
    PF_ASSERT_STR(esc("\xf4\x90\x80\x80"),                     /* > 10FFFF */
                  "\"\\u00f4\\u0090\\u0080\\u0080\"");
    PF_ASSERT_STR(esc("C:\\Program Files\\caf\xe9"),           /* Latin-1 */
                  "\"C:\\\\Program Files\\\\caf\\u00e9\"");
    ASSERT_JSON_VALID(esc("\x80\x81\xfe mixed \xc3\xa9 \x01"));
}

/* ---- the report ----------------------------------------------------- */

static void
test_report_free_exact(void)
{
    fx_check("127.0.0.1:8080", PF_STATUS_FREE, PF_ERRSPACE_POSIX, 0);
    pf_render_json(fx_r, &out);
    PF_ASSERT_STR(out.data,
        "{\"schema\":1,\"tool\":\"preflight\",\"version\":\"" PF_VERSION
        "\",\"platform\":\"linux\",\"targets\":[{\"address\":\"127.0.0.1\","
        "\"port\":8080,\"proto\":\"tcp\",\"source\":\"command line\","
        "\"status\":\"free\",\"error\":null,\"errno\":null,"
        "\"findings\":[]}]}\n");
}

static void
test_report_finding_exact(void)
{
    pf_check_t   *c = fx_check("*:80", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                               EADDRINUSE);
    pf_process_t *p = fx_process(c, 1234, "nginx");
    char          want[128];

    p->exe = "/usr/sbin/nginx";
    p->user = "root";
    p->uid = 0;
    fx_diagnose(c);
    pf_render_json(fx_r, &out);
    ASSERT_JSON_VALID(out.data);
    snprintf(want, sizeof(want), "\"status\":\"in-use\",\"error\":"
             "\"EADDRINUSE\",\"errno\":%d,", EADDRINUSE);
    PF_ASSERT_CONTAINS(out.data, want);
    PF_ASSERT_CONTAINS(out.data, "\"findings\":[{\"cause\":\"process\","
                       "\"summary\":\"port 80 is in use by nginx (PID 1234, "
                       "user root)\",\"confidence\":\"sure\",\"holders\":[");
    PF_ASSERT_CONTAINS(out.data, "\"holders\":[{\"pid\":1234,\"name\":"
                       "\"nginx\",\"exe\":\"/usr/sbin/nginx\",\"user\":"
                       "\"root\",\"unit\":null,\"service\":null,"
                       "\"container\":null}],\"evidence\":[");
    PF_ASSERT_CONTAINS(out.data, "\"remedies\":[{\"id\":\"stop-process\","
                       "\"summary\":\"stop nginx (PID 1234) yourself, if it "
                       "is not needed: preflight never kills a process\","
                       "\"commands\":[\"kill 1234   # nginx, started by "
                       "hand\"],\"needs_admin\":true}]}]}]}\n");
}

static void
test_report_many_valid(void)
{
    pf_check_t   *c;
    pf_process_t *p;

    c = fx_check("[::]:443", PF_STATUS_IN_USE, PF_ERRSPACE_POSIX,
                 EADDRINUSE);
    p = fx_process(c, 1, "systemd");
    fx_r->host.systemd = 1;
    p = fx_process(c, 66, "we\"ird\tname\xff");
    p->cmdline = "/bin/x --opt=\"a b\" \\";
    fx_push_str(&p->services, "Svc");
    p->container = "abc";
    c->facts.free_port_nearby = 8443;
    fx_diagnose(c);
    c = fx_check("192.0.2.1:80", PF_STATUS_NOT_LOCAL, PF_ERRSPACE_POSIX,
                 EADDRNOTAVAIL);
    fx_diagnose(c);
    fx_check("80", PF_STATUS_FREE, PF_ERRSPACE_POSIX, 0);
    pf_render_json(fx_r, &out);
    ASSERT_JSON_VALID(out.data);
    PF_ASSERT_CONTAINS(out.data, "\"address\":\"::\",\"port\":443");
    PF_ASSERT_CONTAINS(out.data, "\"cause\":\"socket-unit\"");
    PF_ASSERT_CONTAINS(out.data, "\"name\":\"we\\\"ird\\tname\\u00ff\"");
    PF_ASSERT_CONTAINS(out.data, "\"service\":\"Svc\",\"container\":\"abc\"");
    PF_ASSERT_CONTAINS(out.data, "\"cause\":\"not-local\"");
}

/* ---- the facts ------------------------------------------------------ */

static void
test_facts_tree(void)
{
    pf_check_t         *c = fx_check("0.0.0.0:80", PF_STATUS_DENIED,
                                     PF_ERRSPACE_WINSOCK, 10013);
    pf_request_queue_t *q = pf_array_push(&c->facts.httpsys.queues);
    pf_port_range_t    *r = pf_array_push(&fx_r->host.excluded_ranges);
    long               *pid;

    fx_listener(c, "0.0.0.0", -1, 4);
    fx_process(c, 4, "System")->kernel = 1;
    pf_request_queue_init(q, fx_r->pool);
    fx_push_str(&q->urls, "http://+:80/");
    pid = pf_array_push(&q->pids);
    *pid = 1234;
    r->start = 50000;
    r->end = 50059;
    r->administered = 1;
    fx_push_str(&fx_r->host.local_addresses, "10.0.0.1");
    fx_push_str(&c->facts.notes, "a \"quoted\" note");
    pf_render_facts_json(fx_r, &out);
    ASSERT_JSON_VALID(out.data);
    PF_ASSERT_CONTAINS(out.data, "\"schema\":1,\"tool\":\"preflight\"");
    PF_ASSERT_CONTAINS(out.data, "\"local_addresses\":[\"10.0.0.1\"]");
    PF_ASSERT_CONTAINS(out.data, "\"excluded_ranges\":[{\"start\":50000,"
                       "\"end\":50059,\"family\":\"any\","
                       "\"administered\":true}]");
    PF_ASSERT_CONTAINS(out.data, "\"owner_pid\":4");
    PF_ASSERT_CONTAINS(out.data, "\"kernel\":true");
    PF_ASSERT_CONTAINS(out.data, "\"queues\":[{\"name\":null,\"pids\":[1234],"
                       "\"urls\":[\"http://+:80/\"],\"services\":[],"
                       "\"from_handle\":false,\"images\":[],"
                       "\"controller_pid\":null}],"
                       "\"queues_partial\":false,\"host_pid\":0");
    PF_ASSERT_CONTAINS(out.data, "\"errno\":10013");
    PF_ASSERT_CONTAINS(out.data, "\"notes\":[\"a \\\"quoted\\\" note\"]");
    PF_ASSERT_CONTAINS(out.data, "\"free_port_nearby\":null");
}

static CU_TestInfo validator_tests[] = {
    { "the validator", test_validator_itself },
    CU_TEST_INFO_NULL
};

static CU_TestInfo escape_tests[] = {
    { "quotes, backslash, controls", test_escape_specials },
    { "valid UTF-8 kept", test_escape_utf8 },
    { "invalid UTF-8 as \\u00XX", test_escape_invalid_utf8 },
    CU_TEST_INFO_NULL
};

static CU_TestInfo report_tests[] = {
    { "free target, byte for byte", test_report_free_exact },
    { "a finding, byte for byte", test_report_finding_exact },
    { "several targets and odd strings", test_report_many_valid },
    CU_TEST_INFO_NULL
};

static CU_TestInfo facts_tests[] = {
    { "facts tree", test_facts_tree },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "json validator", NULL, NULL, json_setup, json_teardown,
      validator_tests },
    { "pf_json_str", NULL, NULL, json_setup, json_teardown, escape_tests },
    { "render json", NULL, NULL, json_setup, json_teardown, report_tests },
    { "render facts json", NULL, NULL, json_setup, json_teardown,
      facts_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
