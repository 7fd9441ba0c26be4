/*
 * The shell's line editor: one key at a time in, echo and redraws out
 * through a callback, so tests/host can drive it without a serial port.
 * Keys: printable text, Left/Right, Home/End, Delete, Backspace, Up/Down
 * (history), Ctrl-A/E/B/F/D/K/U/W/L/C, Tab (completion callback), Enter.
 * Escape sequences are the VT100/xterm ones a terminal emulator sends.
 */
#ifndef KERNEL_SHELL_EDIT_H
#define KERNEL_SHELL_EDIT_H

#include "kernel/shell.h"

#define SHELL_HISTORY 16 /* lines kept for Up/Down */

struct shell_edit {
	char buf[SHELL_LINE_MAX];
	size_t len, pos; /* bytes in buf; cursor, 0..len */
	int esc;	 /* escape-sequence state, 0 outside one */
	int esc_arg;	 /* number in "ESC [ n ~" */
	bool last_cr;	 /* swallow the LF of a CR LF pair */
	bool full_said;	 /* this line already said it is full */
	const char *prompt;
	void (*out)(const char *s, size_t n);
	/* Tab: may call shell_edit_insert() and print; then a redraw follows */
	void (*complete)(struct shell_edit *e);
	char history[SHELL_HISTORY][SHELL_LINE_MAX];
	unsigned int hist_total;    /* lines ever added */
	unsigned int hist_back;	    /* 0: editing a new line; n: n lines back */
	char draft[SHELL_LINE_MAX]; /* the new line while browsing history */
};

enum shell_edit_status {
	SHELL_EDIT_MORE,   /* keep feeding keys */
	SHELL_EDIT_DONE,   /* Enter: buf holds the line */
	SHELL_EDIT_CANCEL, /* Ctrl-C: line abandoned */
};

/* Start a new line: clear it and print the prompt. */
void shell_edit_begin(struct shell_edit *e);
/* Feed one input byte. Return: what the caller should do next. */
enum shell_edit_status shell_edit_key(struct shell_edit *e, int c);
/* Insert @s at the cursor (completion). Return: false if it did not fit. */
bool shell_edit_insert(struct shell_edit *e, const char *s);
/* Reprint the prompt and the line, cursor in place (after other output). */
void shell_edit_redraw(struct shell_edit *e);
/* Remember @line for Up/Down unless it is empty or repeats the last one. */
void shell_history_add(struct shell_edit *e, const char *line);

#endif
