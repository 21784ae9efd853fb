/*
 * The servers on Windows as their usual distributions install them
 * (XAMPP, Apache Lounge, nginx's zip): where their configurations and
 * executables are, how httpd binds [::]; and whether preflight runs
 * elevated.
 */
#include "pf_win.h"

#include "pf_platform.h"

const char *
pf_platform_name(void)
{
    return "windows";
}

const char *const *
pf_platform_default_configs(pf_server_t s)
{
    static const char *const apache[] = {
        "C:\\xampp\\apache\\conf\\httpd.conf",
        "C:\\Apache24\\conf\\httpd.conf",
        "C:\\Program Files\\Apache Software Foundation\\Apache2.4\\conf\\"
            "httpd.conf",
        "C:\\Apache2\\conf\\httpd.conf",
        NULL
    };
    static const char *const nginx[] = {
        "C:\\nginx\\conf\\nginx.conf",
        "C:\\tools\\nginx\\conf\\nginx.conf",
        NULL
    };

    return s == PF_SERVER_APACHE ? apache : s == PF_SERVER_NGINX ? nginx
                                                                : NULL;
}

const char *
pf_platform_server_exe(pf_server_t s)
{
    static const char *const apache[] = {
        "C:\\xampp\\apache\\bin\\httpd.exe",
        "C:\\Apache24\\bin\\httpd.exe",
        "C:\\Program Files\\Apache Software Foundation\\Apache2.4\\bin\\"
            "httpd.exe",
        NULL
    };
    static const char *const nginx[] = {
        "C:\\nginx\\nginx.exe", "C:\\tools\\nginx\\nginx.exe", NULL
    };
    const char *const *p = s == PF_SERVER_APACHE ? apache
                         : s == PF_SERVER_NGINX ? nginx : NULL;

    for (; p != NULL && *p != NULL; p++) {
        if (GetFileAttributesA(*p) != INVALID_FILE_ATTRIBUTES) {
            return *p;
        }
    }
    return NULL;
}

/* An elevated token: what stopping a service or changing HTTP.sys
 * needs (an administrator's unelevated token is not enough). */
int
pf_platform_is_admin(void)
{
    HANDLE          token;
    TOKEN_ELEVATION elevation;
    DWORD           len = 0;
    int             admin = 0;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
        return 0;
    }
    if (GetTokenInformation(token, TokenElevation, &elevation,
                            sizeof(elevation), &len))
    {
        admin = elevation.TokenIsElevated != 0;
    }
    CloseHandle(token);
    return admin;
}

/* Whether httpd binds [::] dual-stack: the Windows build of httpd binds
 * [::] IPv6-only and 0.0.0.0 beside it. */
int
pf_platform_apache_v4_mapped(void)
{
    return 0;
}
