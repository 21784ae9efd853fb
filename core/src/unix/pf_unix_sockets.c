/*
 * A host's socket address, read (pf_host_sockets.c): the inet families
 * and nginx's unix sockets.
 */
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "preflight_internal.h"
#include "pf_platform.h"

void
pf_platform_socket_read(pf_host_socket_t *s)
{
    const struct sockaddr *sa = s->bind.sockaddr;

    s->family = -1;
    s->port = 0;
    s->path = NULL;
    memset(s->addr, 0, sizeof(s->addr));
    if (sa == NULL || s->bind.socklen < sizeof(sa_family_t)) {
        return;
    }
    if (sa->sa_family == AF_INET
        && s->bind.socklen >= sizeof(struct sockaddr_in))
    {
        const struct sockaddr_in *sin = s->bind.sockaddr;

        s->family = PF_FAMILY_INET;
        s->port = ntohs(sin->sin_port);
        memcpy(s->addr, &sin->sin_addr, 4);
    } else if (sa->sa_family == AF_INET6
               && s->bind.socklen >= sizeof(struct sockaddr_in6))
    {
        const struct sockaddr_in6 *sin6 = s->bind.sockaddr;

        s->family = PF_FAMILY_INET6;
        s->port = ntohs(sin6->sin6_port);
        memcpy(s->addr, &sin6->sin6_addr, 16);
    } else if (sa->sa_family == AF_UNIX) {
        /* a path nginx has checked for length already */
        s->family = PF_FAMILY_UNIX;
        s->path = ((const struct sockaddr_un *) s->bind.sockaddr)->sun_path;
    }
}

int
pf_platform_socket_text(const pf_host_socket_t *s, char *out, size_t len)
{
    int af = s->family == PF_FAMILY_INET ? AF_INET : AF_INET6;

    return inet_ntop(af, s->addr, out, (socklen_t) len) != NULL
           ? PF_OK : PF_ERROR;
}

void
pf_platform_socket_close(int fd)
{
    (void) close(fd);
}
