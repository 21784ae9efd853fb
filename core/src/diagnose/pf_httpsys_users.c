/*
 * Who is known to register URLs with HTTP.sys (the HTTP Server API), by
 * service name and by URL reservation.  A table, so that adding one is
 * one line.
 */
#include <ctype.h>
#include <string.h>

#include "pf_diagnose.h"

typedef struct {
    const char *name;        /* service name; a trailing '*' is a prefix */
    const char *what;
} pf_httpsys_user_t;

static const pf_httpsys_user_t pf_httpsys_services[] = {
    { "W3SVC",          "IIS (World Wide Web Publishing Service)" },
    { "WAS",            "IIS (Windows Process Activation Service)" },
    { "MsDepSvc",       "Web Deployment Agent Service" },
    { "ReportServer*",  "SQL Server Reporting Services" },
    { "SQLServerReportingServices", "SQL Server Reporting Services" },
    { "PeerDistSvc",    "BranchCache" },
    { "WinRM",          "Windows Remote Management" },
    { "WMSVC",          "IIS Web Management Service" },
    { "WMPNetworkSvc",  "Windows Media Player Network Sharing Service" },
    { "SSDPSRV",        "SSDP Discovery" },
    { "upnphost",       "UPnP Device Host" },
    { NULL,             NULL }
};

/* Reservations Windows makes itself, by a part of the URL. */
static const pf_httpsys_user_t pf_httpsys_reservations[] = {
    { "/Temporary_Listen_Addresses/", "WCF (Windows Communication "
                                      "Foundation) temporary addresses" },
    { "/116B50EB-ECE2-41ac-8429-9F9E963361B7/", "BranchCache" },
    { "/wsman/",        "Windows Remote Management" },
    { "/ReportServer",  "SQL Server Reporting Services" },
    { "/Reports",       "SQL Server Reporting Services" },
    { "/MsDeployAgentService/", "Web Deployment Agent Service" },
    { NULL,             NULL }
};

/* The ports a service registers by default, and whether stopping it
 * takes something away a host relies on (remote management, discovery,
 * BranchCache): those are never stopped or disabled by preflight. */
typedef struct {
    const char *name;        /* as in pf_httpsys_services */
    unsigned    ports[4];    /* 0-terminated */
    int         guarded;
} pf_httpsys_port_t;

static const pf_httpsys_port_t pf_httpsys_ports[] = {
    { "W3SVC",          { 80, 443, 0 }, 0 },
    { "WAS",            { 80, 443, 0 }, 0 },
    { "MsDepSvc",       { 80, 0 }, 0 },          /* /MsDeployAgentService/ */
    { "WMSVC",          { 8172, 0 }, 0 },
    { "ReportServer*",  { 80, 443, 0 }, 0 },
    { "SQLServerReportingServices", { 80, 443, 0 }, 0 },
    { "PeerDistSvc",    { 80, 443, 0 }, 1 },
    { "WinRM",          { 5985, 5986, 47001, 0 }, 1 },
    { "WMPNetworkSvc",  { 10243, 0 }, 0 },
    { "SSDPSRV",        { 2869, 0 }, 1 },
    { "upnphost",       { 2869, 0 }, 1 },
    { NULL,             { 0 }, 0 }
};

/* ASCII, so that the same code runs under every C library. */
static int
pf_ncaseeq(const char *a, const char *b, size_t n)
{
    for (; n > 0; n--, a++, b++) {
        if (tolower((unsigned char) *a) != tolower((unsigned char) *b)) {
            return 0;
        }
        if (*a == '\0') {
            return 1;
        }
    }
    return 1;
}

static int
pf_name_matches(const char *pattern, const char *name)
{
    size_t n = strlen(pattern);

    if (n > 0 && pattern[n - 1] == '*') {
        return pf_ncaseeq(pattern, name, n - 1);
    }
    return strlen(name) == n && pf_ncaseeq(pattern, name, n);
}

