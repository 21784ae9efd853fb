/*
 * `netsh http show servicestate`: which request queue, of which
 * processes, registered which URL.  The strongest evidence behind a port
 * held by PID 4 (HTTP.sys).  The labels are translated, so only the shape
 * of the text is read.  Two views, as Windows prints them:
 *
 * view=requestq: a queue at the outer level, its URL groups inside it.
 *
 *     Request queue name: DefaultAppPool          <- a queue: a value
 *         Max requests: 1000
 *         Number of active processes attached: 0  <- the count, then
 *         Controller process ID: 3408             <- the controller
 *         Process IDs:                            <- a header, then items
 *             5678                                   (older Windows), or
 *         Processes:
 *             ID: 5678, image: C:\...\svchost.exe    (newer), with their
 *             Services: WinRM                        services after it
 *             Tagged Service: WinRM
 *         URL groups:
 *         URL group ID: FE00000040000001
 *             Request queue name: DefaultAppPool
 *                 Registered URLs:
 *                     HTTP://+:80/                <- a URL
 *
 * The default server-session view: server sessions (a hexadecimal ID) at
 * the outer level, whose URL groups name their queue by the same label
 * the queues use, then a header ("Request queues:") whose items are the
 * queues with their processes and no URLs.  A URL group is tied to its
 * queue by name; an unnamed one ("Request queue is unnamed.": a
 * sentence) only when a single unnamed queue exists.
 */
#include <string.h>

#include "pf_netsh.h"

typedef struct {
    pf_pool_t          *pool;
    unsigned            port;
    pf_array_t          lines;        /* pf_netsh_line_t, not blank */
    size_t             *ends;         /* per line: end of its block */
    pf_array_t         *queues;
    pf_array_t         *notes;
    int                *partial;
    size_t              first_queue;  /* index into queues of this run */
    size_t              end_queue;    /* end of those read as blocks */
    const char         *label;        /* the queues' label, as printed */
    size_t              label_len;
} pf_netsh_ss_t;

#define PF_SS_LINE(ss, i)  (&PF_ARRAY_AT(&(ss)->lines, pf_netsh_line_t, i))

static char *pf_netsh_inert(pf_pool_t *pool, const char *p, size_t n);

/* Offset just past the first colon (ASCII or full-width), or 0. */
static size_t
pf_netsh_after_colon(const char *p, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (p[i] == ':') {
            return i + 1;
        }
        if (i + 2 < len && (unsigned char) p[i] == 0xef
            && (unsigned char) p[i + 1] == 0xbc
            && (unsigned char) p[i + 2] == 0x9a)
        {
            return i + 3;
        }
    }
    return 0;
}

/* The value after the label, without blanks; n 0 when there is none. */
static const char *
pf_netsh_value(const pf_netsh_line_t *l, size_t *n)
{
    size_t at = pf_netsh_after_colon(l->p, l->len);

    if (at == 0) {
        *n = 0;
        return NULL;
    }
    while (at < l->len && l->p[at] == ' ') {
        at++;
    }
    *n = l->len - at;
    return l->p + at;
}

/* The label, up to its colon, without trailing blanks ("ID :"). */
static size_t
pf_netsh_label_len(const pf_netsh_line_t *l)
{
    size_t at = pf_netsh_after_colon(l->p, l->len), n;

    if (at == 0) {
        return 0;
    }
    n = l->p[at - 1] == ':' ? at - 1 : at - 3;
    while (n > 0 && l->p[n - 1] == ' ') {
        n--;
    }
    return n;
}

/* A section header: "Processes:", "Request queues:" (no value). */
static int
pf_netsh_is_header(const pf_netsh_line_t *l)
{
    size_t n;

    return pf_netsh_after_colon(l->p, l->len) != 0
           && pf_netsh_value(l, &n) != NULL && n == 0;
}

static int
pf_netsh_is_url(const pf_netsh_line_t *l)
{
    return (l->len > 7 && pf_netsh_ascii_ncaseeq(l->p, "http://", 7))
           || (l->len > 8 && pf_netsh_ascii_ncaseeq(l->p, "https://", 8));
}

/* Digits only, at most 10: a PID; -1 otherwise. */
static long
pf_netsh_number(const char *p, size_t n)
{
    long   v = 0;
    size_t i;

    if (n == 0 || n > 10) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        v = v * 10 + (p[i] - '0');
        if (v > 0x7fffffffL) {
            return -1;
        }
    }
    return v;
}

