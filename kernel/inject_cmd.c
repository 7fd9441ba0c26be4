/*
 * Arming injection points from outside a test: inject=NAME:irq|nmi[:EVERY]
 * (comma-separated) at boot, and the shell's `inject` to list the points
 * with their counters or arm one.
 */
#include "kernel/inject.h"
#include "arch/x86/apic.h"
#include "arch/x86/idt.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "lib/printk.h"
#include "lib/section.h"
#include "lib/string.h"

extern struct inject_point __inject_points_start[], __inject_points_end[];

static const char *const kind_names[] = {"off", "irq", "nmi"};

/* Return: the kind named @s, or -1. */
static int inject_parse_kind(const char *s)
{
	for (int k = 0; k < (int)ARRAY_SIZE(kind_names); k++)
		if (!strcmp(s, kind_names[k]))
			return k;
	return -1;
}

/* Return: @s as a count >= 1, or 0 if it is not one. */
static u32 inject_parse_every(const char *s)
{
	char *end;
	u64 v = kstrtou64(s, &end, 0);

	return (end == s || *end || v == 0 || v > 0xffffffffu) ? 0 : (u32)v;
}

/* Arm @name as @kind (and @every if not NULL). Return: 0, or -1 (said). */
static int inject_arm_words(const char *name, const char *kind,
			    const char *every, const char *who)
{
	int k = kind ? inject_parse_kind(kind) : -1;
	u32 n = every ? inject_parse_every(every) : 1;

	if (!*name || k < 0) {
		pr_warn("%s: '%s:%s' needs NAME:irq|nmi|off[:EVERY]\n", who,
			name, kind ? kind : "");
		return -1;
	}
	if (!n) {
		pr_warn("%s: EVERY '%s' for %s is not a count >= 1\n", who,
			every, name);
		return -1;
	}
	if (!(k ? inject_arm(name, k, n, NULL, NULL) : inject_disarm(name))) {
		pr_warn("%s: no injection point named '%s' (the inject command "
			"lists them)\n",
			who, name);
		return -1;
	}
	return 0;
}

/* One "NAME:KIND[:EVERY]" item, split in place. Return: 0 or -1. */
static int inject_boot_item(char *item)
{
	char *kind = strchr(item, ':'), *every = NULL;

	if (kind) {
		*kind++ = '\0';
		every = strchr(kind, ':');
		if (every)
			*every++ = '\0';
	}
	return inject_arm_words(item, kind, every, "inject=");
}

int inject_apply_spec(const char *spec)
{
	char buf[256], *item, *next;
	int bad = 0;

	if (strlcpy(buf, spec, sizeof(buf)) >= sizeof(buf)) {
		pr_warn("inject=: value longer than %zu bytes, ignored\n",
			sizeof(buf) - 1);
		return 1;
	}
	for (item = buf; item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		bad += inject_boot_item(item) < 0;
	}
	return bad;
}

void inject_init(void)
{
	const char *v = cmdline_str("inject", NULL);

	idt_set_handler(INJECT_VECTOR, inject_irq_handler);
	if (v)
		inject_apply_spec(v);
}

static void inject_list(void)
{
	size_t n = section_count(__inject_points_start, __inject_points_end);

	kprintf("%-28s %-4s %6s %10s %10s %10s  %s\n", "point", "kind", "every",
		"hits", "fired", "taken", "where");
	for (size_t i = 0; i < n; i++) {
		const struct inject_point *p = &__inject_points_start[i];

		kprintf("%-28s %-4s %6u %10lu %10lu %10lu  %s:%d\n", p->name,
			kind_names[p->kind], p->every, (unsigned long)p->hits,
			(unsigned long)p->fired, (unsigned long)p->taken,
			p->file, p->line);
	}
}

static int cmd_inject(int argc, char **argv)
{
	if (argc == 1) {
		inject_list();
		return 0;
	}
	if (argc < 3 || argc > 4) {
		kprintf("usage: inject [NAME irq|nmi|off [EVERY]]\n");
		return 1;
	}
	return inject_arm_words(argv[1], argv[2], argc == 4 ? argv[3] : NULL,
				"inject")
		       ? 1
		       : 0;
}
SHELL_CMD(inject, "[NAME irq|nmi|off [EVERY]]",
	  "injection points and their counters, or arm one", cmd_inject);
SHELL_HELP(
	inject, SHELL_GROUP_DEBUG,
	"NAME   an injection point (inject lists them)\n"
	"irq    raise a self-IPI right at the point\n"
	"nmi    raise a self-NMI right at the point\n"
	"off    disarm it\n"
	"EVERY  fire on every EVERY-th pass (default 1)",
	"inject",
	"one line per point: armed, fired and taken counts. An IRQ injected\n"
	"with IRQs off is taken when they come back on, so taken may lag "
	"fired.");