const char *
pf_httpsys_service_user(const char *service)
{
    const pf_httpsys_user_t *u;

    for (u = pf_httpsys_services; service != NULL && u->name; u++) {
        if (pf_name_matches(u->name, service)) {
            return u->what;
        }
    }
    return NULL;
}

static const char *
pf_strcasestr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++) {
        if (pf_ncaseeq(hay, needle, n)) {
            return hay;
        }
    }
    return NULL;
}

const char *
pf_httpsys_reservation_user(const char *url)
{
    const pf_httpsys_user_t *u;

    for (u = pf_httpsys_reservations; url != NULL && u->name; u++) {
        if (pf_strcasestr(url, u->name) != NULL) {
            return u->what;
        }
    }
    return NULL;
}

/* "http://+:80/x/" is 80; "https://host/" is 443 by default */
unsigned
pf_httpsys_url_port(const char *url)
{
    const char *host, *p;
    unsigned    port = 0;

    host = url != NULL ? strstr(url, "://") : NULL;
    if (host == NULL) {
        return 0;
    }
    host += 3;
    p = host;
    if (*p == '[') {
        p = strchr(p, ']');
        if (p == NULL) {
            return 0;
        }
    }
    for (; *p && *p != ':' && *p != '/'; p++) {
        /* the host name */
    }
    if (*p != ':') {
        return pf_ncaseeq(url, "https", 5) ? 443 : 80;
    }
    for (p++; isdigit((unsigned char) *p); p++) {
        port = port * 10 + (unsigned) (*p - '0');
        if (port > 65535) {
            return 0;
        }
    }
    return port;
}

static const pf_httpsys_port_t *
pf_httpsys_port_entry(const char *service)
{
    const pf_httpsys_port_t *e;

    for (e = pf_httpsys_ports; service != NULL && e->name; e++) {
        if (pf_name_matches(e->name, service)) {
            return e;
        }
    }
    return NULL;
}

int
pf_httpsys_service_on_port(const char *service, unsigned port)
{
    const pf_httpsys_port_t *e = pf_httpsys_port_entry(service);
    size_t                   i;

    for (i = 0; e != NULL && i < 4 && e->ports[i] != 0; i++) {
        if (e->ports[i] == port) {
            return 1;
        }
    }
    return 0;
}

int
pf_httpsys_service_protected(const char *service)
{
    const pf_httpsys_port_t *e = pf_httpsys_port_entry(service);

    return e != NULL && e->guarded;
}

/* Well-known SIDs of urlacl SDDLs, as `netsh http show urlacl` names
 * them ("D:(A;;GX;;;WD)" is Everyone). */
static const pf_httpsys_user_t pf_httpsys_sids[] = {
    { "WD", "Everyone" },
    { "BU", "BUILTIN\\Users" },
    { "AU", "Authenticated Users" },
    { "NS", "NETWORK SERVICE" },
    { "LS", "LOCAL SERVICE" },
    { "SY", "SYSTEM" },
    { "BA", "Administrators" },
    { "IU", "Interactive users" },
    { NULL, NULL }
};

/* Who an SDDL grants, "Everyone, NETWORK SERVICE"; NULL when none of
 * its ACEs names a well-known SID (the SDDL is then shown as it is). */
const char *
pf_httpsys_sddl_users(pf_pool_t *pool, const char *sddl)
{
    const pf_httpsys_user_t *u;
    const char              *p, *sid;
    pf_buf_t                 b;
    char                    *out;

    if (sddl == NULL) {
        return NULL;
    }
    pf_buf_init(&b);
    for (p = strchr(sddl, '('); p != NULL; p = strchr(p + 1, '(')) {
        sid = strchr(p, ')');
        if (sid == NULL || sid - p < 3) {
            break;
        }
        for (u = pf_httpsys_sids; u->name; u++) {
            if (sid - p >= 3 && sid[-3] == ';'
                && memcmp(sid - 2, u->name, 2) == 0)
            {
                pf_buf_printf(&b, "%s%s", b.len ? ", " : "", u->what);
            }
        }
    }
    out = b.len ? pf_pstrndup(pool, b.data, b.len) : NULL;
    pf_buf_free(&b);
    return out;
}
