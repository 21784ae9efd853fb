/* Parsers of netsh output, from samples in several languages and
 * encodings (tests/unit/data/netsh/). */
#include <stdlib.h>

#include "pf_test.h"
#include "netsh/pf_netsh.h"

#ifndef PF_TEST_SRCDIR
#define PF_TEST_SRCDIR "."
#endif

static pf_pool_t  *pool;
static pf_array_t  out;
static pf_error_t  err;

static void
start(size_t size)
{
    pool = pf_pool_create();
    memset(&err, 0, sizeof(err));
    pf_array_init(&out, pool, 0, size);
}

static void
finish(void)
{
    pf_pool_destroy(pool);
}

/* The whole fixture, in the pool; NULL when it cannot be read. */
static const char *
fixture(const char *name, size_t *len)
{
    return pf_test_read(pool, PF_TEST_SRCDIR "/tests/unit/data/netsh", name,
                        len);
}

static int
parse_state(const char *name, unsigned port)
{
    size_t      len = 0;
    const char *text = fixture(name, &len);

    PF_ASSERT_NOT_NULL_FATAL(text);
    return pf_netsh_parse_servicestate(pool, text, len, port, &out, &err);
}

static int
parse_excluded(const char *name, pf_family_t fam)
{
    size_t      len = 0;
    const char *text = fixture(name, &len);

    PF_ASSERT_NOT_NULL_FATAL(text);
    return pf_netsh_parse_excluded(pool, text, len, fam, &out, &err);
}

static pf_request_queue_t *
queue(size_t i)
{
    CU_ASSERT_FATAL(i < out.nelts);
    return &PF_ARRAY_AT(&out, pf_request_queue_t, i);
}

static long
pid_of(pf_request_queue_t *q, size_t i)
{
    CU_ASSERT_FATAL(i < q->pids.nelts);
    return PF_ARRAY_AT(&q->pids, long, i);
}

static const char *
url_of(pf_request_queue_t *q, size_t i)
{
    CU_ASSERT_FATAL(i < q->urls.nelts);
    return PF_ARRAY_AT(&q->urls, const char *, i);
}

/* English: IIS, SSRS and the WCF reservation's empty queue on port 80. */
static void
check_english(const char *name)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(parse_state(name, 80), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 3);
    PF_ASSERT_STR(queue(0)->name, "DefaultAppPool");
    PF_ASSERT_SIZE_EQ(queue(0)->pids.nelts, 2);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 6420);
    PF_ASSERT_EQ(pid_of(queue(0), 1), 7712);
    PF_ASSERT_SIZE_EQ(queue(0)->urls.nelts, 1);
    PF_ASSERT_STR(url_of(queue(0), 0), "HTTP://*:80/");
    PF_ASSERT_NULL(queue(1)->name);
    PF_ASSERT_SIZE_EQ(queue(1)->pids.nelts, 1);
    PF_ASSERT_EQ(pid_of(queue(1), 0), 3340);
    PF_ASSERT_SIZE_EQ(queue(1)->urls.nelts, 2);
    PF_ASSERT_STR(url_of(queue(1), 1), "HTTP://+:80/REPORTS/");
    PF_ASSERT_SIZE_EQ(queue(2)->pids.nelts, 0);
    PF_ASSERT_STR(url_of(queue(2), 0),
                  "HTTP://+:80/TEMPORARY_LISTEN_ADDRESSES/");
    finish();
}

static void
test_servicestate_english(void)
{
    check_english("servicestate_en.txt");
}

static void
test_servicestate_utf16(void)
{
    check_english("servicestate_en_utf16.txt");
}

