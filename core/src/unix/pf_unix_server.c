/*
 * The servers on Unix as packages install them: where their
 * configurations and executables are, how httpd binds [::]; and whether
 * preflight runs with the rights to change what a remedy changes.
 */
#include <unistd.h>

#include "preflight_internal.h"
#include "pf_platform.h"

const char *
pf_platform_name(void)
{
#if defined(__linux__)
    return "linux";
#elif defined(__APPLE__)
    return "macos";
#elif defined(__FreeBSD__)
    return "freebsd";
#else
    return "unix";
#endif
}

const char *const *
pf_platform_default_configs(pf_server_t s)
{
    static const char *const apache[] = {
        "/etc/apache2/apache2.conf",          /* Debian, Ubuntu */
        "/etc/httpd/conf/httpd.conf",         /* Fedora, RHEL, Arch */
        "/usr/local/etc/apache24/httpd.conf", /* FreeBSD */
        "/opt/lampp/etc/httpd.conf",          /* XAMPP for Linux */
        NULL
    };
    static const char *const nginx[] = {
        "/etc/nginx/nginx.conf",
        "/usr/local/etc/nginx/nginx.conf",
        "/usr/local/nginx/conf/nginx.conf",
        NULL
    };

    return s == PF_SERVER_APACHE ? apache : s == PF_SERVER_NGINX ? nginx
                                                                : NULL;
}

const char *
pf_platform_server_exe(pf_server_t s)
{
    static const char *const apache[] = {
        "/usr/sbin/apache2", "/usr/sbin/httpd", NULL
    };
    static const char *const nginx[] = { "/usr/sbin/nginx", NULL };
    const char *const *p = s == PF_SERVER_APACHE ? apache
                         : s == PF_SERVER_NGINX ? nginx : NULL;

    for (; p != NULL && *p != NULL; p++) {
        if (access(*p, X_OK) == 0) {
            return *p;
        }
    }
    return NULL;
}

int
pf_platform_is_admin(void)
{
    return geteuid() == 0;
}

/* Whether httpd binds [::] dual-stack: httpd's configure enables v4-mapped
 * addresses on every system but a few BSDs. */
int
pf_platform_apache_v4_mapped(void)
{
    return 1;
}
