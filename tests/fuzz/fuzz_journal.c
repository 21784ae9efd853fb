/*
 * Fuzz target: the journal reader `preflight undo` trusts.  Whatever the
 * bytes, pf_journal_parse either returns entries whose required fields
 * are set, or an error with a line number; what it accepts must survive
 * a write and a second read unchanged in number.  Undo's listing of it
 * holds no raw control character, and an entry undo accepts names a unit,
 * service or address that passes the grammar fix uses.
 */
#include <stdlib.h>
#include <string.h>

#include "pf_fuzz.h"
#include "remedy/pf_journal.h"
#include "remedy/pf_remedy.h"

static void
pf_fuzz_undo_listing(pf_pool_t *pool, const pf_array_t *entries)
{
    pf_buf_t    b;
    size_t      i;

    pf_buf_init(&b);
    pf_undo_render(entries, &b);
    for (i = 0; !b.failed && i < b.len; i++) {
        unsigned char c = (unsigned char) b.data[i];

        if ((c < 0x20 && c != '\n') || c == 0x7f) {
            abort();            /* journal fields are printed inert */
        }
    }
    pf_buf_free(&b);
    for (i = 0; i < entries->nelts; i++) {
        const pf_journal_entry_t *e =
            &PF_ARRAY_AT(entries, pf_journal_entry_t, i);

        if (pf_undo_refusal(pool, e) == NULL
            && strcmp(e->kind, "iplisten") != 0
            && !pf_unit_name_ok(e->subject)
            && !pf_service_name_ok(e->subject))
        {
            abort();            /* undo acts only on names fix writes */
        }
    }
}

static void
pf_fuzz_round_trip(pf_pool_t *pool, const pf_array_t *entries)
{
    pf_array_t again;
    pf_error_t err;
    pf_buf_t   b;

    pf_buf_init(&b);
    pf_journal_format(entries, &b);
    if (!b.failed
        && pf_array_init(&again, pool, 4, sizeof(pf_journal_entry_t))
           == PF_OK)
    {
        if (pf_journal_parse(pool, b.data, b.len, &again, &err) != PF_OK
            || again.nelts != entries->nelts)
        {
            abort();            /* what we write, we must read back */
        }
    }
    pf_buf_free(&b);
}

static void
pf_fuzz_journal(pf_pool_t *pool, const char *text, size_t len)
{
    pf_array_t entries;
    pf_error_t err;
    size_t     i;

    if (pf_array_init(&entries, pool, 4, sizeof(pf_journal_entry_t))
        != PF_OK)
    {
        return;
    }
    memset(&err, 0, sizeof(err));
    if (pf_journal_parse(pool, text, len, &entries, &err) != PF_OK) {
        if (err.line == 0) {
            abort();            /* a corrupt journal names its line */
        }
        return;
    }
    for (i = 0; i < entries.nelts; i++) {
        const pf_journal_entry_t *e =
            &PF_ARRAY_AT(&entries, pf_journal_entry_t, i);

        if (e->kind == NULL || e->op == NULL || e->subject == NULL) {
            abort();
        }
    }
    pf_fuzz_round_trip(pool, &entries);
    pf_fuzz_undo_listing(pool, &entries);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return pf_fuzz_run_text(data, size, 256 * 1024, pf_fuzz_journal);
}
