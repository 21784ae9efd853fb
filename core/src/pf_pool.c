/*
 * The pool: a list of malloc'd blocks freed together.  The core is
 * embedded in Apache, nginx and the CLI, so it owns its memory instead of
 * borrowing a host's allocator, and it never exits on failure.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight_internal.h"
#include "pf_pool.h"

#define PF_POOL_BLOCK  8192
/* The first block comes with the pool, in one malloc, sized for what a
 * server's healthy start needs (a report, two checks, their names): a
 * module's check touches as few fresh heap pages as it can. */
#define PF_POOL_FIRST  2048
#define PF_ALIGN       16

/* Under AddressSanitizer the free part of a block is poisoned and each
 * allocation is followed by a poisoned gap, so that reading or writing
 * past an allocation is caught as past a malloc'd one would be (a read
 * one past a full array of loaded modules went unseen by the unit tests
 * until it reached the end of a block under the fuzzer). */
#if defined(__SANITIZE_ADDRESS__)
#define PF_POOL_ASAN  1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PF_POOL_ASAN  1
#endif
#endif

#ifdef PF_POOL_ASAN
#include <sanitizer/asan_interface.h>
#define PF_POOL_GAP   PF_ALIGN
#else
#define ASAN_POISON_MEMORY_REGION(a, n)    ((void) (a), (void) (n))
#define ASAN_UNPOISON_MEMORY_REGION(a, n)  ((void) (a), (void) (n))
#define PF_POOL_GAP   0
#endif

typedef struct pf_block_s pf_block_t;

struct pf_block_s {
    pf_block_t *next;
    size_t      used;
    size_t      size;
    /* data follows, aligned */
};

struct pf_pool_s {
    pf_block_t *blocks;
    pf_block_t *first;          /* in the pool's own allocation */
    size_t      bytes;          /* for budgets (pf_pool_bytes) */
    long        fail_after;     /* pf_pool_fail_after(); -1: never */
};

#define PF_HEAD(type)  ((sizeof(type) + PF_ALIGN - 1) & ~(size_t) (PF_ALIGN - 1))
#define PF_BLOCK_HEAD  PF_HEAD(pf_block_t)

static pf_block_t *
pf_block_new(size_t size)
{
    pf_block_t *b = malloc(PF_BLOCK_HEAD + size);

    if (b == NULL) {
        return NULL;
    }
    b->next = NULL;
    b->used = 0;
    b->size = size;
    ASAN_POISON_MEMORY_REGION((char *) b + PF_BLOCK_HEAD, size);
    return b;
}

pf_pool_t *
pf_pool_create(void)
{
    pf_pool_t  *pool;
    pf_block_t *b;

    pool = malloc(PF_HEAD(pf_pool_t) + PF_BLOCK_HEAD + PF_POOL_FIRST);
    if (pool == NULL) {
        return NULL;
    }
    b = (pf_block_t *) ((char *) pool + PF_HEAD(pf_pool_t));
    b->next = NULL;
    b->used = 0;
    b->size = PF_POOL_FIRST;
    ASAN_POISON_MEMORY_REGION((char *) b + PF_BLOCK_HEAD, PF_POOL_FIRST);
    pool->blocks = b;
    pool->first = b;
    pool->bytes = PF_POOL_FIRST;
    pool->fail_after = -1;
    return pool;
}

void
pf_pool_fail_after(pf_pool_t *pool, long n)
{
    pool->fail_after = n;
}

size_t
pf_pool_bytes(const pf_pool_t *pool)
{
    return pool->bytes;
}

void
pf_pool_destroy(pf_pool_t *pool)
{
    pf_block_t *b, *next;

    if (pool == NULL) {
        return;
    }
    for (b = pool->blocks; b != NULL; b = next) {
        next = b->next;
        if (b != pool->first) {
            free(b);
        }
    }
    free(pool);
}

