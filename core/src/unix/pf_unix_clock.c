/*
 * Time on Unix, for pf_report_wait().
 */
#include <errno.h>
#include <time.h>

#include "preflight_internal.h"
#include "pf_platform.h"

/* The clock of pf_report_wait(): monotonic, so that a clock set during
 * the wait neither cuts it short nor stretches it. */
unsigned long
pf_platform_msec(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0;
    }
    return (unsigned long) ts.tv_sec * 1000UL
           + (unsigned long) (ts.tv_nsec / 1000000L);
}

void
pf_platform_sleep_ms(unsigned ms)
{
    struct timespec ts;

    ts.tv_sec = (time_t) (ms / 1000);
    ts.tv_nsec = (long) (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        /* a signal: sleep the rest */
    }
}
