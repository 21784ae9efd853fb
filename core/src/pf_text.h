/* Small text helpers shared by the parsers of the core. */
#ifndef PF_TEXT_H
#define PF_TEXT_H

/* The value of one hexadecimal digit, or -1. */
int pf_hex_value(int c);

#endif