/* "label: 1234" (property lines: counts, the controller) */
static long
pf_netsh_int_value(const pf_netsh_line_t *l)
{
    size_t      n;
    const char *v = pf_netsh_value(l, &n);

    return v != NULL ? pf_netsh_number(v, n) : -1;
}

/* Server session and URL group IDs: 16 hexadecimal digits. */
static int
pf_netsh_is_hex_id(const char *v, size_t n)
{
    size_t i;

    if (n != 16) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'A' && v[i] <= 'F')
              || (v[i] >= 'a' && v[i] <= 'f')))
        {
            return 0;
        }
    }
    return 1;
}

/* A queue's name; NULL for a sentence ("Request queue is unnamed.",
 * translated): names do not end with a full stop. */
static const char *
pf_netsh_name(pf_pool_t *pool, const pf_netsh_line_t *l)
{
    size_t      n;
    const char *v = pf_netsh_value(l, &n);

    if (v == NULL || n == 0 || v[n - 1] == '.'
        || (n >= 3 && memcmp(v + n - 3, "\xe3\x80\x82", 3) == 0))
    {
        return NULL;
    }
    return pf_netsh_inert(pool, v, n);
}

/* A copy with each control byte written as "\xNN": names, images and
 * URLs come from whoever registered them and are printed later. */
static char *
pf_netsh_inert(pf_pool_t *pool, const char *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char             *o, *q;
    size_t            i;

    o = pf_palloc(pool, n * 4 + 1);
    if (o == NULL) {
        return NULL;
    }
    for (i = 0, q = o; i < n; i++) {
        unsigned char c = (unsigned char) p[i];

        if (c < 0x20 || c == 0x7f) {
            *q++ = '\\';
            *q++ = 'x';
            *q++ = hex[c >> 4];
            *q++ = hex[c & 0xf];
        } else {
            *q++ = (char) c;
        }
    }
    *q = '\0';
    return o;
}

/* End (exclusive) of the lines nested under line i. */
static size_t
pf_netsh_end(const pf_netsh_ss_t *ss, size_t i)
{
    return ss->ends[i];
}

/* Every line's end at once, walking back with a stack of the lines
 * still open: linear, so that a large IIS host's output stays cheap. */
static int
pf_netsh_compute_ends(pf_netsh_ss_t *ss)
{
    size_t  n = ss->lines.nelts, top = 0, i;
    size_t *stack;

    ss->ends = pf_palloc(ss->pool, (n + 1) * sizeof(size_t));
    stack = pf_palloc(ss->pool, (n + 1) * sizeof(size_t));
    if (ss->ends == NULL || stack == NULL) {
        return PF_ENOMEM;
    }
    for (i = n; i-- > 0; ) {
        /* the next line at an indent not deeper than this one's */
        while (top > 0 && PF_SS_LINE(ss, stack[top - 1])->indent
                          > PF_SS_LINE(ss, i)->indent)
        {
            top--;
        }
        ss->ends[i] = top > 0 ? stack[top - 1] : n;
        stack[top++] = i;
    }
    return PF_OK;
}

static void
pf_netsh_note(pf_netsh_ss_t *ss, const char *fmt, const pf_netsh_line_t *l)
{
    if (ss->partial != NULL) {
        *ss->partial = 1;
    }
    if (ss->notes != NULL) {
        (void) pf_array_push_strf(ss->notes, fmt, l->lineno,
                                  (int) (l->len > 80 ? 80 : l->len), l->p);
    }
}

static int
pf_netsh_has_pid(const pf_array_t *a, long pid)
{
    size_t i;

    for (i = 0; i < a->nelts; i++) {
        if (PF_ARRAY_AT(a, long, i) == pid) {
            return 1;
        }
    }
    return 0;
}

static int
pf_netsh_add_pid(pf_request_queue_t *q, long pid, const char *image)
{
    long        *slot;
    const char **img;

    if (pf_netsh_has_pid(&q->pids, pid)) {
        return PF_OK;
    }
    slot = pf_array_push(&q->pids);
    img = slot != NULL ? pf_array_push(&q->images) : NULL;
    if (img == NULL) {
        return PF_ENOMEM;
    }
    *slot = pid;
    *img = image;
    return PF_OK;
}

