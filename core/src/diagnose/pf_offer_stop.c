/*
 * A web server that holds the port outside any unit is stopped the way it
 * was started, not with kill: Debian's apache2 needs apache2ctl (it reads
 * /etc/apache2/envvars, without which "apache2 -k stop" does not even
 * parse its configuration), nginx its own "-s stop".  The arguments come
 * from the holder's command line (nginx rewrites its own to "nginx:
 * master process ARGV"), so a server of another configuration is stopped
 * with that configuration.  A command line with anything a shell would
 * read as more than words gives no command: kill stays the advice.
 */
#include <string.h>

#include "pf_diagnose.h"

/* The remedies this file offers: id, what fix --apply does, whether it
 * needs root or Administrator (pf_diag_remedy). */
static const pf_diag_offer_t
    pf_offer_fix_stop_process = { "stop-process", PF_ACTION_NONE, 1 },
    pf_offer_fix_stop_own_process = { "stop-process", PF_ACTION_NONE, 0 };

#define PF_OFFER_STOP_ARGS  512

static const char *
pf_offer_stop_base(const char *path)
{
    const char *slash = path != NULL ? strrchr(path, '/') : NULL;

    return slash != NULL ? slash + 1 : path;
}

static int
pf_offer_stop_word_safe(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   "0123456789/._-=:,@+", s[i]) == NULL || s[i] == '\0')
        {
            return 0;
        }
    }
    return n > 0;
}

/* argv[1..] of cmdline without "-k VERB" (Apache's) and without "-s
 * SIGNAL" (nginx's), into out; 0 when a word is not shell-safe or too
 * long. */
static int
pf_offer_stop_args(const char *cmdline, char *out, size_t len)
{
    const char *p = cmdline, *w;
    size_t      n, used = 0;
    int         first = 1, skip = 0;

    out[0] = '\0';
    while (*p != '\0') {
        while (*p == ' ') {
            p++;
        }
        w = p;
        while (*p != '\0' && *p != ' ') {
            p++;
        }
        n = (size_t) (p - w);
        if (n == 0) {
            break;
        }
        if (first || skip) {
            first = skip = 0;
            continue;
        }
        if (n == 2 && (strncmp(w, "-k", 2) == 0 || strncmp(w, "-s", 2) == 0))
        {
            skip = 1;
            continue;
        }
        if (n == 12 && strncmp(w, "-DFOREGROUND", 12) == 0) {
            continue;
        }
        if (!pf_offer_stop_word_safe(w, n) || used + n + 2 > len) {
            return 0;
        }
        memcpy(out + used, " ", 1);
        memcpy(out + used + 1, w, n);
        used += n + 1;
        out[used] = '\0';
    }
    return 1;
}

/* The binary as the command line named it, or its name alone when it is
 * the one a root shell's PATH finds. */
static const char *
pf_offer_stop_program(pf_pool_t *pool, const char *argv0, size_t n)
{
    const char *base;
    const char *word = pf_pstrndup(pool, argv0, n);

    if (word == NULL || !pf_offer_stop_word_safe(word, n)) {
        return NULL;
    }
    base = pf_offer_stop_base(word);
    if (base == word || strncmp(word, "/usr/sbin/", 10) == 0
        || strncmp(word, "/usr/bin/", 9) == 0
        || strncmp(word, "/sbin/", 6) == 0)
    {
        return base;
    }
    return word;
}

/* "nginx -s stop", "apache2ctl stop", "apache2ctl -f X -k stop" ... or
 * NULL when the command line is not a server of ours, or not plain. */
const char *
pf_offer_stop_command(pf_pool_t *pool, const char *cmdline)
{
    const char *cmd = cmdline, *prog, *base;
    char        args[PF_OFFER_STOP_ARGS];
    size_t      n;

    if (cmd == NULL) {
        return NULL;
    }
    if (strncmp(cmd, "nginx: master process ", 22) == 0) {
        cmd += 22;
    } else if (strncmp(cmd, "nginx: ", 7) == 0) {
        return NULL;            /* a worker: its master is the holder */
    }
    n = strcspn(cmd, " ");
    prog = pf_offer_stop_program(pool, cmd, n);
    if (prog == NULL || !pf_offer_stop_args(cmd, args, sizeof(args))) {
        return NULL;
    }
    base = pf_offer_stop_base(prog);
    if (strcmp(base, "nginx") == 0) {
        return pf_psprintf(pool, "%s%s -s stop", prog, args);
    }
    if (strcmp(base, "apache2") == 0 || strcmp(base, "httpd") == 0) {
        /* apachectl reads the environment the server was started with */
        base = strcmp(base, "apache2") == 0 ? "apache2ctl" : "apachectl";
        return args[0] == '\0' ? pf_psprintf(pool, "%s stop", base)
                               : pf_psprintf(pool, "%s%s -k stop", base,
                                             args);
    }
    return NULL;
}

int
pf_offer_stop_server(pf_diag_t *d, pf_finding_t *f, const pf_process_t *p)
{
    const char  *cmd, *name = p->name ? p->name : "the server";
    int          own = p->uid >= 0 && p->uid == d->host->euid;
    pf_remedy_t *r;

    if (p->unit != NULL || p->container != NULL
        || (d->host->platform != NULL
            && strcmp(d->host->platform, "windows") == 0))
    {
        return 0;
    }
    cmd = pf_offer_stop_command(d->pool, p->cmdline);
    if (cmd == NULL) {
        return 0;
    }
    r = pf_diag_remedy(d, f, own ? &pf_offer_fix_stop_own_process
                                 : &pf_offer_fix_stop_process,
                       "stop %s (PID %ld) the way it was started, if it is "
                       "not needed: preflight never stops it", name, p->pid);
    pf_diag_command(d, r, "%s", cmd);
    return 1;
}
