/*
 * The serial shell's dispatch (shell.h): a line is cut at ';' into
 * commands and each command at '|' into the command and its filters, both
 * outside quotes; then the command runs with its output counted (and
 * captured when filtered). exec= runs one line the same way and exits.
 * Input is polled: the shell runs on the boot CPU with nothing else to do.
 */
#include "kernel/shell.h"
#include "arch/x86/cpu.h"
#include "arch/x86/qemu_exit.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"
#include "kernel/shell_filter.h"
#include "kernel/shell_internal.h"
#include "kernel/shell_parse.h"
#include "lib/format.h"
#include "lib/section.h"
#include "lib/string.h"

#define SHELL_POLL_NS (2 * 1000 * 1000)

extern const struct shell_cmd __shell_cmds_start[], __shell_cmds_end[];

/* Whether a person is at the prompt (exec= has nobody to answer more). */
static bool shell_interactive;

size_t shell_nr_cmds(void)
{
	return section_count(__shell_cmds_start, __shell_cmds_end);
}

const struct shell_cmd *shell_cmd_at(size_t i)
{
	return &__shell_cmds_start[i];
}

const struct shell_cmd *shell_find(const char *name)
{
	for (size_t i = 0; i < shell_nr_cmds(); i++)
		if (!strcmp(__shell_cmds_start[i].name, name))
			return &__shell_cmds_start[i];
	return NULL;
}

int shell_usage(const char *name)
{
	const struct shell_cmd *c = shell_find(name);

	kprintf("usage: %s %s (more: help %s)\n", name, c ? c->usage : "",
		name);
	return 1;
}

int shell_error(const char *cmd, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf("%s: %s\n", cmd, msg);
	return 1;
}

/* Cut @stages at '|' into the command and its parsed filters. */
static int parse_stages(char *cmd, struct shell_filter *f, int *nr)
{
	char *next = shell_cut(cmd, '|');

	for (*nr = 0; next; (*nr)++) {
		char *stage = next;

		next = shell_cut(stage, '|');
		if (*nr == SHELL_MAX_FILTERS)
			return shell_error("shell",
					   "too many filters, the "
					   "most is %d",
					   SHELL_MAX_FILTERS);
		if (!shell_filter_parse(stage, &f[*nr]))
			return 1;
	}
	return 0;
}

/* Run the command in @argv with @nr filters over its output. */
static int run_cmd(int argc, char **argv, const struct shell_filter *f, int nr)
{
	const struct shell_cmd *c = shell_find(argv[0]);
	int rc;

	if (!c)
		return shell_error("shell", "unknown command '%s' (try 'help')",
				   argv[0]);
	if (!*c->usage && argc > 1)
		return shell_error(c->name, "takes no arguments, not '%s'",
				   argv[1]);
	shell_output_begin(nr > 0);
	rc = c->fn(argc, argv) != 0;
	/* a command that succeeded says so, even one that has nothing to say */
	if (!shell_output_end(f, nr, shell_interactive) && !rc)
		kprintf("%s: done\n", c->name);
	return rc;
}

bool shell_output_live(void)
{
	return shell_interactive && !shell_output_captured();
}

static int shell_run_one(char *cmd)
{
	struct shell_filter f[SHELL_MAX_FILTERS];
	char *argv[SHELL_MAX_ARGS], why[SHELL_WHY_MAX];
	int argc, nr;

	if (parse_stages(cmd, f, &nr))
		return 1;
	argc = shell_split_words(cmd, argv, SHELL_MAX_ARGS, why);
	if (argc < 0)
		return shell_error("shell", "%s", why);
	if (argc == 0)
		return nr ? shell_error("shell", "no command before '|'") : 0;
	return run_cmd(argc, argv, f, nr);
}

int shell_run_line(char *line)
{
	int failed = 0;

	for (char *cmd = line, *next; cmd; cmd = next) {
		next = shell_cut(cmd, ';');
		failed += shell_run_one(cmd);
	}
	return failed;
}

/* exec=: each command echoed as if typed, so a log splits cleanly. */
static int shell_run_script(char *line)
{
	int failed = 0;

	for (char *cmd = line, *next; cmd; cmd = next) {
		next = shell_cut(cmd, ';');
		while (*cmd == ' ' || *cmd == '\t')
			cmd++;
		if (!*cmd)
			continue;
		kprintf("pagelab> %s\n", cmd);
		failed += shell_run_one(cmd);
	}
	return failed;
}

static void __noreturn exec_fail(const char *why)
{
	kprintf("exec: %s; failing the boot\n", why);
	qemu_exit(QEMU_EXIT_TEST_FAILED);
}

static void __noreturn shell_exec(const char *exec)
{
	static char line[SHELL_LINE_MAX];
	char why[SHELL_WHY_MAX];
	size_t n;
	int failed;

	if (!exec)
		exec_fail("exec= was in the part of the kernel command line "
			  "that had to be ignored (see the cmdline warning)");
	n = strlcpy(line, exec, sizeof(line));
	if (n >= sizeof(line)) {
		ksnprintf(why, sizeof(why),
			  "exec= is %zu characters, the most is %zu", n,
			  sizeof(line) - 1);
		exec_fail(why);
	}
	failed = shell_run_script(line);
	kprintf("exec: %d command%s failed; powering off\n", failed,
		failed == 1 ? "" : "s");
	qemu_exit(failed ? QEMU_EXIT_TEST_FAILED : QEMU_EXIT_PASS);
}

/*
 * Nothing typed yet: sleep a tick rather than spin, so an idle prompt
 * leaves the CPU (and under QEMU a host core) to other threads. A person
 * does not notice a few milliseconds of echo latency.
 * Context: the shell thread, preemptible once the scheduler runs.
 */
int shell_getc_wait(void)
{
	int c;

	while ((c = console_getc()) < 0) {
		if (preemptible() && sched_cpu_active(smp_processor_id()))
			sched_sleep_ns(SHELL_POLL_NS);
		else
			cpu_relax();
	}
	return c;
}

static void edit_out(const char *s, size_t n)
{
	console_write(s, n);
}

void shell_main(const char *exec)
{
	static struct shell_edit ed = {.prompt = "pagelab> ",
				       .out = edit_out,
				       .complete = shell_complete};

	if (exec || cmdline_lost_key("exec"))
		shell_exec(exec);
	shell_interactive = true;
	kprintf("pagelab shell: type 'help' for commands; Tab completes, "
		"Up/Down recall\n");
	for (;;) {
		shell_edit_begin(&ed);
		while (shell_edit_key(&ed, shell_getc_wait()) ==
		       SHELL_EDIT_MORE)
			;
		shell_history_add(&ed, ed.buf);
		shell_run_line(ed.buf);
	}
}

static int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		kprintf("%s%s", argv[i], i + 1 < argc ? " " : "");
	kprintf("\n");
	return 0;
}
SHELL_CMD(echo, "[WORDS...]", "print the words", cmd_echo);

static int cmd_poweroff(int argc, char **argv)
{
	kprintf("powering off\n");
	qemu_exit(QEMU_EXIT_PASS);
}
SHELL_CMD(poweroff, "", "leave QEMU (exit status 0)", cmd_poweroff);