void *
pf_palloc(pf_pool_t *pool, size_t size)
{
    pf_block_t *b;
    void       *p;
    size_t      asked = size;

    if (pool->fail_after >= 0) {
        if (pool->fail_after == 0) {
            return NULL;
        }
        pool->fail_after--;
    }
    if (size > SIZE_MAX - PF_POOL_GAP - PF_ALIGN) {
        return NULL;
    }
    size = (size + PF_POOL_GAP + PF_ALIGN - 1) & ~(size_t) (PF_ALIGN - 1);
    if (size == 0) {
        size = PF_ALIGN;
    }

    b = pool->blocks;
    if (b->size - b->used < size) {
        if (size > PF_POOL_BLOCK / 4) {
            /* a large request gets a block of its own, behind the head */
            b = pf_block_new(size);
            if (b == NULL) {
                return NULL;
            }
            pool->bytes += size;
            b->next = pool->blocks->next;
            pool->blocks->next = b;
        } else {
            b = pf_block_new(PF_POOL_BLOCK);
            if (b == NULL) {
                return NULL;
            }
            pool->bytes += PF_POOL_BLOCK;
            b->next = pool->blocks;
            pool->blocks = b;
        }
    }

    p = (char *) b + PF_BLOCK_HEAD + b->used;
    b->used += size;
    ASAN_UNPOISON_MEMORY_REGION(p, asked);
    memset(p, 0, asked);
    return p;
}

char *
pf_pstrndup(pf_pool_t *pool, const char *s, size_t n)
{
    char *p;

    if (s == NULL) {
        return NULL;
    }
    p = pf_palloc(pool, n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *
pf_pstrdup(pf_pool_t *pool, const char *s)
{
    return s == NULL ? NULL : pf_pstrndup(pool, s, strlen(s));
}

static char *
pf_pvsprintf(pf_pool_t *pool, const char *fmt, va_list ap)
{
    va_list  ap2;
    int      n;
    char    *p;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        return NULL;
    }
    p = pf_palloc(pool, (size_t) n + 1);
    if (p != NULL) {
        vsnprintf(p, (size_t) n + 1, fmt, ap);
    }
    return p;
}

char *
pf_psprintf(pf_pool_t *pool, const char *fmt, ...)
{
    va_list  ap;
    char    *p;

    va_start(ap, fmt);
    p = pf_pvsprintf(pool, fmt, ap);
    va_end(ap);
    return p;
}

int
pf_array_init(pf_array_t *a, pf_pool_t *pool, size_t n, size_t size)
{
    a->nelts = 0;
    a->size = size;
    a->nalloc = 0;
    a->pool = pool;
    a->elts = NULL;
    if (n > 0) {
        a->elts = pf_palloc(pool, n * size);
        if (a->elts == NULL) {
            return PF_ENOMEM;
        }
        a->nalloc = n;
    }
    return PF_OK;
}

void *
pf_array_push(pf_array_t *a)
{
    void   *elts;
    size_t  n;

    if (a->pool == NULL || a->size == 0) {
        return NULL;            /* never initialised */
    }
    if (a->nelts == a->nalloc) {
        n = a->nalloc ? a->nalloc * 2 : 4;
        elts = pf_palloc(a->pool, n * a->size);
        if (elts == NULL) {
            return NULL;
        }
        if (a->nelts) {
            memcpy(elts, a->elts, a->nelts * a->size);
        }
        a->elts = elts;
        a->nalloc = n;
    }
    elts = (char *) a->elts + a->nelts * a->size;
    memset(elts, 0, a->size);
    a->nelts++;
    return elts;
}

int
pf_array_has_long(const pf_array_t *a, long v)
{
    size_t i;

    for (i = 0; i < a->nelts; i++) {
        if (PF_ARRAY_AT(a, long, i) == v) {
            return 1;
        }
    }
    return 0;
}

int
pf_array_push_str(pf_array_t *a, const char *s)
{
    const char **slot;
    char        *copy;

    copy = pf_pstrdup(a->pool, s);
    if (copy == NULL) {
        return PF_ENOMEM;
    }
    slot = pf_array_push(a);
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = copy;
    return PF_OK;
}

int
pf_array_push_strf(pf_array_t *a, const char *fmt, ...)
{
    va_list      ap;
    const char **slot;
    char        *s;

    va_start(ap, fmt);
    s = pf_pvsprintf(a->pool, fmt, ap);
    va_end(ap);
    if (s == NULL) {
        return PF_ENOMEM;
    }
    slot = pf_array_push(a);
    if (slot == NULL) {
        return PF_ENOMEM;
    }
    *slot = s;
    return PF_OK;
}
