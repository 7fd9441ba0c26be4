/*
 * The serial shell. Commands register themselves in the .shell_cmds linker
 * section where their data lives (mmap beside the boot info, buddyinfo
 * beside the zones), so adding one never means editing a central table.
 * Their longer help (`help CMD`) registers the same way in .shell_help.
 * Every command is also scriptable: exec="cmd1; cmd2" runs them and exits.
 */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#include "lib/types.h"

#define SHELL_MAX_ARGS 16   /* words in one command, its name included */
#define SHELL_LINE_MAX 1024 /* bytes in one line, its NUL included */

struct shell_cmd {
	const char *name;
	const char *usage;		  /* arguments, e.g. "ORDER [COUNT]" */
	const char *help;		  /* one line */
	int (*fn)(int argc, char **argv); /* 0 on success */
};

#define SHELL_CMD(cname, cusage, chelp, cfn)                                   \
	static const struct shell_cmd __shell_cmd_##cname __used __section(    \
		".shell_cmds") __aligned(8) = {#cname, cusage, chelp, cfn}

/* The groups `help` prints, in this order. */
enum shell_group {
	SHELL_GROUP_VIEWS,
	SHELL_GROUP_ALLOC,
	SHELL_GROUP_PCP,
	SHELL_GROUP_DRAIN,
	SHELL_GROUP_HOTPLUG,
	SHELL_GROUP_BENCH,
	SHELL_GROUP_DEBUG,
	SHELL_GROUP_SHELL,
	SHELL_GROUP_OTHER, /* a command nobody wrote a SHELL_HELP for */
	NR_SHELL_GROUPS,
};

/*
 * What `help CMD` prints beyond the usage line. @options has one option per
 * line ("ORDER   0..10: the block is 2^ORDER pages"), @example one command
 * line, @look what to read in the output.
 */
struct shell_help {
	const char *name;
	enum shell_group group;
	const char *options;
	const char *example;
	const char *look;
};

#define SHELL_HELP(cname, cgroup, copts, cexample, clook)                      \
	static const struct shell_help __shell_help_##cname __used __section(  \
		".shell_help")                                                 \
		__aligned(8) = {#cname, cgroup, copts, cexample, clook}

/* Run one line that may hold several commands separated by ';'.
 * Return: the number of commands that failed. */
int shell_run_line(char *line);
/* Print "usage: name ARGS" for @name and return 1 (for bad arguments). */
int shell_usage(const char *name);
/* Print "@cmd: message" as one line and return 1, for a failed command. */
int shell_error(const char *cmd, const char *fmt, ...) __printf(2, 3);
void __noreturn shell_main(const char *exec);
/*
 * shell_output_live - whether the running command's output goes straight
 * to a person's terminal (an interactive prompt, no filter capturing it),
 * so cursor movement makes sense. Context: the shell thread.
 */
bool shell_output_live(void);

const struct shell_cmd *shell_find(const char *name);
const struct shell_help *shell_find_help(const char *name);
size_t shell_nr_cmds(void);
const struct shell_cmd *shell_cmd_at(size_t i);

#endif
