/*
 * Writing JSON into a pf_buf_t.  Commas are placed by looking at the last
 * byte written: after '{' or '[' none is needed, after anything else one
 * is.  That keeps each renderer a flat list of fields.
 */
#ifndef PF_JSON_H
#define PF_JSON_H

#include "preflight_internal.h"

void pf_json_sep(pf_buf_t *out);
/* ,"key": then '{' or '[' (key NULL: an array element) */
void pf_json_open(pf_buf_t *out, const char *key, char bracket);
void pf_json_close(pf_buf_t *out, char bracket);
void pf_json_kstr(pf_buf_t *out, const char *key, const char *s);
void pf_json_klong(pf_buf_t *out, const char *key, long v);
/* null when v < 0 (the facts' "unknown") */
void pf_json_kid(pf_buf_t *out, const char *key, long v);
void pf_json_kbool(pf_buf_t *out, const char *key, int v);
/* -1 null, 0 false, 1 true */
void pf_json_ktri(pf_buf_t *out, const char *key, int v);
void pf_json_kstrs(pf_buf_t *out, const char *key, const pf_array_t *a);
void pf_json_klongs(pf_buf_t *out, const char *key, const pf_array_t *a);
const char *pf_json_known(pf_known_t k);
const char *pf_json_proto(pf_proto_t p);
const char *pf_json_family(pf_family_t f);
/* "schema", "tool", "version", "platform" */
void pf_json_head(const pf_report_t *r, pf_buf_t *out);

#endif
