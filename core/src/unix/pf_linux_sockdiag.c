/*
 * Listeners on one port from NETLINK_SOCK_DIAG, as `ss 'sport = :PORT'`
 * does: the kernel runs a bytecode filter on the source port, so on a
 * host with tens of thousands of sockets only that port's come back.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/inet_diag.h>

#include "preflight_internal.h"
#include "pf_linux.h"

#define PF_TCP_ESTABLISHED  1
#define PF_TCP_LISTEN       10
#define PF_TCP_CLOSE        7
#define PF_TCP_TIME_WAIT    6
#define PF_TCP_ALL_STATES   0xfffu
#define PF_DIAG_CGROUP_ID   21   /* INET_DIAG_CGROUP_ID, older headers lack it */

/* "sport >= P && sport <= P": S_GE/S_LE exist on every kernel with
 * sock_diag (S_EQ only since 4.16).  A failed test jumps 4 bytes past
 * the end, which rejects the socket. */
typedef struct {
    struct inet_diag_bc_op ge;
    struct inet_diag_bc_op ge_port;
    struct inet_diag_bc_op le;
    struct inet_diag_bc_op le_port;
} pf_port_filter_t;

typedef struct {
    struct nlmsghdr          nlh;
    struct inet_diag_req_v2  req;
    struct rtattr            rta;
    pf_port_filter_t         bc;
} pf_diag_request_t;

static void
pf_sockdiag_port_filter(pf_port_filter_t *f, unsigned port)
{
    unsigned short len = (unsigned short) sizeof(*f);

    memset(f, 0, sizeof(*f));
    f->ge.code = INET_DIAG_BC_S_GE;
    f->ge.yes = 2 * sizeof(struct inet_diag_bc_op);
    f->ge.no = len + 4;
    f->ge_port.no = (unsigned short) port;
    f->le.code = INET_DIAG_BC_S_LE;
    f->le.yes = 2 * sizeof(struct inet_diag_bc_op);
    f->le.no = (unsigned short) (len - 2 * sizeof(struct inet_diag_bc_op)
                                 + 4);
    f->le_port.no = (unsigned short) port;
}

static int
pf_sockdiag_send(int fd, int family, pf_proto_t proto, unsigned port,
                 unsigned states, unsigned seq)
{
    pf_diag_request_t   m;
    struct sockaddr_nl  nladdr;

    memset(&m, 0, sizeof(m));
    m.nlh.nlmsg_len = sizeof(m);
    m.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    m.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    m.nlh.nlmsg_seq = seq;
    m.req.sdiag_family = (unsigned char) family;
    m.req.sdiag_protocol = proto == PF_PROTO_UDP ? IPPROTO_UDP
                                                 : IPPROTO_TCP;
    m.req.idiag_states = states;
    m.rta.rta_type = INET_DIAG_REQ_BYTECODE;
    m.rta.rta_len = RTA_LENGTH(sizeof(m.bc));
    pf_sockdiag_port_filter(&m.bc, port);

    memset(&nladdr, 0, sizeof(nladdr));
    nladdr.nl_family = AF_NETLINK;
    if (sendto(fd, &m, sizeof(m), 0, (struct sockaddr *) &nladdr,
               sizeof(nladdr)) != (ssize_t) sizeof(m))
    {
        return -1;
    }
    return 0;
}

static int
pf_sockdiag_v6only(const struct nlmsghdr *h, const struct inet_diag_msg *m)
{
    const struct rtattr *a = (const struct rtattr *) (m + 1);
    int                  len = (int) h->nlmsg_len
                               - NLMSG_LENGTH(sizeof(*m));

    for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == INET_DIAG_SKV6ONLY
            && RTA_PAYLOAD(a) >= 1)
        {
            return *(const unsigned char *) RTA_DATA(a) != 0;
        }
    }
    return -1;
}

/* The attributes read: IPV6ONLY, and the cgroup id the kernel sends
 * unasked since 5.7 (the creator's cgroup v2, an inode of cgroupfs). */
static void
pf_sockdiag_attrs(const struct nlmsghdr *h, const struct inet_diag_msg *m,
                  pf_listener_t *l)
{
    const struct rtattr *a = (const struct rtattr *) (m + 1);
    int                  len = (int) h->nlmsg_len
                               - NLMSG_LENGTH(sizeof(*m));

    for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == PF_DIAG_CGROUP_ID
            && RTA_PAYLOAD(a) >= sizeof(l->cgroup_id))
        {
            memcpy(&l->cgroup_id, RTA_DATA(a), sizeof(l->cgroup_id));
        }
    }
}

static int
pf_sockdiag_add(pf_pool_t *pool, const struct nlmsghdr *h, pf_proto_t proto,
                pf_array_t *listeners)
{
    const struct inet_diag_msg *m = NLMSG_DATA(h);
    pf_listener_t              *l;

    if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m))) {
        return PF_OK;
    }
    l = pf_array_push(listeners);
    if (l == NULL) {
        return PF_ENOMEM;
    }
    pf_listener_init(l, pool);
    l->family = m->idiag_family == AF_INET6 ? PF_FAMILY_INET6
                                             : PF_FAMILY_INET;
    l->port = ntohs(m->id.idiag_sport);
    l->proto = proto;
    l->inode = m->idiag_inode;
    l->uid = (long) m->idiag_uid;
    if (inet_ntop(m->idiag_family, m->id.idiag_src, l->address,
                  sizeof(l->address)) == NULL)
    {
        snprintf(l->address, sizeof(l->address), "?");
    }
    if (m->idiag_family == AF_INET6) {
        l->v6only = pf_sockdiag_v6only(h, m);
    }
    pf_sockdiag_attrs(h, m, l);
    return PF_OK;
}

