/*
 * Time on Windows, for pf_report_wait().
 */
#include "pf_win.h"

#include "pf_platform.h"

/* The clock of pf_report_wait(): GetTickCount64 is monotonic. */
unsigned long
pf_platform_msec(void)
{
    return (unsigned long) GetTickCount64();
}

void
pf_platform_sleep_ms(unsigned ms)
{
    Sleep(ms);
}
