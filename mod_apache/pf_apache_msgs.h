/*
 * The tags of mod_preflight's log messages.  Apache's APLOGNO() numbers
 * (AHnnnnn) belong to httpd itself; ours are PFnnnnn, one per message,
 * so that a log line can be searched for and a script can match it.
 * Never renumber: add new ones at the end.
 */
#ifndef PF_APACHE_MSGS_H
#define PF_APACHE_MSGS_H

/* one line of the explanation of a port that cannot be bound */
#define PF_MSG_CONFLICT        "PF00001: "
/* PreflightOnConflict fail: the last words before httpd gives up */
#define PF_MSG_REFUSE          "PF00002: "
/* preflight itself failed (memory, core error): the server goes on */
#define PF_MSG_INTERNAL        "PF00003: "
/* one line of a remedy, planned (suggest) or carried out (apply) */
#define PF_MSG_REMEDY          "PF00004: "
/* PreflightRemedy apply: a remedy failed or was refused */
#define PF_MSG_REMEDY_FAILED   "PF00005: "
/* PreflightRemedy apply: after the remedies every port is free */
#define PF_MSG_REMEDY_DONE     "PF00006: "
/* skipped: this process only signals the running httpd (debug) */
#define PF_MSG_SKIP_SIGNAL     "PF00007: "
/* httpd -t: the configuration is fine but a start would fail */
#define PF_MSG_CONFIGTEST      "PF00008: "
/* every listener can be bound (debug) */
#define PF_MSG_ALL_FREE        "PF00009: "
/* a port held by an older generation of this httpd, still shutting
 * down (warn, as httpd's own notices of a graceful restart) */
#define PF_MSG_SELF_EXITING    "PF00010: "
/* a port that failed was free when probed again: its holder exited
 * (debug) */
#define PF_MSG_RELEASED        "PF00011: "

#endif