/* Adds the string once, whatever its case (netsh shows a URL twice: under
 * the queue and under its URL group). */
static int
pf_netsh_add_str(pf_pool_t *pool, pf_array_t *a, const char *p, size_t n)
{
    size_t      i;
    char       *s = pf_netsh_inert(pool, p, n);
    const char **slot;

    if (s == NULL) {
        return PF_ENOMEM;
    }
    n = strlen(s);
    for (i = 0; i < a->nelts; i++) {
        const char *u = PF_ARRAY_AT(a, const char *, i);

        if (strlen(u) == n && pf_netsh_ascii_ncaseeq(u, s, n)) {
            return PF_OK;
        }
    }
    slot = pf_array_push(a);
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = s;
    return PF_OK;
}

/* A URL line: kept when on the port; a note when it cannot be read. */
static int
pf_netsh_url_line(pf_netsh_ss_t *ss, pf_request_queue_t *q,
                  const pf_netsh_line_t *l)
{
    pf_netsh_url_t u;

    if (pf_netsh_url_parse(l->p, l->len, &u) != PF_OK) {
        pf_netsh_note(ss, "netsh http show servicestate, line %u: could not "
                      "read the URL '%.*s'", l);
        return PF_OK;
    }
    if (u.port != ss->port) {
        return PF_OK;
    }
    return pf_netsh_add_str(ss->pool, &q->urls, l->p, l->len);
}

/* "ID: 5678, image: C:\...\w3wp.exe": the PID and the image (NULL for
 * "<?>", what a caller without rights sees).  -1: not an item. */
static long
pf_netsh_item(pf_pool_t *pool, const pf_netsh_line_t *l, const char **image)
{
    size_t      n, k, at;
    const char *v = pf_netsh_value(l, &n);
    long        pid;
    pf_netsh_line_t rest;

    *image = NULL;
    if (v == NULL) {
        return pf_netsh_number(l->p, l->len);     /* a bare PID */
    }
    for (k = 0; k < n && v[k] >= '0' && v[k] <= '9'; k++) {
        /* the digits */
    }
    pid = pf_netsh_number(v, k);
    while (k < n && v[k] == ' ') {
        k++;
    }
    /* a property ("Max requests: 1000") has no comma after its number */
    if (pid < 0 || k >= n || v[k] != ',') {
        return -1;
    }
    rest.p = v + k + 1;
    rest.len = n - k - 1;
    v = pf_netsh_value(&rest, &at);
    if (v != NULL && at > 0 && !(at == 3 && memcmp(v, "<?>", 3) == 0)) {
        *image = pf_netsh_inert(pool, v, at);
    }
    return pid;
}

/* Services under a process item: "Services: A, B" (and the tagged one). */
static int
pf_netsh_item_services(pf_netsh_ss_t *ss, pf_request_queue_t *q,
                       const pf_netsh_line_t *l)
{
    size_t      n, s, e;
    const char *v = pf_netsh_value(l, &n);
    int         rc = PF_OK;

    if (v == NULL) {
        v = l->p;                /* a name on its own line */
        n = l->len;
    }
    for (s = 0; rc == PF_OK && s < n; s = e + 1) {
        for (e = s; e < n && v[e] != ','; e++) {
            /* one name */
        }
        while (s < e && v[s] == ' ') {
            s++;
        }
        if (e > s && !(e - s == 3 && memcmp(v + s, "<?>", 3) == 0)) {
            rc = pf_netsh_add_str(ss->pool, &q->services, v + s, e - s);
        }
    }
    return rc;
}

/* The items of a process header [h+1, end): bare PIDs or "ID: N, ..."
 * lines, with deeper lines naming their services.  Returns the number of
 * items, or -1 when the header heads something else. */
