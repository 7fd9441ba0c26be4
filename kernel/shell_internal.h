/*
 * What the shell's own files share and commands elsewhere need not see:
 * blocking input, completion, and the help registry's bounds.
 */
#ifndef KERNEL_SHELL_INTERNAL_H
#define KERNEL_SHELL_INTERNAL_H

#include "kernel/shell.h"
#include "kernel/shell_edit.h"

/* The next input byte, sleeping between polls. Context: the shell thread. */
int shell_getc_wait(void);
/* Tab in the line editor: complete a command name or one of its keywords. */
void shell_complete(struct shell_edit *e);

extern const struct shell_help __shell_help_start[], __shell_help_end[];

#endif
