/*
 * What a bind() error means.  Pure: the platform layer binds, this names
 * the outcome.  WSAEACCES (10013) is "denied", never "permission": on
 * Windows it means an exclusive owner (HTTP.sys under SO_REUSEADDR) or an
 * excluded port range.
 */
#include <errno.h>
#include <string.h>

#include "preflight_internal.h"

#define PF_WSAEACCES          10013
#define PF_WSAEADDRINUSE      10048
#define PF_WSAEADDRNOTAVAIL   10049
#define PF_WSAEAFNOSUPPORT    10047
#define PF_WSAEPROTONOSUPPORT 10043

static pf_status_t
pf_probe_classify_posix(int err, unsigned port, int unpriv_start)
{
    switch (err) {
    case 0:
        return PF_STATUS_FREE;
    case EADDRINUSE:
        return PF_STATUS_IN_USE;
    case EACCES:
    case EPERM:
        /* below the unprivileged start it is the port; above, a policy
         * (SELinux, a security module) refused it */
        if (unpriv_start < 0) {
            unpriv_start = 1024;
        }
        return (int) port < unpriv_start ? PF_STATUS_PRIVILEGED
                                         : PF_STATUS_DENIED;
    case EADDRNOTAVAIL:
        return PF_STATUS_NOT_LOCAL;
    case EAFNOSUPPORT:
    case EPROTONOSUPPORT:
        return PF_STATUS_UNSUPPORTED;
    default:
        return PF_STATUS_ERROR;
    }
}

static pf_status_t
pf_probe_classify_winsock(int err)
{
    switch (err) {
    case 0:
        return PF_STATUS_FREE;
    case PF_WSAEADDRINUSE:
        return PF_STATUS_IN_USE;
    case PF_WSAEACCES:
        return PF_STATUS_DENIED;
    case PF_WSAEADDRNOTAVAIL:
        return PF_STATUS_NOT_LOCAL;
    case PF_WSAEAFNOSUPPORT:
    case PF_WSAEPROTONOSUPPORT:
        return PF_STATUS_UNSUPPORTED;
    default:
        return PF_STATUS_ERROR;
    }
}

pf_status_t
pf_probe_classify(pf_errspace_t space, int err, unsigned port,
                  int unprivileged_port_start)
{
    if (space == PF_ERRSPACE_WINSOCK) {
        return pf_probe_classify_winsock(err);
    }
    return pf_probe_classify_posix(err, port, unprivileged_port_start);
}

const char *
pf_status_name(pf_status_t s)
{
    static const char *names[] = {
        "unchecked", "free", "in-use", "denied", "privileged",
        "not-local", "unsupported", "error", "clash"
    };

    if ((unsigned) s >= sizeof(names) / sizeof(names[0])) {
        return "error";
    }
    return names[s];
}

const char *
pf_errno_name(pf_errspace_t space, int err)
{
    if (space == PF_ERRSPACE_WINSOCK) {
        switch (err) {
        case PF_WSAEACCES:          return "WSAEACCES";
        case PF_WSAEADDRINUSE:      return "WSAEADDRINUSE";
        case PF_WSAEADDRNOTAVAIL:   return "WSAEADDRNOTAVAIL";
        case PF_WSAEAFNOSUPPORT:    return "WSAEAFNOSUPPORT";
        case PF_WSAEPROTONOSUPPORT: return "WSAEPROTONOSUPPORT";
        case 0:                     return NULL;
        default:                    return "WSAERROR";
        }
    }
    switch (err) {
    case 0:               return NULL;
    case EADDRINUSE:      return "EADDRINUSE";
    case EACCES:          return "EACCES";
    case EPERM:           return "EPERM";
    case EADDRNOTAVAIL:   return "EADDRNOTAVAIL";
    case EAFNOSUPPORT:    return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case EINVAL:          return "EINVAL";
    case EMFILE:          return "EMFILE";
    case ENFILE:          return "ENFILE";
    case ENOBUFS:         return "ENOBUFS";
    case ENOMEM:          return "ENOMEM";
    case ENOENT:          return "ENOENT";        /* unix: no directory */
    case ENOTDIR:         return "ENOTDIR";
    case ENAMETOOLONG:    return "ENAMETOOLONG";
    case EROFS:           return "EROFS";
    default:              return "EUNKNOWN";
    }
}

const char *
pf_cause_name(pf_cause_t c)
{
    static const char *names[PF_CAUSE_COUNT] = {
        "process", "same-server", "socket-unit", "container", "httpsys",
        "excluded-range", "privileged-port", "selinux", "not-local",
        "unsupported", "unknown", "listen-set", "unix-socket",
        "config-clash", "portproxy", "wsl", "docker-desktop", "inherited"
    };

    if ((unsigned) c >= PF_CAUSE_COUNT) {
        return "unknown";
    }
    return names[c];
}