static long
pf_netsh_processes(pf_netsh_ss_t *ss, pf_request_queue_t *q, size_t h,
                   size_t end)
{
    size_t       j, item_indent;
    long         pid, items = 0;
    const char  *image;
    const pf_netsh_line_t *l;

    if (h + 1 >= end) {
        return 0;                /* an idle pool: no worker */
    }
    item_indent = PF_SS_LINE(ss, h + 1)->indent;
    if (pf_netsh_item(ss->pool, PF_SS_LINE(ss, h + 1), &image) < 0) {
        return -1;
    }
    for (j = h + 1; j < end; j++) {
        l = PF_SS_LINE(ss, j);
        if (l->indent > item_indent) {
            if (pf_netsh_item_services(ss, q, l) != PF_OK) {
                return -2;
            }
            continue;
        }
        pid = pf_netsh_item(ss->pool, l, &image);
        if (pid < 0 && items > 0 && pf_netsh_label_len(l) > 0) {
            /* "Services: X" / "Tagged Service: X" beside the item, as
             * newer Windows prints them */
            if (pf_netsh_item_services(ss, q, l) != PF_OK) {
                return -2;
            }
            continue;
        }
        if (pid < 0) {
            pf_netsh_note(ss, "netsh http show servicestate, line %u: could "
                          "not read the process '%.*s'", l);
            continue;
        }
        if (pf_netsh_add_pid(q, pid, image) != PF_OK) {
            return -2;
        }
        items++;
    }
    return items;
}

/* The controller: an integer property right before the process header
 * and right after the count of attached processes (which equals the
 * items that follow).  Without one, the count is the last integer. */
static void
pf_netsh_controller(pf_netsh_ss_t *ss, pf_request_queue_t *q, size_t qi,
                    size_t h, long items)
{
    size_t prop = PF_SS_LINE(ss, h)->indent;
    long   last, count;

    if (h < qi + 3 || items < 0 || PF_SS_LINE(ss, h - 1)->indent != prop
        || PF_SS_LINE(ss, h - 2)->indent != prop)
    {
        return;
    }
    last = pf_netsh_int_value(PF_SS_LINE(ss, h - 1));
    count = pf_netsh_int_value(PF_SS_LINE(ss, h - 2));
    if (last > 0 && count == items && last != items) {
        q->controller_pid = last;
    }
}

/* The lines of queue qi, [qi+1, end): properties, processes, URL groups. */
static int
pf_netsh_queue_lines(pf_netsh_ss_t *ss, pf_request_queue_t *q, size_t qi,
                     size_t end)
{
    size_t                 j, prop, h_end;
    const pf_netsh_line_t *l;
    long                   items;
    int                    rc = PF_OK, seen_processes = 0;

    if (qi + 1 >= end) {
        return PF_OK;
    }
    prop = PF_SS_LINE(ss, qi + 1)->indent;
    for (j = qi + 1; rc == PF_OK && j < end; j++) {
        l = PF_SS_LINE(ss, j);
        if (pf_netsh_is_url(l)) {
            rc = pf_netsh_url_line(ss, q, l);
            continue;
        }
        if (seen_processes || l->indent != prop || !pf_netsh_is_header(l)) {
            continue;
        }
        /* the first header of the queue's own properties */
        h_end = pf_netsh_end(ss, j);
        items = pf_netsh_processes(ss, q, j, h_end);
        if (items == -2) {
            return PF_ENOMEM;
        }
        seen_processes = 1;
        pf_netsh_controller(ss, q, qi, j, items);
        if (items >= 0) {
            j = h_end - 1;
        }
    }
    return rc;
}

static pf_request_queue_t *
pf_netsh_queue_push(pf_netsh_ss_t *ss, const char *name)
{
    pf_request_queue_t *q = pf_array_push(ss->queues);

    if (q != NULL) {
        pf_request_queue_init(q, ss->pool);
        q->name = name;
    }
    return q;
}

static int pf_netsh_is_queue(const pf_netsh_ss_t *ss, size_t i);
static int pf_netsh_is_queue_ref(const pf_netsh_ss_t *ss,
                                 const pf_netsh_line_t *l);

/* A queue header at the depth of queue qi's own properties: the next
 * queue, shifted right.  Pasted captures do that (the Service Fabric
 * guide prints the first header at column 0 and the others at the depth
 * of its fields); read as nested, the next queues' URLs would land in
 * the first queue and its PIDs would be blamed for them.  A URL group's
 * reference to its queue carries the same label, but one level deeper,
 * under the group's ID. */
static int
pf_netsh_is_sibling(const pf_netsh_ss_t *ss, size_t j, size_t prop)
{
    return PF_SS_LINE(ss, j)->indent == prop
           && pf_netsh_is_queue_ref(ss, PF_SS_LINE(ss, j))
           && pf_netsh_is_queue(ss, j);
}

