/* PLACEHOLDER until the remedies work lands: suggests only. */
#include "preflight.h"

int
pf_remedy_for_server(pf_report_t *r, pf_remedy_mode_t mode,
                     const pf_array_t *allow, pf_buf_t *out,
                     pf_error_t *err)
{
    (void) r; (void) allow; (void) out;
    if (mode == PF_REMEDY_MODE_APPLY) {
        pf_error_set(err, NULL, 0, "applying remedies is not built yet");
        return PF_ERROR;
    }
    return PF_OK;
}
