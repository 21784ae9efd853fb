/*
 * Host facts on Linux: who we are, the unprivileged port start
 * (pf_unix_probe.c reads it), our
 * CAP_NET_BIND_SERVICE, SELinux, local addresses, IPv6, systemd.  Files
 * are read under ctx->proc_root and ctx->sys_root so tests can fake them.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "preflight_internal.h"
#include "pf_platform.h"
#include "pf_linux.h"

static int
pf_host_selinux(const char *sys_root)
{
    char path[1024];

    snprintf(path, sizeof(path), "%s/fs/selinux/enforce", sys_root);
    return (int) pf_unix_read_long(path, -1);
}

static int
pf_host_cap(pf_pool_t *pool, const char *proc_root)
{
    char    path[1024];
    char   *text;
    size_t  len;

    snprintf(path, sizeof(path), "%s/self/status", proc_root);
    text = pf_unix_read_text(pool, path, 16384, &len);
    return pf_linux_status_parse(text, NULL, NULL);
}

static int
pf_host_ipv6(const char *proc_root)
{
    char        path[1024];
    struct stat st;
    int         fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    if (fd != -1) {
        close(fd);
        return 1;
    }
    if (errno == EAFNOSUPPORT) {
        return 0;
    }
    snprintf(path, sizeof(path), "%s/net/if_inet6", proc_root);
    return stat(path, &st) == 0 ? 1 : -1;
}

static int
pf_host_systemd(pf_pool_t *pool, const char *proc_root)
{
    struct stat  st;
    char         path[1024];
    const char  *comm;

    if (stat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode)) {
        return 1;
    }
    snprintf(path, sizeof(path), "%s/1/comm", proc_root);
    comm = pf_unix_read_line(pool, path);
    return comm != NULL && strcmp(comm, "systemd") == 0;
}

static void
pf_host_addresses(pf_host_facts_t *h)
{
    struct ifaddrs *ifa, *i;
    char            buf[PF_ADDRSTRLEN];
    socklen_t       len;

    if (getifaddrs(&ifa) != 0) {
        pf_array_push_strf(&h->notes, "cannot list local addresses: %s",
                           strerror(errno));
        return;
    }
    for (i = ifa; i != NULL; i = i->ifa_next) {
        if (i->ifa_addr == NULL || (i->ifa_addr->sa_family != AF_INET
                                    && i->ifa_addr->sa_family != AF_INET6))
        {
            continue;
        }
        len = i->ifa_addr->sa_family == AF_INET
              ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
        if (getnameinfo(i->ifa_addr, len, buf, sizeof(buf), NULL, 0,
                        NI_NUMERICHOST) == 0)
        {
            /* drop the "%eth0" zone of link-local addresses */
            buf[strcspn(buf, "%")] = '\0';
            pf_array_push_str(&h->local_addresses, buf);
        }
    }
    freeifaddrs(ifa);
}

void
pf_linux_host_facts(const pf_context_t *ctx, pf_pool_t *pool,
                   pf_host_facts_t *h)
{
    h->platform = pf_platform_name();
    h->euid = (long) geteuid();
    h->is_admin = pf_platform_is_admin();
    h->unprivileged_port_start =
        pf_linux_unprivileged_port_start_at(ctx->proc_root);
    h->cap_net_bind_service = pf_host_cap(pool, ctx->proc_root);
    h->selinux = pf_host_selinux(ctx->sys_root);
    h->ipv6 = pf_host_ipv6(ctx->proc_root);
    h->systemd = pf_host_systemd(pool, ctx->proc_root);
    pf_host_addresses(h);
}

/* Where the ports a user may bind start: EACCES below it is privilege. */
int
pf_linux_unprivileged_port_start_at(const char *proc_root)
{
    char path[1024];

    snprintf(path, sizeof(path), "%s/sys/net/ipv4/ip_unprivileged_port_start",
             proc_root);
    return (int) pf_unix_read_long(path, 1024);
}

int
pf_linux_unprivileged_port_start(void)
{
    return pf_linux_unprivileged_port_start_at("/proc");
}