/* One queue block at line qi, and the shifted queues nested in it. */
static int
pf_netsh_queue(pf_netsh_ss_t *ss, size_t qi)
{
    const pf_netsh_line_t *l = PF_SS_LINE(ss, qi);
    pf_request_queue_t    *q;
    size_t                 j, own, end = pf_netsh_end(ss, qi), prop;
    int                    rc;

    if (ss->label == NULL) {
        ss->label = l->p;
        ss->label_len = pf_netsh_label_len(l);
    }
    prop = qi + 1 < end ? PF_SS_LINE(ss, qi + 1)->indent : 0;
    for (own = qi + 1; own < end && !pf_netsh_is_sibling(ss, own, prop);
         own++)
    {
        /* the queue's own lines */
    }
    q = pf_netsh_queue_push(ss, pf_netsh_name(ss->pool, l));
    if (q == NULL) {
        return PF_ENOMEM;
    }
    rc = pf_netsh_queue_lines(ss, q, qi, own);
    for (j = own; rc == PF_OK && j < end; j = pf_netsh_end(ss, j)) {
        if (pf_netsh_is_sibling(ss, j, prop)) {
            rc = pf_netsh_queue(ss, j);
        } else {
            pf_netsh_note(ss, "netsh http show servicestate, line %u: "
                          "could not tell which request queue '%.*s' "
                          "belongs to", PF_SS_LINE(ss, j));
        }
    }
    return rc;
}

/* A queue header: a value that is no hexadecimal ID, and lines under it. */
static int
pf_netsh_is_queue(const pf_netsh_ss_t *ss, size_t i)
{
    const pf_netsh_line_t *l = PF_SS_LINE(ss, i);
    size_t                 n;
    const char            *v = pf_netsh_value(l, &n);

    return v != NULL && n > 0 && !pf_netsh_is_hex_id(v, n)
           && !pf_netsh_is_url(l) && pf_netsh_end(ss, i) > i + 1;
}

/* Pass 1: the queues, at the outer level or as the items of an outer
 * header ("Request queues:"). */
static int
pf_netsh_find_queues(pf_netsh_ss_t *ss, size_t top)
{
    size_t i, j, end, item;
    int    rc = PF_OK;

    for (i = 0; rc == PF_OK && i < ss->lines.nelts; i = end) {
        end = pf_netsh_end(ss, i);
        if (PF_SS_LINE(ss, i)->indent != top) {
            continue;            /* before the first outer line */
        }
        if (pf_netsh_is_queue(ss, i)) {
            rc = pf_netsh_queue(ss, i);
            continue;
        }
        if (!pf_netsh_is_header(PF_SS_LINE(ss, i)) || i + 1 >= end) {
            continue;
        }
        item = PF_SS_LINE(ss, i + 1)->indent;
        for (j = i + 1; rc == PF_OK && j < end; j = pf_netsh_end(ss, j)) {
            if (PF_SS_LINE(ss, j)->indent == item && pf_netsh_is_queue(ss, j))
            {
                rc = pf_netsh_queue(ss, j);
            }
        }
    }
    return rc;
}

/* The line's label is the queues' label. */
static int
pf_netsh_is_queue_ref(const pf_netsh_ss_t *ss, const pf_netsh_line_t *l)
{
    size_t n = pf_netsh_label_len(l), v;

    return ss->label != NULL && n == ss->label_len && n > 0
           && memcmp(l->p, ss->label, n) == 0
           && pf_netsh_value(l, &v) != NULL && v > 0;
}

/* The queue a URL group names: by name, or the only unnamed one. */
static pf_request_queue_t *
pf_netsh_ref_queue(pf_netsh_ss_t *ss, const pf_netsh_line_t *ref)
{
    const char         *name = pf_netsh_name(ss->pool, ref);
    pf_request_queue_t *q, *found = NULL;
    size_t              i, unnamed = 0;

    for (i = ss->first_queue; i < ss->end_queue; i++) {
        q = &PF_ARRAY_AT(ss->queues, pf_request_queue_t, i);
        if (name != NULL && q->name != NULL && strlen(q->name) == strlen(name)
            && pf_netsh_ascii_ncaseeq(q->name, name, strlen(name)))
        {
            return q;
        }
        if (name == NULL && q->name == NULL && !q->from_handle) {
            found = q;
            unnamed++;
        }
    }
    return unnamed == 1 ? found : NULL;
}

