/*
 * The serial shell. Commands register themselves in the .shell_cmds linker
 * section where their data lives (mmap beside the boot info, buddyinfo
 * beside the zones), so adding one never means editing a central table.
 * Every command is also scriptable: exec="cmd1; cmd2" runs them and exits.
 */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#include "lib/types.h"

#define SHELL_MAX_ARGS 16

struct shell_cmd {
	const char *name;
	const char *usage;		  /* arguments, e.g. "ORDER [COUNT]" */
	const char *help;		  /* one line */
	int (*fn)(int argc, char **argv); /* 0 on success */
};

#define SHELL_CMD(cname, cusage, chelp, cfn)                                   \
	static const struct shell_cmd __shell_cmd_##cname __used __section(    \
		".shell_cmds") __aligned(8) = {#cname, cusage, chelp, cfn}

/* Run one line that may hold several commands separated by ';'.
 * Return: the number of commands that failed. */
int shell_run_line(char *line);
/* Print "usage: name ARGS" for @name and return 1 (for bad arguments). */
int shell_usage(const char *name);
void __noreturn shell_main(const char *exec);

#endif