static void
test_servicestate_other_ports(void)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(parse_state("servicestate_en.txt", 5985), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 1128);
    finish();
    /* https without a port is 443; a host name is kept */
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(parse_state("servicestate_en.txt", 443), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(url_of(queue(0), 0), "HTTPS://+:443/REPORTSERVER/");
    finish();
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(parse_state("servicestate_en.txt", 8080), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(url_of(queue(0), 0), "HTTP://LOCALHOST:8080/APP/");
    finish();
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ(parse_state("servicestate_en.txt", 81), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    finish();
}

static void
check_german(const char *name)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(parse_state(name, 80), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_NULL(queue(0)->name);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 2216);
    finish();
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(parse_state(name, 8080), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(queue(0)->name, "DefaultAppPool");
    PF_ASSERT_EQ(pid_of(queue(0), 0), 5120);
    finish();
}

static void
test_servicestate_german(void)
{
    check_german("servicestate_de.txt");
    check_german("servicestate_de_cp850.txt");
}

static void
check_french(const char *name)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(parse_state(name, 80), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_NULL(queue(0)->name);
    PF_ASSERT_SIZE_EQ(queue(0)->pids.nelts, 1);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 4012);
    PF_ASSERT_STR(url_of(queue(0), 0), "HTTP://+:80/MSDEPLOYAGENTSERVICE/");
    finish();
}

static void
test_servicestate_french(void)
{
    /* "ID : 4012, image : ..." with a space before the colon */
    check_french("servicestate_fr.txt");
    check_french("servicestate_fr_cp850.txt");
}

static void
test_servicestate_japanese(void)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(parse_state("servicestate_ja.txt", 80), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 2);
    PF_ASSERT_NULL(queue(0)->name);      /* a sentence ending in 。 */
    PF_ASSERT_EQ(pid_of(queue(0), 0), 1500);
    /* full-width colons, as some translations print them */
    PF_ASSERT_STR(queue(1)->name, "サイト既定");
    PF_ASSERT_EQ(pid_of(queue(1), 0), 2600);
    PF_ASSERT_STR(url_of(queue(1), 0), "HTTP://[::1]:80/");
    finish();
    /* Shift-JIS (chcp 932): ASCII colons still read; the URLs always */
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(parse_state("servicestate_ja_cp932.txt", 80),
                       PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 2);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 1500);
    PF_ASSERT_STR(url_of(queue(1), 0), "HTTP://[::1]:80/");
    finish();
}

static void
test_servicestate_no_queues(void)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ(parse_state("servicestate_none.txt", 80), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    finish();
}

