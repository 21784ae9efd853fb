/*
 * A host's socket address, read (pf_host_sockets.c): the inet families
 * (nginx for Windows has no unix sockets).
 */
#include "pf_win.h"

#include <string.h>

#include "pf_platform.h"

void
pf_platform_socket_read(pf_host_socket_t *s)
{
    const struct sockaddr *sa = s->bind.sockaddr;

    s->family = -1;
    s->port = 0;
    s->path = NULL;
    memset(s->addr, 0, sizeof(s->addr));
    if (sa == NULL || s->bind.socklen < sizeof(sa->sa_family)) {
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
    }
}

int
pf_platform_socket_text(const pf_host_socket_t *s, char *out, size_t len)
{
    int af = s->family == PF_FAMILY_INET ? AF_INET : AF_INET6;

    return inet_ntop(af, (void *) s->addr, out, len) != NULL
           ? PF_OK : PF_ERROR;
}

/* The core keeps no socket on Windows (pf_probe_keep_sockaddr). */
void
pf_platform_socket_close(int fd)
{
    (void) closesocket((SOCKET) fd);
}
