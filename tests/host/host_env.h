/*
 * What host tests link instead of the kernel: a printk that formats with the
 * real kvsnprintf into a capture buffer the tests inspect, and a ksym_lookup
 * that knows one made-up symbol so %pS can be tested.
 */
#ifndef TESTS_HOST_ENV_OBJS_H
#define TESTS_HOST_ENV_OBJS_H

#include <stdbool.h>

/* The one symbol the stand-in ksym_lookup knows. */
#define FAKE_SYM_NAME  "fake_function"
#define FAKE_SYM_START 0xffffffff80101000UL
#define FAKE_SYM_SIZE  0x80UL

/* Forget everything printed so far. Use as the HT_MAIN setup. */
void printk_capture_reset(void);
/* Messages since the reset; also those too many to keep. */
int printk_count(void);
/* Messages at KERN_WARNING since the reset. */
int printk_warn_count(void);
/* Whether a KERN_WARNING message containing @needle was printed. */
bool printk_warned(const char *needle);
/* How many KERN_WARNING messages contain @needle. */
int printk_warned_count(const char *needle);
/* Whether any message, at any level, contains @needle. */
bool printk_printed(const char *needle);
/* Text of message @i (level prefix removed), or NULL. */
const char *printk_message(int i);
/* Whether every message is exactly one line ending in '\n'. */
bool printk_all_one_line(void);

#endif