static void
test_servicestate_failures(void)
{
    static const char be[] = "\xfe\xff\0R\0e";

    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ(parse_state("servicestate_bad.txt", 80), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "not the output of");
    finish();
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ(pf_netsh_parse_servicestate(pool, "", 0, 80, &out, &err),
                 PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "printed nothing");
    finish();
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ(pf_netsh_parse_servicestate(pool, " \r\n\r\n", 5, 80,
                                             &out, &err), PF_ERROR);
    finish();
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ(pf_netsh_parse_servicestate(pool, be, sizeof(be) - 1, 80,
                                             &out, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "big-endian");
    finish();
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ(pf_netsh_parse_servicestate(pool, "\xff\xfeR\0e", 5, 80,
                                             &out, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "odd number");
    finish();
}

static void
test_url_port(void)
{
    PF_ASSERT_EQ(pf_netsh_url_port("http://+:80/", 12), 80);
    PF_ASSERT_EQ(pf_netsh_url_port("HTTP://*:8080/x/", 16), 8080);
    PF_ASSERT_EQ(pf_netsh_url_port("http://host/", 12), 80);
    PF_ASSERT_EQ(pf_netsh_url_port("https://host/", 13), 443);
    PF_ASSERT_EQ(pf_netsh_url_port("https://[::1]:8443/", 19), 8443);
    PF_ASSERT_EQ(pf_netsh_url_port("http://h:99999/", 15), 0);
    PF_ASSERT_EQ(pf_netsh_url_port("http://h:0/", 11), 0);
    PF_ASSERT_EQ(pf_netsh_url_port("http://h:8x/", 12), 0);
    PF_ASSERT_EQ(pf_netsh_url_port("http://[::1", 11), 0);
    PF_ASSERT_EQ(pf_netsh_url_port("ftp://h:21/", 11), 0);
    PF_ASSERT_EQ(pf_netsh_url_port("http://", 7), 0);
}


/* ---- real captures (tests/unit/data/netsh/SOURCES.md) --------------- */

static pf_array_t               notes;
static int                      partial;
static const pf_netsh_queues_t  into = { &out, &notes, &partial };

static int
read_state(const char *name, unsigned port)
{
    size_t      len = 0;
    const char *text = fixture(name, &len);

    PF_ASSERT_NOT_NULL_FATAL(text);
    pf_array_init(&notes, pool, 0, sizeof(char *));
    partial = 0;
    return pf_netsh_read_servicestate(pool, text, len, port, &into, &err);
}

static const char *
image_of(pf_request_queue_t *q, size_t i)
{
    CU_ASSERT_FATAL(i < q->images.nelts);
    return PF_ARRAY_AT(&q->images, const char *, i);
}

/* IIS on a Windows Server (HTB "Flight"), server-session view, older
 * layout: the idle DefaultAppPool has no worker, only its controller. */
static void
test_capture_iis_session_view(void)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(read_state("servicestate_iis_flight_session.txt",
                                  8000), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(queue(0)->name, "DefaultAppPool");
    PF_ASSERT_SIZE_EQ(queue(0)->pids.nelts, 0);
    PF_ASSERT_EQ(queue(0)->controller_pid, 3408);
    PF_ASSERT_STR(url_of(queue(0), 0), "HTTP://127.0.0.1:8000:127.0.0.1/");
    PF_ASSERT_EQ(partial, 0);
    PF_ASSERT_SIZE_EQ(notes.nelts, 0);
    finish();
    /* WinRM's unnamed queue: the only unnamed one, so its URL group's */
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(read_state("servicestate_iis_flight_session.txt",
                                  5985), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_NULL(queue(0)->name);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 3416);
    PF_ASSERT_EQ(queue(0)->controller_pid, -1);
    PF_ASSERT_STR(url_of(queue(0), 0), "HTTP://+:5985/WSMAN/");
    finish();
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ(read_state("servicestate_iis_flight_session.txt", 80),
                 PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    PF_ASSERT_EQ(partial, 0);
    finish();
}

static void
test_capture_branchcache(void)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(read_state("servicestate_branchcache_session.txt",
                                  80), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 2668);
    PF_ASSERT_STR(url_of(queue(0), 0),
                  "HTTP://+:80/116B50EB-ECE2-41AC-8429-9F9E963361B7/");
    finish();
}

static void
test_capture_ssrs_requestq(void)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(read_state("servicestate_ssrs_requestq.txt", 8082),
                       PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_NULL(queue(0)->name);
    PF_ASSERT_SIZE_EQ(queue(0)->pids.nelts, 1);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 2312);
    PF_ASSERT_STR(url_of(queue(0), 0), "HTTP://LOCALHOST:8082/");
    finish();
}

/* Newer layout: images, services under a process, "<?>" */
static void
test_newer_layout_services(void)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(read_state("servicestate_win11_services.txt", 5985),
                       PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 1128);
    PF_ASSERT_STR(image_of(queue(0), 0), "C:\\Windows\\System32\\svchost.exe");
    PF_ASSERT_SIZE_EQ_FATAL(queue(0)->services.nelts, 1);
    PF_ASSERT_STR(PF_ARRAY_AT(&queue(0)->services, const char *, 0), "WinRM");
    finish();
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(read_state("servicestate_win11_services.txt", 80),
                       PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(queue(0)->name, "DefaultAppPool");
    PF_ASSERT_EQ(queue(0)->controller_pid, 3340);
    PF_ASSERT_STR(image_of(queue(0), 0),
                  "C:\\Windows\\System32\\inetsrv\\w3wp.exe");
    finish();
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(read_state("servicestate_win11_services.txt", 8172),
                       PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_NULL(image_of(queue(0), 0));
    PF_ASSERT_STR(PF_ARRAY_AT(&queue(0)->services, const char *, 0),
                  "MsDepSvc");
    finish();
}

/* Newer layout, real (an Azure Local SDN troubleshooting guide): the
 * services are printed beside the process item. */
static void
test_capture_newer_layout(void)
{
    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(read_state("servicestate_sdn_hostagent_newer.txt",
                                  443), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 2688);
    PF_ASSERT_STR(image_of(queue(0), 0), "C:\\Windows\\System32\\svchost.exe");
    PF_ASSERT_SIZE_EQ_FATAL(queue(0)->services.nelts, 1);
    PF_ASSERT_STR(PF_ARRAY_AT(&queue(0)->services, const char *, 0),
                  "NcHostAgent");
    PF_ASSERT_STR(url_of(queue(0), 0), "HTTPS://+:443/HOSTAGENT/VSWITCH/");
    PF_ASSERT_EQ(queue(0)->controller_pid, -1);
    PF_ASSERT_EQ(partial, 0);
    finish();
}

/* A line it cannot read is a note, never silence. */
static void
test_unreadable_is_a_note(void)
{
    static const char text[] =
        "Request queue name: Request queue is unnamed.\r\n"
        "    Number of active processes attached: 1\r\n"
        "    Process IDs:\r\n"
        "        12x4\r\n"
        "    Registered URLs:\r\n"
        "        HTTP://+:80/\r\n"
        "        HTTP://+:8o/broken/\r\n";

    start(sizeof(pf_request_queue_t));
    pf_array_init(&notes, pool, 0, sizeof(char *));
    partial = 0;
    PF_ASSERT_EQ_FATAL(pf_netsh_read_servicestate(pool, text,
                       sizeof(text) - 1, 80, &into, &err), PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 1);
    PF_ASSERT_EQ(partial, 1);
    PF_ASSERT_SIZE_EQ_FATAL(notes.nelts, 1);
    PF_ASSERT_CONTAINS(PF_ARRAY_AT(&notes, const char *, 0),
                       "line 7: could not read the URL 'HTTP://+:8o/broken/'");
    finish();
}

/* Pasted output shifts later queue headers to the depth of the first
 * queue's fields (the Service Fabric guide, tests/cases/
 * win-sf-httplistener-port80): each is the next queue, not nested. */
static void
test_shifted_queue_headers(void)
{
    static const char text[] =
        "Request queue name: Request queue is unnamed.\r\n"
        "    Number of active processes attached: 1\r\n"
        "    Process IDs:\r\n"
        "        944\r\n"
        "    URL groups:\r\n"
        "    URL group ID: FE00000040000001\r\n"
        "        Request queue name: Request queue is unnamed.\r\n"
        "        Registered URLs:\r\n"
        "            HTTP://+:5985/WSMAN/\r\n"
        "    Request queue name: Request queue is unnamed.\r\n"
        "        Number of active processes attached: 1\r\n"
        "        Process IDs:\r\n"
        "            1552\r\n"
        "        URL groups:\r\n"
        "        URL group ID: F800000040000001\r\n"
        "            Request queue name: Request queue is unnamed.\r\n"
        "            Registered URLs:\r\n"
        "                HTTP://+:80/\r\n";
    unsigned ports[] = { 80, 5985 };
    long     pids[] = { 1552, 944 };
    size_t   i;

    for (i = 0; i < 2; i++) {
        start(sizeof(pf_request_queue_t));
        pf_array_init(&notes, pool, 0, sizeof(char *));
        partial = 0;
        PF_ASSERT_EQ_FATAL(pf_netsh_read_servicestate(pool, text,
                           sizeof(text) - 1, ports[i], &into, &err), PF_OK);
        PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
        PF_ASSERT_SIZE_EQ_FATAL(queue(0)->pids.nelts, 1);
        PF_ASSERT_EQ(pid_of(queue(0), 0), pids[i]);
        PF_ASSERT_EQ(partial, 0);
        finish();
    }
}

/* Newer Windows, session view (HTB "Overwatch", tests/cases/
 * win-overwatch-wcf-8000): the queue carries its URL, and the URL group
 * naming an unnamed queue adds no second, process-less one. */
static void
test_session_view_urls_under_queue(void)
{
    static const char text[] =
        "Server session ID: FD00000010000001\r\n"
        "    URL groups:\r\n"
        "    URL group ID: FC00000020000001\r\n"
        "        Request queue name: Request queue is unnamed.\r\n"
        "        Registered URLs:\r\n"
        "            HTTP://+:8000/MONITORSERVICE/\r\n"
        "\r\n"
        "Request queues:\r\n"
        "    Request queue name: Request queue is unnamed.\r\n"
        "        Number of active processes attached: 1\r\n"
        "        Processes:\r\n"
        "            ID: 1412, image: <?>\r\n"
        "        Registered URLs:\r\n"
        "            HTTP://+:5985/WSMAN/\r\n"
        "\r\n"
        "    Request queue name: Request queue is unnamed.\r\n"
        "        Number of active processes attached: 1\r\n"
        "        Processes:\r\n"
        "            ID: 4796, image: <?>\r\n"
        "        Registered URLs:\r\n"
        "            HTTP://+:8000/MONITORSERVICE/\r\n";

    start(sizeof(pf_request_queue_t));
    pf_array_init(&notes, pool, 0, sizeof(char *));
    partial = 0;
    PF_ASSERT_EQ_FATAL(pf_netsh_read_servicestate(pool, text,
                       sizeof(text) - 1, 8000, &into, &err), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_EQ(pid_of(queue(0), 0), 4796);
    PF_ASSERT_EQ(partial, 0);
    PF_ASSERT_SIZE_EQ(notes.nelts, 0);
    finish();
}

static void
test_is_utf16(void)
{
    CU_ASSERT_TRUE(pf_netsh_is_utf16("\xff\xfeR\0", 4));
    CU_ASSERT_TRUE(pf_netsh_is_utf16("R\0e\0q\0", 6));
    CU_ASSERT_TRUE(pf_netsh_is_utf16("\xfe\xff\0R", 4));
    CU_ASSERT_FALSE(pf_netsh_is_utf16("Request", 7));
    /* cp850 "Anforderungswarteschlange" bytes are no UTF-16 */
    CU_ASSERT_FALSE(pf_netsh_is_utf16("Pr\x81" "fung", 7));
    CU_ASSERT_FALSE(pf_netsh_is_utf16(NULL, 0));
}

/* Names, images and URLs come from whoever registered them: control
 * characters are kept as text, never as bytes. */
static void
test_control_characters_inert(void)
{
    static const char text[] =
        "Request queue name: Pool\x1b[2J\r\n"
        "    Number of active processes attached: 1\r\n"
        "    Processes:\r\n"
        "        ID: 77, image: C:\\x\x07.exe\r\n"
        "    Registered URLs:\r\n"
        "        HTTP://+:80/a\x1b" "b/\r\n";

    start(sizeof(pf_request_queue_t));
    PF_ASSERT_EQ_FATAL(pf_netsh_parse_servicestate(pool, text,
                       sizeof(text) - 1, 80, &out, &err), PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_STR(queue(0)->name, "Pool\\x1b[2J");
    PF_ASSERT_STR(image_of(queue(0), 0), "C:\\x\\x07.exe");
    PF_ASSERT_STR(url_of(queue(0), 0), "HTTP://+:80/a\\x1bb/");
    finish();
}

static void
test_url_parse(void)
{
    pf_netsh_url_t u;

    PF_ASSERT_EQ_FATAL(pf_netsh_url_parse("HTTP://127.0.0.1:8000:127.0.0.1/",
                                          32, &u), PF_OK);
    PF_ASSERT_EQ(u.port, 8000);
    PF_ASSERT_EQ(u.host_len, 9);
    PF_ASSERT_EQ(u.bound_len, 9);
    PF_ASSERT_NSTR_EQ(u.bound, "127.0.0.1", 9);
    PF_ASSERT_EQ_FATAL(pf_netsh_url_parse("http://+:80/x/", 14, &u), PF_OK);
    PF_ASSERT_EQ(u.bound_len, 0);
    PF_ASSERT_NSTR_EQ(u.host, "+", 1);
    PF_ASSERT_EQ(pf_netsh_url_port("HTTP://127.0.0.1:8000:127.0.0.1/", 32),
                 8000);
    PF_ASSERT_EQ(pf_netsh_url_parse("http://h:80:/", 13, &u), PF_ERROR);
}

static pf_port_range_t *
range(size_t i)
{
    CU_ASSERT_FATAL(i < out.nelts);
    return &PF_ARRAY_AT(&out, pf_port_range_t, i);
}

static void
test_excluded_english(void)
{
    const char *names[] = { "excluded_en.txt", "excluded_en_utf16.txt" };
    size_t      i;

    for (i = 0; i < 2; i++) {
        start(sizeof(pf_port_range_t));
        PF_ASSERT_EQ_FATAL(parse_excluded(names[i], PF_FAMILY_INET),
                           PF_OK);
        PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 4);
        PF_ASSERT_EQ(range(0)->start, 1080);
        PF_ASSERT_EQ(range(0)->end, 1179);
        PF_ASSERT_EQ(range(0)->administered, 0);
        PF_ASSERT_EQ(range(0)->family, PF_FAMILY_INET);
        PF_ASSERT_EQ(range(3)->start, 50000);
        PF_ASSERT_EQ(range(3)->end, 50059);
        PF_ASSERT_EQ(range(3)->administered, 1);
        finish();
    }
}

static void
test_excluded_translated(void)
{
    const char *names[] = { "excluded_de.txt", "excluded_de_cp850.txt" };
    size_t      i;

    for (i = 0; i < 2; i++) {
        start(sizeof(pf_port_range_t));
        PF_ASSERT_EQ_FATAL(parse_excluded(names[i], PF_FAMILY_INET6),
                           PF_OK);
        PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 3);
        PF_ASSERT_EQ(range(0)->start, 80);
        PF_ASSERT_EQ(range(0)->end, 80);
        PF_ASSERT_EQ(range(0)->family, PF_FAMILY_INET6);
        PF_ASSERT_EQ(range(2)->administered, 1);
        finish();
    }
    start(sizeof(pf_port_range_t));
    PF_ASSERT_EQ_FATAL(parse_excluded("excluded_fr.txt", PF_FAMILY_INET),
                       PF_OK);
    PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
    PF_ASSERT_EQ(range(0)->start, 8080);
    PF_ASSERT_EQ(range(0)->end, 8179);
    finish();
    for (i = 0; i < 2; i++) {
        start(sizeof(pf_port_range_t));
        PF_ASSERT_EQ_FATAL(parse_excluded(i ? "excluded_ja_cp932.txt"
                                            : "excluded_ja.txt",
                                          PF_FAMILY_INET), PF_OK);
        PF_ASSERT_SIZE_EQ_FATAL(out.nelts, 1);
        PF_ASSERT_EQ(range(0)->start, 7000);
        PF_ASSERT_EQ(range(0)->administered, 1);
        finish();
    }
}

static void
test_excluded_none(void)
{
    start(sizeof(pf_port_range_t));
    PF_ASSERT_EQ(parse_excluded("excluded_none.txt", PF_FAMILY_INET),
                 PF_OK);
    PF_ASSERT_SIZE_EQ(out.nelts, 0);
    finish();
}

static void
test_excluded_failures(void)
{
    start(sizeof(pf_port_range_t));
    PF_ASSERT_EQ(parse_excluded("excluded_bad.txt", PF_FAMILY_INET),
                 PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "line 7");
    PF_ASSERT_CONTAINS(err.message, "28x9");
    finish();
    start(sizeof(pf_port_range_t));
    PF_ASSERT_EQ(parse_excluded("excluded_reversed.txt", PF_FAMILY_INET),
                 PF_ERROR);
    finish();
    start(sizeof(pf_port_range_t));
    PF_ASSERT_EQ(pf_netsh_parse_excluded(pool, "", 0, PF_FAMILY_INET,
                                         &out, &err), PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "printed nothing");
    finish();
    start(sizeof(pf_port_range_t));
    PF_ASSERT_EQ(pf_netsh_parse_excluded(pool, "Access is denied.\r\n", 19,
                                         PF_FAMILY_INET, &out, &err),
                 PF_ERROR);
    PF_ASSERT_CONTAINS(err.message, "no table");
    finish();
    start(sizeof(pf_port_range_t));
    PF_ASSERT_EQ(pf_netsh_parse_excluded(pool, "1 70000\n", 8,
                                         PF_FAMILY_INET, &out, &err),
                 PF_ERROR);
    finish();
}

/* Truncated copies of every sample: an error or a result, never a
 * crash (and clean under the sanitizers). */
static void
test_truncated_inputs(void)
{
    const char *names[] = {
        "servicestate_en.txt", "servicestate_en_utf16.txt",
        "servicestate_ja.txt", "excluded_en_utf16.txt", "excluded_de.txt"
    };
    size_t      i, n, len;
    const char *text;
    char       *copy;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        start(sizeof(pf_request_queue_t));
        text = fixture(names[i], &len);
        PF_ASSERT_NOT_NULL_FATAL(text);
        for (n = 0; n <= len; n += 7) {
            copy = malloc(n ? n : 1);
            PF_ASSERT_NOT_NULL_FATAL(copy);
            memcpy(copy, text, n);
            (void) pf_netsh_parse_servicestate(pool, copy, n, 80, &out, &err);
            free(copy);
        }
        finish();
        start(sizeof(pf_port_range_t));
        text = fixture(names[i], &len);
        for (n = 0; n <= len; n += 5) {
            copy = malloc(n ? n : 1);
            PF_ASSERT_NOT_NULL_FATAL(copy);
            memcpy(copy, text, n);
            (void) pf_netsh_parse_excluded(pool, copy, n, PF_FAMILY_INET,
                                           &out, &err);
            free(copy);
        }
        finish();
    }
}

static CU_TestInfo servicestate_tests[] = {
    { "English: queues, PIDs and URLs on the port", test_servicestate_english },
    { "UTF-16LE with a BOM is converted", test_servicestate_utf16 },
    { "URLs are filtered by port", test_servicestate_other_ports },
    { "German, UTF-8 and code page 850", test_servicestate_german },
    { "French, UTF-8 and code page 850", test_servicestate_french },
    { "Japanese, UTF-8 and code page 932", test_servicestate_japanese },
    { "no request queues", test_servicestate_no_queues },
    { "failures are reported", test_servicestate_failures },
    { "URL ports", test_url_port },
    { "IP-bound URLs", test_url_parse },
    { "UTF-16 is told from 8-bit text", test_is_utf16 },
    { "control characters stay inert", test_control_characters_inert },
    { "capture: IIS, server-session view, idle pool",
      test_capture_iis_session_view },
    { "capture: BranchCache, server-session view", test_capture_branchcache },
    { "capture: SSRS, request queue view", test_capture_ssrs_requestq },
    { "newer layout: images and services", test_newer_layout_services },
    { "capture: newer layout, services beside the item",
      test_capture_newer_layout },
    { "a line not understood is a note", test_unreadable_is_a_note },
    { "queue headers shifted right are the next queues",
      test_shifted_queue_headers },
    { "session view: URL groups of queues that carry their URLs",
      test_session_view_urls_under_queue },
    CU_TEST_INFO_NULL
};

static CU_TestInfo excluded_tests[] = {
    { "English, UTF-8 and UTF-16LE", test_excluded_english },
    { "translated and code pages", test_excluded_translated },
    { "no ranges", test_excluded_none },
    { "failures are reported", test_excluded_failures },
    { "truncated input never crashes", test_truncated_inputs },
    CU_TEST_INFO_NULL
};

static CU_SuiteInfo suites[] = {
    { "netsh servicestate", NULL, NULL, NULL, NULL, servicestate_tests },
    { "netsh excludedportrange", NULL, NULL, NULL, NULL, excluded_tests },
    CU_SUITE_INFO_NULL
};

PF_TEST_MAIN(suites)
