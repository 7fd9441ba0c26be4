/*
 * Host stand-ins for kernel services the code under test calls: printk,
 * which captures each message (formatted by the real kvsnprintf) so tests
 * can check what was warned, and ksym_lookup with a single fake symbol.
 * Set HOST_VERBOSE=1 to also see every message on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/format.h"
#include "lib/printk.h"
#include "tests/host/host_env.h"

#define MSG_MAX 2048
#define MSG_LEN 512

struct captured {
	char level; /* '0'..'7', or 0 when printed without a level */
	char text[MSG_LEN];
};

static struct captured msgs[MSG_MAX];
static int nr_msgs; /* may exceed MSG_MAX: the rest are counted only */

void printk_capture_reset(void)
{
	nr_msgs = 0;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[MSG_LEN];
	const char *text = line;
	char level = 0;
	int n = kvsnprintf(line, sizeof(line), fmt, ap);

	if (line[0] == KERN_SOH[0] && line[1]) {
		level = line[1];
		text = line + 2;
	}
	if (nr_msgs < MSG_MAX) {
		msgs[nr_msgs].level = level;
		snprintf(msgs[nr_msgs].text, MSG_LEN, "%s", text);
	}
	nr_msgs++;
	if (getenv("HOST_VERBOSE"))
		fprintf(stderr, "<%c>%s", level ? level : '-', text);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

static int kept(void)
{
	return nr_msgs < MSG_MAX ? nr_msgs : MSG_MAX;
}

int printk_count(void)
{
	return nr_msgs;
}

int printk_warned_count(const char *needle)
{
	int i, n = 0;

	for (i = 0; i < kept(); i++)
		if (msgs[i].level == '4' && strstr(msgs[i].text, needle))
			n++;
	return n;
}

int printk_warn_count(void)
{
	return printk_warned_count("");
}

bool printk_warned(const char *needle)
{
	return printk_warned_count(needle) > 0;
}

bool printk_printed(const char *needle)
{
	int i;

	for (i = 0; i < kept(); i++)
		if (strstr(msgs[i].text, needle))
			return true;
	return false;
}

const char *printk_message(int i)
{
	return i >= 0 && i < kept() ? msgs[i].text : NULL;
}

bool printk_all_one_line(void)
{
	int i;

	for (i = 0; i < kept(); i++) {
		const char *nl = strchr(msgs[i].text, '\n');

		if (!nl || nl[1])
			return false;
	}
	return true;
}

const char *ksym_lookup(unsigned long addr, unsigned long *start,
			unsigned long *size)
{
	if (addr < FAKE_SYM_START || addr >= FAKE_SYM_START + FAKE_SYM_SIZE)
		return NULL;
	*start = FAKE_SYM_START;
	*size = FAKE_SYM_SIZE;
	return FAKE_SYM_NAME;
}