/* Every URL is already a queue's: newer Windows prints each queue's URLs
 * under the queue itself as well as in its server session's URL group. */
static int
pf_netsh_urls_known(const pf_netsh_ss_t *ss, const pf_array_t *urls)
{
    size_t i, j, k, n;

    for (i = 0; i < urls->nelts; i++) {
        const char *u = PF_ARRAY_AT(urls, const char *, i);
        int         found = 0;

        n = strlen(u);
        for (j = ss->first_queue; !found && j < ss->end_queue; j++) {
            const pf_request_queue_t *q = &PF_ARRAY_AT(ss->queues,
                                                       pf_request_queue_t, j);

            for (k = 0; !found && k < q->urls.nelts; k++) {
                const char *v = PF_ARRAY_AT(&q->urls, const char *, k);

                found = strlen(v) == n && pf_netsh_ascii_ncaseeq(u, v, n);
            }
        }
        if (!found) {
            return 0;
        }
    }
    return 1;
}

/* A URL group outside any queue (server-session view), at line g, whose
 * queue is named by its line r. */
static int
pf_netsh_url_group(pf_netsh_ss_t *ss, size_t g, size_t r)
{
    size_t                 j, end = pf_netsh_end(ss, g);
    pf_request_queue_t     orphan, *q = NULL;
    const pf_netsh_line_t *l;
    int                    rc = PF_OK;

    pf_request_queue_init(&orphan, ss->pool);
    for (j = g + 1; rc == PF_OK && j < end; j++) {
        if (pf_netsh_is_url(PF_SS_LINE(ss, j))) {
            rc = pf_netsh_url_line(ss, &orphan, PF_SS_LINE(ss, j));
        }
    }
    if (rc != PF_OK || orphan.urls.nelts == 0) {
        return rc;
    }
    if (r < end) {
        q = pf_netsh_ref_queue(ss, PF_SS_LINE(ss, r));
    }
    if (q == NULL && pf_netsh_urls_known(ss, &orphan.urls)) {
        return PF_OK;            /* newer Windows: under their queue too */
    }
    if (q == NULL) {
        l = PF_SS_LINE(ss, r < end ? r : g);
        pf_netsh_note(ss, "netsh http show servicestate, line %u: which "
                      "request queue ('%.*s') registered a URL on this port "
                      "could not be told: its processes are unknown", l);
        q = pf_netsh_queue_push(ss, r < end ? pf_netsh_name(ss->pool, l)
                                            : NULL);
        if (q == NULL) {
            return PF_ENOMEM;
        }
    }
    for (j = 0; rc == PF_OK && j < orphan.urls.nelts; j++) {
        const char *u = PF_ARRAY_AT(&orphan.urls, const char *, j);

        rc = pf_netsh_add_str(ss->pool, &q->urls, u, strlen(u));
    }
    return rc;
}

/* Pass 2: URLs outside the queues, in the server sessions' URL groups.
 * A group is the line whose direct child names a queue; a URL under no
 * such line is still kept, with a note. */
static int
pf_netsh_sessions(pf_netsh_ss_t *ss, size_t top)
{
    size_t i, j, end, ref, child;
    int    rc = PF_OK;

    for (i = 0; rc == PF_OK && i < ss->lines.nelts; i = end) {
        end = pf_netsh_end(ss, i);
        if (PF_SS_LINE(ss, i)->indent != top || pf_netsh_is_queue(ss, i)
            || pf_netsh_is_header(PF_SS_LINE(ss, i)))
        {
            continue;
        }
        for (j = i; rc == PF_OK && j < end; j++) {
            if (pf_netsh_end(ss, j) == j + 1) {
                continue;
            }
            child = PF_SS_LINE(ss, j + 1)->indent;
            for (ref = j + 1; ref < pf_netsh_end(ss, j);
                 ref = pf_netsh_end(ss, ref))
            {
                if (PF_SS_LINE(ss, ref)->indent == child
                    && pf_netsh_is_queue_ref(ss, PF_SS_LINE(ss, ref)))
                {
                    break;
                }
            }
            if (ref < pf_netsh_end(ss, j)) {
                rc = pf_netsh_url_group(ss, j, ref);
                j = pf_netsh_end(ss, j) - 1;
            } else if (pf_netsh_is_url(PF_SS_LINE(ss, j + 1))
                       && PF_SS_LINE(ss, j + 1)->indent == child)
            {
                rc = pf_netsh_url_group(ss, j, pf_netsh_end(ss, j));
                j = pf_netsh_end(ss, j) - 1;
            }
        }
    }
    return rc;
}

