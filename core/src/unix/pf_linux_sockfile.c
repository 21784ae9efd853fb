/*
 * What is at a unix socket's path, for a nginx "listen unix:/path" that
 * could not be bound: nothing (then its directory is missing), a socket
 * a process listens on, a stale socket nobody listens on (left by a
 * server that did not exit cleanly: nginx never removes one before it
 * binds), or a file of another kind.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "preflight_internal.h"
#include "pf_linux.h"

/* A socket file answers connect() only while a process listens on it. */
static pf_sockfile_t
pf_linux_sockfile_connect(const char *path)
{
    struct sockaddr_un sun;
    int                fd, rc, err;

    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd == -1) {
        return PF_SOCKFILE_UNKNOWN;
    }
    rc = connect(fd, (const struct sockaddr *) &sun, sizeof(sun));
    err = errno;
    close(fd);
    if (rc == 0 || err == EAGAIN || err == EINPROGRESS) {
        return PF_SOCKFILE_LIVE;          /* EAGAIN: its backlog is full */
    }
    return err == ECONNREFUSED ? PF_SOCKFILE_STALE : PF_SOCKFILE_UNKNOWN;
}

static int
pf_linux_sockfile_dir_exists(const char *path)
{
    char        dir[PF_UNIX_PATH_MAX];
    char       *slash;
    struct stat st;

    snprintf(dir, sizeof(dir), "%s", path);
    slash = strrchr(dir, '/');
    if (slash == NULL) {
        return 1;                         /* relative to nginx's cwd */
    }
    if (slash == dir) {
        slash[1] = '\0';
    } else {
        *slash = '\0';
    }
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

pf_sockfile_t
pf_linux_sockfile_kind(const char *path)
{
    struct stat st;

    if (lstat(path, &st) == -1) {
        if (errno != ENOENT && errno != ENOTDIR) {
            return PF_SOCKFILE_UNKNOWN;
        }
        return pf_linux_sockfile_dir_exists(path) ? PF_SOCKFILE_NONE
                                                  : PF_SOCKFILE_NO_DIR;
    }
    if (!S_ISSOCK(st.st_mode)) {
        return PF_SOCKFILE_NOT_SOCKET;
    }
    return pf_linux_sockfile_connect(path);
}

/* Pure: the inode of the listening socket bound to path in the text of
 * /proc/net/unix ("Num RefCount Protocol Flags Type St Inode Path"; flag
 * __SO_ACCEPTCON 0x10000 when it listens); 0 when none. */
unsigned long
pf_linux_sockfile_parse_inode(const char *line, const char *path)
{
    unsigned long flags, inode;
    int           used = 0;

    if (sscanf(line, "%*s %*x %*x %lx %*x %*x %lu %n", &flags, &inode, &used)
        < 2 || used == 0)
    {
        return 0;
    }
    line += used;
    if (!(flags & 0x10000UL) || strncmp(line, path, strlen(path)) != 0) {
        return 0;
    }
    line += strlen(path);
    return *line == '\0' || *line == '\n' ? inode : 0;
}

unsigned long
pf_linux_sockfile_inode(const char *proc_root, const char *path)
{
    char          file[1024], line[PF_UNIX_PATH_MAX + 128];
    unsigned long inode = 0;
    FILE         *fp;

    snprintf(file, sizeof(file), "%s/net/unix", proc_root);
    fp = fopen(file, "re");
    if (fp == NULL) {
        return 0;
    }
    while (inode == 0 && fgets(line, sizeof(line), fp) != NULL) {
        inode = pf_linux_sockfile_parse_inode(line, path);
    }
    fclose(fp);
    return inode;
}
