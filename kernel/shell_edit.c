/*
 * The shell's line editor (shell_edit.h): a small readline. Each edit
 * changes buf/len/pos, then redraws from the cursor's line start with
 * "\r", the prompt, the text, erase-to-end and backspaces to the cursor,
 * which every VT100-like terminal (and a dumb log) understands.
 */
#include "kernel/shell_edit.h"
#include "lib/format.h"
#include "lib/string.h"

enum { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

#define KEY_CTRL(c) ((c)&0x1f)

/* strlcpy's job, here so tests/host can link this file against libc. */
static size_t copy_line(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

static void put(struct shell_edit *e, const char *s)
{
	e->out(s, strlen(s));
}

void shell_edit_redraw(struct shell_edit *e)
{
	put(e, "\r");
	put(e, e->prompt);
	e->out(e->buf, e->len);
	put(e, "\x1b[K");
	for (size_t i = e->pos; i < e->len; i++)
		put(e, "\b");
}

void shell_edit_begin(struct shell_edit *e)
{
	e->len = e->pos = 0;
	e->buf[0] = '\0';
	e->esc = ESC_NONE;
	e->hist_back = 0;
	e->full_said = false;
	put(e, e->prompt);
}

bool shell_edit_insert(struct shell_edit *e, const char *s)
{
	size_t n = strlen(s);

	if (e->len + n >= sizeof(e->buf))
		return false;
	memmove(e->buf + e->pos + n, e->buf + e->pos, e->len - e->pos);
	memcpy(e->buf + e->pos, s, n);
	e->len += n;
	e->pos += n;
	e->buf[e->len] = '\0';
	return true;
}

/* A full line refuses the key: said once per line, then only a bell. */
static void line_full(struct shell_edit *e)
{
	char msg[80];

	if (e->full_said) {
		put(e, "\a");
		return;
	}
	e->full_said = true;
	ksnprintf(msg, sizeof(msg),
		  "\nshell: the line is full (the most is %zu characters)\n",
		  sizeof(e->buf) - 1);
	put(e, msg);
	shell_edit_redraw(e);
}

static void insert_char(struct shell_edit *e, char c)
{
	char s[2] = {c, '\0'};

	if (!shell_edit_insert(e, s))
		line_full(e);
	else if (e->pos == e->len) /* typing at the end: plain echo */
		e->out(&c, 1);
	else
		shell_edit_redraw(e);
}

/* Remove @n bytes before the cursor. */
static void delete_before(struct shell_edit *e, size_t n)
{
	memmove(e->buf + e->pos - n, e->buf + e->pos, e->len - e->pos);
	e->pos -= n;
	e->len -= n;
	e->buf[e->len] = '\0';
}

/* Ctrl-W: the word before the cursor and the blanks after it. */
static size_t word_before(const struct shell_edit *e)
{
	size_t i = e->pos;

	while (i > 0 && e->buf[i - 1] == ' ')
		i--;
	while (i > 0 && e->buf[i - 1] != ' ')
		i--;
	return e->pos - i;
}

/* Show history entry @back lines back (0: the draft being typed). */
static void history_show(struct shell_edit *e, unsigned int back)
{
	const char *src;

	if (back > e->hist_total || back > SHELL_HISTORY)
		return; /* nothing older */
	if (e->hist_back == 0)
		copy_line(e->draft, e->buf, sizeof(e->draft));
	e->hist_back = back;
	src = back ? e->history[(e->hist_total - back) % SHELL_HISTORY]
		   : e->draft;
	e->len = e->pos = copy_line(e->buf, src, sizeof(e->buf));
	shell_edit_redraw(e);
}

void shell_history_add(struct shell_edit *e, const char *line)
{
	const char *last =
		e->history[(e->hist_total + SHELL_HISTORY - 1) % SHELL_HISTORY];

	if (!*line || (e->hist_total && !strcmp(line, last)))
		return;
	copy_line(e->history[e->hist_total % SHELL_HISTORY], line,
		  SHELL_LINE_MAX);
	e->hist_total++;
}

/* Cursor moves and deletions shared by control keys and escape codes. */
enum edit_op {
	OP_LEFT,
	OP_RIGHT,
	OP_HOME,
	OP_END,
	OP_DELETE,
	OP_BACKSPACE,
	OP_KILL_START,
	OP_KILL_END,
	OP_KILL_WORD,
	OP_UP,
	OP_DOWN,
};

static void do_op(struct shell_edit *e, enum edit_op op)
{
	switch (op) {
	case OP_LEFT:
		e->pos -= e->pos > 0;
		break;
	case OP_RIGHT:
		e->pos += e->pos < e->len;
		break;
	case OP_HOME:
		e->pos = 0;
		break;
	case OP_END:
		e->pos = e->len;
		break;
	case OP_DELETE:
		if (e->pos < e->len) {
			e->pos++;
			delete_before(e, 1);
		}
		break;
	case OP_BACKSPACE:
		if (e->pos > 0)
			delete_before(e, 1);
		break;
	case OP_KILL_START:
		delete_before(e, e->pos);
		break;
	case OP_KILL_END:
		e->len = e->pos;
		e->buf[e->len] = '\0';
		break;
	case OP_KILL_WORD:
		delete_before(e, word_before(e));
		break;
	case OP_UP:
	case OP_DOWN:
		history_show(e, op == OP_UP
					? e->hist_back + 1
					: e->hist_back - (e->hist_back > 0));
		return; /* history_show redraws */
	}
	shell_edit_redraw(e);
}

/* The final byte of "ESC [ ..." or "ESC O ...": -1 if not a key we know. */
static int esc_op(struct shell_edit *e, int c)
{
	switch (c) {
	case 'A':
		return OP_UP;
	case 'B':
		return OP_DOWN;
	case 'C':
		return OP_RIGHT;
	case 'D':
		return OP_LEFT;
	case 'H':
		return OP_HOME;
	case 'F':
		return OP_END;
	case '~': /* VT220 keypad: 1/7 Home, 4/8 End, 3 Delete */
		if (e->esc_arg == 1 || e->esc_arg == 7)
			return OP_HOME;
		if (e->esc_arg == 4 || e->esc_arg == 8)
			return OP_END;
		return e->esc_arg == 3 ? OP_DELETE : -1;
	}
	return -1;
}

/* One byte inside an escape sequence; the sequence is never text. */
static void esc_key(struct shell_edit *e, int c)
{
	int op;

	if (e->esc == ESC_START) {
		e->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
		e->esc_arg = 0;
		return;
	}
	if (e->esc == ESC_CSI && (kisdigit(c) || c == ';')) {
		if (kisdigit(c) && e->esc_arg < 1000)
			e->esc_arg = e->esc_arg * 10 + (c - '0');
		return;
	}
	e->esc = ESC_NONE;
	op = esc_op(e, c);
	if (op >= 0)
		do_op(e, (enum edit_op)op);
}

/* Control keys; -1 when @c is not one. */
static int ctrl_op(int c)
{
	switch (c) {
	case KEY_CTRL('A'):
		return OP_HOME;
	case KEY_CTRL('E'):
		return OP_END;
	case KEY_CTRL('B'):
		return OP_LEFT;
	case KEY_CTRL('F'):
		return OP_RIGHT;
	case KEY_CTRL('D'):
		return OP_DELETE;
	case KEY_CTRL('K'):
		return OP_KILL_END;
	case KEY_CTRL('U'):
		return OP_KILL_START;
	case KEY_CTRL('W'):
		return OP_KILL_WORD;
	case KEY_CTRL('P'):
		return OP_UP;
	case KEY_CTRL('N'):
		return OP_DOWN;
	case 0x7f:
	case KEY_CTRL('H'):
		return OP_BACKSPACE;
	}
	return -1;
}

enum shell_edit_status shell_edit_key(struct shell_edit *e, int c)
{
	bool after_cr = e->last_cr;
	int op;

	e->last_cr = c == '\r';
	if (e->esc != ESC_NONE) {
		esc_key(e, c);
	} else if (c == '\r' || c == '\n') {
		if (c == '\n' && after_cr)
			return SHELL_EDIT_MORE; /* the LF of CR LF */
		put(e, "\n");
		return SHELL_EDIT_DONE;
	} else if (c == KEY_CTRL('C')) {
		put(e, "^C\n");
		e->len = e->pos = 0;
		e->buf[0] = '\0';
		return SHELL_EDIT_CANCEL;
	} else if (c == 0x1b) {
		e->esc = ESC_START;
	} else if (c == '\t') {
		if (e->complete)
			e->complete(e);
	} else if (c == KEY_CTRL('L')) {
		put(e, "\x1b[H\x1b[2J");
		shell_edit_redraw(e);
	} else if ((op = ctrl_op(c)) >= 0) {
		do_op(e, (enum edit_op)op);
	} else if (c >= ' ' && c < 0x7f) {
		insert_char(e, (char)c);
	}
	return SHELL_EDIT_MORE;
}