/* Keeps the queues with a URL on the port. */
static void
pf_netsh_keep_on_port(pf_netsh_ss_t *ss)
{
    size_t i, n = ss->first_queue;

    for (i = ss->first_queue; i < ss->queues->nelts; i++) {
        pf_request_queue_t *q = &PF_ARRAY_AT(ss->queues, pf_request_queue_t,
                                             i);

        if (q->urls.nelts > 0) {
            PF_ARRAY_AT(ss->queues, pf_request_queue_t, n++) = *q;
        }
    }
    ss->queues->nelts = n;
}

static int
pf_netsh_collect_lines(pf_netsh_ss_t *ss, const char *cur, const char *end,
                       int *rule, size_t *top)
{
    pf_netsh_line_t  l, *slot;

    memset(&l, 0, sizeof(l));
    *top = (size_t) -1;
    while (pf_netsh_next_line(&cur, end, &l)) {
        if (l.len == 0) {
            continue;
        }
        if (pf_netsh_is_rule(&l)) {
            *rule = 1;
            continue;
        }
        slot = pf_array_push(&ss->lines);
        if (slot == NULL) {
            return PF_ENOMEM;
        }
        *slot = l;
        if (l.indent < *top) {
            *top = l.indent;
        }
    }
    return PF_OK;
}

static int
pf_netsh_check_shape(const pf_netsh_ss_t *ss, int rule, size_t top,
                     pf_error_t *err)
{
    size_t i;

    if (ss->lines.nelts == 0) {
        pf_error_set(err, NULL, 0, "HTTP service state: netsh printed "
                     "nothing");
        return PF_ERROR;
    }
    for (i = 0; i < ss->lines.nelts; i++) {
        if (PF_SS_LINE(ss, i)->indent > top) {
            return PF_OK;        /* nested lines: blocks of some kind */
        }
    }
    if (rule) {
        return PF_OK;            /* a title and nothing under it */
    }
    pf_error_set(err, NULL, 0, "HTTP service state: not the output of "
                 "'netsh http show servicestate' (no request queue or "
                 "server session blocks)");
    return PF_ERROR;
}

int
pf_netsh_read_servicestate(pf_pool_t *pool, const char *text, size_t len,
                           unsigned port, const pf_netsh_queues_t *into,
                           pf_error_t *err)
{
    pf_array_t    *queues = into->queues;
    pf_netsh_ss_t  ss;
    const char    *cur;
    size_t         n, top;
    int            rc, rule = 0;

    rc = pf_netsh_text_utf8(pool, text, len, &cur, &n, err);
    if (rc != PF_OK) {
        return rc;
    }
    memset(&ss, 0, sizeof(ss));
    ss.pool = pool;
    ss.port = port;
    ss.queues = queues;
    ss.notes = into->notes;
    ss.partial = into->partial;
    ss.first_queue = queues->nelts;
    if (pf_array_init(&ss.lines, pool, 64, sizeof(pf_netsh_line_t)) != PF_OK
        || pf_netsh_collect_lines(&ss, cur, cur + n, &rule, &top) != PF_OK)
    {
        return PF_ENOMEM;
    }
    if (pf_netsh_compute_ends(&ss) != PF_OK) {
        return PF_ENOMEM;
    }
    rc = pf_netsh_check_shape(&ss, rule, top, err);
    if (rc == PF_OK) {
        rc = pf_netsh_find_queues(&ss, top);
    }
    ss.end_queue = queues->nelts;
    if (rc == PF_OK) {
        rc = pf_netsh_sessions(&ss, top);
    }
    if (rc == PF_OK) {
        pf_netsh_keep_on_port(&ss);
    }
    return rc;
}

int
pf_netsh_parse_servicestate(pf_pool_t *pool, const char *text, size_t len,
                            unsigned port, pf_array_t *queues,
                            pf_error_t *err)
{
    pf_netsh_queues_t into = { NULL, NULL, NULL };

    into.queues = queues;
    return pf_netsh_read_servicestate(pool, text, len, port, &into, err);
}