/* NLMSG_OK without its signed/unsigned comparison. */
static int
pf_sockdiag_nlmsg_ok(const struct nlmsghdr *h, int len)
{
    return len >= (int) sizeof(*h) && h->nlmsg_len >= sizeof(*h)
           && h->nlmsg_len <= (unsigned) len;
}

/* Reads the dump answering seq; 1 done, 0 more to read, -1 error. */
static int
pf_sockdiag_read(int fd, pf_pool_t *pool, pf_proto_t proto, unsigned seq,
                 pf_array_t *listeners, int *kerr)
{
    long             buf[8192];
    struct nlmsghdr *h;
    ssize_t          n;
    int              len;

    n = recv(fd, buf, sizeof(buf), 0);
    if (n == -1) {
        return errno == EINTR ? 0 : -1;
    }
    len = (int) n;
    for (h = (struct nlmsghdr *) buf; pf_sockdiag_nlmsg_ok(h, len);
         h = NLMSG_NEXT(h, len))
    {
        if (h->nlmsg_seq != seq) {
            continue;
        }
        if (h->nlmsg_type == NLMSG_DONE) {
            return 1;
        }
        if (h->nlmsg_type == NLMSG_ERROR) {
            const struct nlmsgerr *e = NLMSG_DATA(h);

            *kerr = h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) ? -e->error
                                                             : EIO;
            return -1;
        }
        if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY
            && pf_sockdiag_add(pool, h, proto, listeners) != PF_OK)
        {
            *kerr = ENOMEM;
            return -1;
        }
    }
    return n == 0 ? -1 : 0;
}

static int
pf_sockdiag_family(int fd, const pf_linux_sock_query_t *q, int family,
                   unsigned seq, int *kerr)
{
    int rc;

    if (pf_sockdiag_send(fd, family, q->proto, q->port, q->states, seq) != 0)
    {
        *kerr = errno;
        return -1;
    }
    do {
        rc = pf_sockdiag_read(fd, q->pool, q->proto, seq, q->listeners,
                              kerr);
    } while (rc == 0);
    if (rc == -1 && *kerr == 0) {
        *kerr = errno ? errno : EIO;
    }
    return rc == 1 ? 0 : -1;
}

static int
pf_sockdiag_query(pf_pool_t *pool, pf_proto_t proto, unsigned port,
                  unsigned states, pf_array_t *listeners, pf_error_t *err)
{
    struct timeval       tv = { 2, 0 };
    size_t               before = listeners->nelts;
    int                  fd, kerr = 0, rc4, rc6;
    pf_linux_sock_query_t q;

    q.pool = pool;
    q.fam = PF_FAMILY_ANY;
    q.proto = proto;
    q.port = port;
    q.states = states;
    q.listeners = listeners;

    fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd == -1) {
        pf_error_set(err, NULL, 0, "netlink sock_diag: %s", strerror(errno));
        return PF_ERROR;
    }
    /* never hang a server's start on a kernel that does not answer */
    (void) setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

    rc4 = pf_sockdiag_family(fd, &q, AF_INET, 1, &kerr);
    if (rc4 != 0 && kerr == ENOMEM) {
        close(fd);
        return PF_ENOMEM;
    }
    rc6 = pf_sockdiag_family(fd, &q, AF_INET6, 2, &kerr);
    close(fd);
    if (rc4 != 0) {
        /* keep what IPv4 failed to give from being half-answered */
        listeners->nelts = before;
        pf_error_set(err, NULL, 0, "netlink sock_diag: %s", strerror(kerr));
        return kerr == ENOMEM ? PF_ENOMEM : PF_ERROR;
    }
    if (rc6 != 0 && kerr != EAFNOSUPPORT && kerr != ENOENT) {
        listeners->nelts = before;
        pf_error_set(err, NULL, 0, "netlink sock_diag (IPv6): %s",
                     strerror(kerr));
        return kerr == ENOMEM ? PF_ENOMEM : PF_ERROR;
    }
    return PF_OK;
}

int
pf_linux_sockdiag_listeners(pf_pool_t *pool, pf_proto_t proto,
                           unsigned port, pf_array_t *listeners,
                           pf_error_t *err)
{
    unsigned states = proto == PF_PROTO_UDP
                      ? (1u << PF_TCP_CLOSE) | (1u << PF_TCP_ESTABLISHED)
                      : (1u << PF_TCP_LISTEN);

    return pf_sockdiag_query(pool, proto, port, states, listeners, err);
}

int
pf_linux_sockdiag_bound(pf_pool_t *pool, unsigned port, pf_array_t *sockets,
                       pf_error_t *err)
{
    /* every TCP state but LISTEN, and TIME_WAIT: a time-wait socket of
     * a server had SO_REUSEADDR and blocks no one who sets it too */
    unsigned states = PF_TCP_ALL_STATES & ~(1u << PF_TCP_LISTEN)
                      & ~(1u << PF_TCP_TIME_WAIT);

    return pf_sockdiag_query(pool, PF_PROTO_TCP, port, states, sockets, err);
}
