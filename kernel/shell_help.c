/*
 * `help`: every command in its group, one line each; `help CMD`: usage,
 * options, an example and what to look at. The longer texts register in
 * .shell_help by name (SHELL_HELP), so a command defined anywhere is
 * covered; one nobody described lands in "other".
 */
#include "kernel/console.h"
#include "kernel/shell_internal.h"
#include "lib/section.h"
#include "lib/string.h"

#define HELP_WIDTH 79

static const char *const group_titles[NR_SHELL_GROUPS] = {
	[SHELL_GROUP_VIEWS] = "Views (Linux's /proc files, same layout)",
	[SHELL_GROUP_ALLOC] = "Allocation (drive the allocator by hand)",
	[SHELL_GROUP_PCP] = "Per-CPU lists",
	[SHELL_GROUP_DRAIN] = "Draining",
	[SHELL_GROUP_HOTPLUG] = "Memory hotplug",
	[SHELL_GROUP_BENCH] = "Benchmarks",
	[SHELL_GROUP_DEBUG] = "Debugging (some end the kernel on purpose)",
	[SHELL_GROUP_SHELL] = "Shell and machine",
	[SHELL_GROUP_OTHER] = "Other",
};

const struct shell_help *shell_find_help(const char *name)
{
	size_t n = section_count(__shell_help_start, __shell_help_end);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(__shell_help_start[i].name, name))
			return &__shell_help_start[i];
	return NULL;
}

static enum shell_group cmd_group(const struct shell_cmd *c)
{
	const struct shell_help *h = shell_find_help(c->name);

	return h && h->group < NR_SHELL_GROUPS ? h->group : SHELL_GROUP_OTHER;
}

/* "  name          one-line help", cut to the width so columns hold. */
static void help_line(const struct shell_cmd *c)
{
	int room = HELP_WIDTH - 16;
	int len = (int)strlen(c->help);

	if (len <= room)
		kprintf("  %-13s %s\n", c->name, c->help);
	else
		kprintf("  %-13s %.*s...\n", c->name, room - 3, c->help);
}

/* The commands of @g, sorted by name (a few dozen: selection is plenty). */
static void help_group(enum shell_group g)
{
	const struct shell_cmd *last = NULL;

	for (;;) {
		const struct shell_cmd *next = NULL;

		for (size_t i = 0; i < shell_nr_cmds(); i++) {
			const struct shell_cmd *c = shell_cmd_at(i);

			if (cmd_group(c) != g ||
			    (last && strcmp(c->name, last->name) <= 0))
				continue;
			if (!next || strcmp(c->name, next->name) < 0)
				next = c;
		}
		if (!next)
			return;
		if (!last)
			kprintf("%s:\n", group_titles[g]);
		help_line(next);
		last = next;
	}
}

static void help_all(void)
{
	for (int g = 0; g < NR_SHELL_GROUPS; g++)
		help_group((enum shell_group)g);
	kprintf("'help CMD' gives a command's options, an example and what to "
		"look at.\nAfter any command: '| head N', '| tail N', "
		"'| grep WORD', '| more'.\nKeys: Tab completes, Up/Down "
		"recall, "
		"Ctrl-A/E start/end, Ctrl-U/W erase.\n");
}

/* Print @text indented, one option per line as written. */
static void help_block(const char *title, const char *text)
{
	if (!text || !*text)
		return;
	kprintf("%s\n", title);
	while (*text) {
		const char *nl = strchr(text, '\n');
		int len = nl ? (int)(nl - text) : (int)strlen(text);

		kprintf("  %.*s\n", len, text);
		text += len + (nl != NULL);
	}
}

static int help_one(const char *name)
{
	const struct shell_cmd *c = shell_find(name);
	const struct shell_help *h = shell_find_help(name);

	if (!c)
		return shell_error("help",
				   "no command '%s' (type 'help' for "
				   "the list)",
				   name);
	kprintf("%s - %s\nusage: %s %s\n", c->name, c->help, c->name,
		*c->usage ? c->usage : "(no arguments)");
	if (!h)
		return 0;
	help_block("options:", h->options);
	help_block("example:", h->example);
	help_block("look at:", h->look);
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 2)
		return shell_error("help",
				   "takes one command name, not %d "
				   "words",
				   argc - 1);
	if (argc == 2)
		return help_one(argv[1]);
	help_all();
	return 0;
}
SHELL_CMD(help, "[COMMAND]", "the commands, or one command in detail",
	  cmd_help);
SHELL_HELP(help, SHELL_GROUP_SHELL,
	   "COMMAND  any command name; Tab completes it", "help alloc",
	   "the usage line first: words in CAPITALS are values you choose,\n"
	   "[brackets] are optional, a|b means one of them.");
