/*
 * Windows-shaped facts for the rule tests, on top of test_diag_fixture.h:
 * a Windows host, a target denied with nobody listening, and the host's
 * excluded and dynamic port ranges read from real netsh captures
 * (tests/unit/data/netsh/, SOURCES-ranges.md) by the parsers the Windows
 * layer uses.  Shared by test_rule_httpsys.c, test_rule_excluded_range.c,
 * test_rule_portproxy.c, ... so that each rule's file holds only its own.
 */
#ifndef TEST_DIAG_WINFIXTURE_H
#define TEST_DIAG_WINFIXTURE_H

#include <stdlib.h>

#include "test_diag_fixture.h"
#include "diagnose/pf_diagnose.h"
#include "netsh/pf_netsh.h"

#ifndef PF_TEST_SRCDIR
#define PF_TEST_SRCDIR "."
#endif

/* Winsock's numbers: the tests build Windows facts on Linux too. */
#define WSAEACCES       10013
#define WSAEADDRINUSE   10048

/* fx_setup, then a Windows host (administrator; no euid, no port start). */
void         fx_win_setup(void);
/* A capture from tests/unit/data/netsh/ (or, named "../x", a sibling
 * folder), in the report's pool. */
const char  *fx_capture(const char *name, size_t *len);
/* The host's excluded (dynamic) ranges from a capture, as pf_win_netsh
 * reads them. */
void         fx_host_excluded(const char *name);
void         fx_host_dynamic(const char *name);
/* 0.0.0.0:port denied (WSAEACCES) with no listener; a free port 1000 up. */
pf_check_t  *fx_denied_nobody(unsigned port);
/* Some finding of c offers a remedy with that action. */
int          fx_has_action(const pf_check_t *c, pf_action_t action);

#endif
