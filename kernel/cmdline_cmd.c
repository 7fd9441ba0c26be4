/*
 * The boot command line as the rest of the kernel sees it: parsed once,
 * checked against the keys subsystems declared, shown by `cmdline`.
 * Linux: parse_args (kernel/params.c) and its __setup tables.
 */
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "lib/section.h"
#include "lib/string.h"

extern const struct cmdline_key __cmdline_keys_start[], __cmdline_keys_end[];

CMDLINE_KEY(mode, "what runs after boot: shell (default), test, bench");
CMDLINE_KEY(test, "with mode=test: run suites matching GLOB (or suite.case)");
CMDLINE_KEY(exec, "shell commands separated by ';', run, then power off");
CMDLINE_KEY(loglevel, "print log messages below this level (default 7)");

/* The line as the loader gave it, for what parsing had to ignore. */
static const char *boot_cmdline_raw = "";

void cmdline_boot_init(const char *s)
{
	boot_cmdline_raw = s ? s : "";
	cmdline_parse(&boot_cmdline, boot_cmdline_raw);
	cmdline_check_known(&boot_cmdline, __cmdline_keys_start,
			    __cmdline_keys_end);
}

bool cmdline_lost_key(const char *key)
{
	const char *s = boot_cmdline_raw;
	size_t n = strlen(key), i;

	if (!boot_cmdline.truncated)
		return false;
	for (i = boot_cmdline.lost_from; s[i]; i++)
		if ((i == boot_cmdline.lost_from || s[i - 1] == ' ') &&
		    !strncmp(s + i, key, n) && s[i + n] == '=')
			return true;
	return false;
}

static int cmd_cmdline(int argc, char **argv)
{
	size_t nkeys = section_count(__cmdline_keys_start, __cmdline_keys_end);

	(void)argc;
	(void)argv;
	kprintf("%d argument%s:\n", boot_cmdline.nargs,
		boot_cmdline.nargs == 1 ? "" : "s");
	for (int i = 0; i < boot_cmdline.nargs; i++) {
		const struct cmdline_arg *a = &boot_cmdline.args[i];

		if (a->val)
			kprintf("  %s=\"%s\"\n", a->key, a->val);
		else
			kprintf("  %s\n", a->key);
	}
	kprintf("known keys:\n");
	for (size_t i = 0; i < nkeys; i++)
		kprintf("  %-16s %s\n", __cmdline_keys_start[i].name,
			__cmdline_keys_start[i].help);
	return 0;
}
SHELL_CMD(cmdline, "", "the parsed command line and the known keys",
	  cmd_cmdline);
