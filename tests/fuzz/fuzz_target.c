/*
 * Fuzz target: pf_target_parse, the command line's "80", "*:80",
 * "[::1]:8080" syntax.  A host that is not a numeric address would be
 * resolved through DNS: the fuzzer must not touch the network (and a
 * lookup per input would be slow), so such inputs are skipped here.
 * The same bytes, as they are, go to pf_self_pid_parse, what a pid file
 * holds: a short line too, and counted, not NUL-terminated.
 */
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "pf_fuzz.h"

/* The host part as pf_target_parse splits it: only the unbracketed form
 * ever falls back to a name lookup. */
static int
pf_fuzz_needs_lookup(const char *spec)
{
    struct addrinfo  hints, *res;
    const char      *colon;
    char             host[256];
    size_t           n;
    int              rc;

    if (spec[0] == '[') {
        return 0;               /* numeric only: AI_NUMERICHOST, AF_INET6 */
    }
    colon = strrchr(spec, ':');
    if (colon == NULL || strchr(spec, ':') != colon) {
        return 0;               /* a port alone, or a syntax error */
    }
    n = (size_t) (colon - spec);
    if (n == 0 || n >= sizeof(host)) {
        return 0;
    }
    memcpy(host, spec, n);
    host[n] = '\0';
    if (strcmp(host, "*") == 0) {
        return 0;
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;
    rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0) {
        return 1;
    }
    freeaddrinfo(res);
    return 0;
}

/* A pid, or an error that names the text: never both, never pid 0. */
static void
pf_fuzz_pid(const uint8_t *data, size_t size)
{
    pf_error_t err;
    long       pid = 0;

    memset(&err, 0, sizeof(err));
    if (pf_self_pid_parse("fuzz", (const char *) data, size, &pid, &err)
        == PF_OK)
    {
        if (pid <= 0 || err.message[0] != '\0') {
            abort();
        }
    } else if (pid != 0 || strcmp(err.file, "fuzz") != 0
               || err.message[0] == '\0')
    {
        abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pf_pool_t  *pool;
    pf_array_t  out;
    pf_error_t  err;
    char        name[128];
    char       *spec;
    size_t      i, len;

    pf_fuzz_pid(data, size);
    spec = pf_fuzz_text(data, size, 512, &len);
    pool = pf_pool_create();
    if (spec != NULL && pool != NULL && !pf_fuzz_needs_lookup(spec)
        && pf_array_init(&out, pool, 2, sizeof(pf_target_t)) == PF_OK)
    {
        memset(&err, 0, sizeof(err));
        if (pf_target_parse(pool, spec, NULL, &out, &err) == PF_OK) {
            for (i = 0; i < out.nelts; i++) {
                pf_target_name(&PF_ARRAY_AT(&out, pf_target_t, i), name,
                               sizeof(name));
            }
        } else {
            pf_error_format(&err, name, sizeof(name));
        }
    }
    pf_pool_destroy(pool);
    free(spec);
    return 0;
}
