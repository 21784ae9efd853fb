/* Small text helpers shared by the parsers of the core. */
#ifndef PF_TEXT_H
#define PF_TEXT_H

#include <stddef.h>

/* The value of one hexadecimal digit, or -1. */
int pf_hex_value(int c);

/* The next line of [*cur, end), without its '\n', into *line and *len;
 * moves *cur past it.  0 at the end (a final "\n" gives no empty
 * line). */
int pf_text_next_line(const char **cur, const char *end, const char **line,
                      size_t *len);

#endif
