/*
 * Diagnose: facts in, findings out, no system calls.
 *
 * One rule per cause, one file per rule (pf_rule_<cause>.c).  The table in
 * pf_diagnose.c runs them in order; each returns 1 when it added a
 * finding.  The helpers below build findings and remedies so that a rule
 * reads as the decision it makes and the words it says.
 */
#ifndef PF_DIAGNOSE_H
#define PF_DIAGNOSE_H

#include "preflight_internal.h"

typedef struct {
    pf_pool_t              *pool;
    const pf_context_t     *ctx;
    const pf_host_facts_t  *host;
    pf_check_t             *c;
    unsigned                matched;   /* bit (1 << pf_cause_t) per cause */
    int                     nomem;     /* an allocation failed */
} pf_diag_t;

/* 1: added a finding; 0: does not apply. */
typedef int (*pf_rule_pt)(pf_diag_t *d);

int pf_rule_listen_set(pf_diag_t *d);
int pf_rule_not_local(pf_diag_t *d);
int pf_rule_unix_socket(pf_diag_t *d);
int pf_rule_unsupported(pf_diag_t *d);
int pf_rule_privileged(pf_diag_t *d);
int pf_rule_selinux(pf_diag_t *d);
int pf_rule_same_server(pf_diag_t *d);
int pf_rule_socket_unit(pf_diag_t *d);
int pf_rule_container(pf_diag_t *d);
int pf_rule_httpsys(pf_diag_t *d);
int pf_rule_process(pf_diag_t *d);
int pf_rule_hidden_process(pf_diag_t *d);
int pf_rule_excluded_range(pf_diag_t *d);
int pf_rule_unknown(pf_diag_t *d);
int pf_rule_portproxy(pf_diag_t *d);
int pf_rule_wsl(pf_diag_t *d);
int pf_rule_docker_desktop(pf_diag_t *d);
int pf_rule_inherited(pf_diag_t *d);

/* pf_finding.c: findings, evidence, holders, remedies.  Each tolerates a
 * NULL finding or remedy (after a failed allocation) and sets d->nomem;
 * pf_diag_sprintf never returns NULL. */
char         *pf_diag_sprintf(pf_diag_t *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
pf_finding_t *pf_diag_finding(pf_diag_t *d, pf_cause_t cause,
                              pf_confidence_t conf, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void          pf_diag_evidence(pf_diag_t *d, pf_finding_t *f,
                               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void          pf_diag_holder(pf_diag_t *d, pf_finding_t *f, pf_process_t *p);

/* What a remedy is, apart from its words: its id (made unique within
 * the finding), what fix --apply does for it (PF_ACTION_NONE: advice),
 * and whether it needs root or Administrator.  Each rule keeps a table
 * of the remedies it offers. */
typedef struct {
    const char  *id;
    pf_action_t  action;
    int          needs_admin;
} pf_diag_offer_t;

pf_remedy_t  *pf_diag_remedy(pf_diag_t *d, pf_finding_t *f,
                             const pf_diag_offer_t *offer,
                             const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void          pf_diag_command(pf_diag_t *d, pf_remedy_t *r,
                              const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* pf_diag_facts.c: questions about the facts that several rules ask. */
int           pf_diag_holders_apply(const pf_diag_t *d);
int           pf_diag_is_systemd(const pf_diag_t *d, const pf_process_t *p);
int           pf_diag_is_proxy(const pf_diag_t *d, const pf_process_t *p);
int           pf_diag_is_kernel_listener(const pf_listener_t *l);
/* Claimed by another rule: this server, HTTP.sys, systemd, docker-proxy. */
int           pf_diag_claimed(const pf_diag_t *d, const pf_process_t *p);
int           pf_diag_has_listener(const pf_diag_t *d);
const char   *pf_diag_user(pf_diag_t *d, long uid, const char *user);
const char   *pf_diag_listener_text(pf_diag_t *d, const pf_listener_t *l);
/* "a, b, c" from an array of strings; NULL when empty ("" when out of
 * memory). */
const char   *pf_diag_join(pf_diag_t *d, const pf_array_t *strs,
                           const char *sep);

/* pf_offer.c: the remedies several rules offer. */
const char   *pf_offer_listen_line(pf_diag_t *d, const char *address,
                                   unsigned port);
void          pf_offer_units(pf_diag_t *d, pf_finding_t *f,
                             const char *unit);
void          pf_offer_kill(pf_diag_t *d, pf_finding_t *f,
                            const pf_process_t *p);
/* pf_offer_stop.c: Apache or nginx outside a unit, stopped the way it
 * was started (apache2ctl stop, nginx -s stop); 0 when p is not one. */
int           pf_offer_stop_server(pf_diag_t *d, pf_finding_t *f,
                                   const pf_process_t *p);
/* The command alone, from a command line (pure; fuzzed). */
const char   *pf_offer_stop_command(pf_pool_t *pool, const char *cmdline);
/* The Listen / listen line(s) for address:port: the checked server's,
 * both servers' when it is none of them. */
void          pf_offer_listen_commands(pf_diag_t *d, pf_remedy_t *r,
                                       const char *address, unsigned port);
void          pf_offer_other_port(pf_diag_t *d, pf_finding_t *f,
                                  unsigned min_port);
void          pf_offer_services(pf_diag_t *d, pf_finding_t *f,
                                const char *service);
void          pf_offer_inspect(pf_diag_t *d, pf_finding_t *f);
void          pf_offer_look(pf_diag_t *d, pf_finding_t *f);

/* pf_httpsys_users.c: who is known to register URLs with HTTP.sys. */
const char   *pf_httpsys_service_user(const char *service);
const char   *pf_httpsys_reservation_user(const char *url);
/* The port of an HTTP.sys URL ("http://+:80/x/" -> 80, default 80/443);
 * 0 when it cannot be read. */
unsigned      pf_httpsys_url_port(const char *url);
/* The service registers that port by default (WinRM 5985, ...). */
int           pf_httpsys_service_on_port(const char *service, unsigned port);
/* Never stopped nor disabled by preflight: WinRM, SSDP, UPnP, BranchCache */
int           pf_httpsys_service_protected(const char *service);

/* "Everyone" for "D:(A;;GX;;;WD)"; NULL when no well-known SID. */
const char   *pf_httpsys_sddl_users(pf_pool_t *pool, const char *sddl);

/* pf_httpsys_iplisten.c: keep HTTP.sys off the server's address. */
void          pf_httpsys_iplisten(pf_diag_t *d, pf_finding_t *f);

/* pf_diag_winowners.c: Windows programs holding a port for something
 * else (each has its own rule; pf_diag_claimed leaves them to it). */
int           pf_diag_is_iphlpsvc(const pf_process_t *p);
const pf_portproxy_t *pf_diag_portproxy(const pf_diag_t *d);
int           pf_diag_is_portproxy_holder(const pf_diag_t *d,
                                          const pf_process_t *p);
int           pf_diag_is_wsl_relay(const pf_process_t *p);
int           pf_diag_is_docker_desktop(const pf_process_t *p);
int           pf_diag_is_inheritor(const pf_diag_t *d,
                                   const pf_process_t *p);
int           pf_diag_has_gone_owner(const pf_diag_t *d);
int           pf_diag_winowner(const pf_diag_t *d, const pf_process_t *p);

#endif
