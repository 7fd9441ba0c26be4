/*
 * Line editing, splitting and dispatch for the serial shell (shell.h).
 * Input is polled: the shell runs on the boot CPU with nothing else to do.
 */
#include "kernel/shell.h"
#include "kernel/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/qemu_exit.h"
#include "lib/section.h"
#include "lib/string.h"
#include "kernel/sched.h"
#include "kernel/percpu.h"

#define LINE_MAX      256
#define SHELL_POLL_NS (2 * 1000 * 1000)

extern const struct shell_cmd __shell_cmds_start[], __shell_cmds_end[];

static const struct shell_cmd *shell_find(const char *name)
{
	size_t n = section_count(__shell_cmds_start, __shell_cmds_end);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(__shell_cmds_start[i].name, name))
			return &__shell_cmds_start[i];
	return NULL;
}

int shell_usage(const char *name)
{
	const struct shell_cmd *c = shell_find(name);

	kprintf("usage: %s %s\n", name, c ? c->usage : "");
	return 1;
}

/* Split @s in place at spaces; double quotes group words. */
static int shell_split(char *s, char **argv)
{
	int argc = 0;

	while (*s && argc < SHELL_MAX_ARGS) {
		char *out;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		argv[argc++] = out = s;
		for (bool q = false; *s && (q || (*s != ' ' && *s != '\t'));
		     s++)
			if (*s == '"')
				q = !q;
			else
				*out++ = *s;
		if (*s)
			s++;
		*out = '\0';
	}
	return argc;
}

static int shell_run_one(char *cmd)
{
	char *argv[SHELL_MAX_ARGS];
	int argc = shell_split(cmd, argv);
	const struct shell_cmd *c;

	if (argc == 0)
		return 0;
	c = shell_find(argv[0]);
	if (!c) {
		kprintf("shell: unknown command '%s' (try 'help')\n", argv[0]);
		return 1;
	}
	return c->fn(argc, argv) != 0;
}

int shell_run_line(char *line)
{
	int failed = 0;

	for (char *cmd = line, *next; cmd; cmd = next) {
		next = strchr(cmd, ';');
		if (next)
			*next++ = '\0';
		failed += shell_run_one(cmd);
	}
	return failed;
}

/*
 * Nothing typed yet: sleep a tick rather than spin, so an idle prompt
 * leaves the CPU (and under QEMU a host core) to other threads. A person
 * does not notice a few milliseconds of echo latency.
 * Context: the shell thread, preemptible once the scheduler runs.
 */
static void shell_wait_input(void)
{
	if (preemptible() && sched_cpu_active(smp_processor_id()))
		sched_sleep_ns(SHELL_POLL_NS);
	else
		cpu_relax();
}

/* Read one line with echo; backspace and ^U edit, ^C abandons the line. */
static void shell_read_line(char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		int c = console_getc();

		if (c < 0) {
			shell_wait_input();
			continue;
		}
		if (c == '\r' || c == '\n') {
			kprintf("\n");
			break;
		}
		if ((c == 0x7f || c == 0x08) && n > 0) {
			n--;
			kprintf("\b \b");
		} else if (c == 0x15) { /* ^U */
			for (; n > 0; n--)
				kprintf("\b \b");
		} else if (c == 0x03) { /* ^C */
			kprintf("^C\n");
			n = 0;
			break;
		} else if (c >= ' ' && c < 0x7f && n + 1 < size) {
			buf[n++] = (char)c;
			kprintf("%c", c);
		}
	}
	buf[n] = '\0';
}

void shell_main(const char *exec)
{
	static char line[LINE_MAX];

	if (exec) {
		strlcpy(line, exec, sizeof(line));
		int failed = shell_run_line(line);

		kprintf("exec: %d command%s failed; powering off\n", failed,
			failed == 1 ? "" : "s");
		qemu_exit(failed ? QEMU_EXIT_TEST_FAILED : QEMU_EXIT_PASS);
	}
	kprintf("pagelab shell: type 'help' for commands\n");
	for (;;) {
		kprintf("pagelab> ");
		shell_read_line(line, sizeof(line));
		shell_run_line(line);
	}
}

static int cmd_help(int argc, char **argv)
{
	size_t n = section_count(__shell_cmds_start, __shell_cmds_end);

	(void)argc;
	(void)argv;
	for (size_t i = 0; i < n; i++) {
		const struct shell_cmd *c = &__shell_cmds_start[i];

		kprintf("  %-12s %-24s %s\n", c->name, c->usage, c->help);
	}
	return 0;
}
SHELL_CMD(help, "", "list the commands", cmd_help);

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
	(void)argc;
	(void)argv;
	kprintf("powering off\n");
	qemu_exit(QEMU_EXIT_PASS);
}
SHELL_CMD(poweroff, "", "leave QEMU (exit status 0)", cmd_poweroff);
