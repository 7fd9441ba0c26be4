/*
 * Tab completion for the line editor. The first word of a command
 * completes to command names; later words to the keywords of that
 * command's usage line ("[zone=dma|dma32|normal]" offers zone=dma,
 * zone=dma32, zone=normal), so a command registered anywhere completes
 * without a table of its own. After '|' the filters complete.
 */
#include "kernel/console.h"
#include "kernel/shell_internal.h"
#include "lib/string.h"

#define MAX_CANDS 96
#define CAND_LEN  32

struct cands {
	char s[MAX_CANDS][CAND_LEN];
	int n;
};

static void cand_add(struct cands *c, const char *s, size_t len)
{
	if (c->n == MAX_CANDS || len == 0 || len >= CAND_LEN)
		return;
	memcpy(c->s[c->n], s, len);
	c->s[c->n++][len] = '\0';
}

/* ORDER, N, PFN...: placeholders, not words to type. */
static bool is_placeholder(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return false;
	return true;
}

/* One usage token: "node=N" gives "node="; "zone=dma" stays; @key is the
 * "zone=" an alternative after '|' inherits. */
static void usage_token(struct cands *c, const char *s, size_t len, char *key,
			bool alt)
{
	const char *eq = NULL;
	char word[CAND_LEN * 2];
	size_t klen = alt ? strlen(key) : 0;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '=' && !eq)
			eq = s + i;
	if (eq) {
		klen = 0;
		strlcpy(key, s, MIN((size_t)(eq - s) + 2, (size_t)CAND_LEN));
		if (is_placeholder(eq + 1, len - (size_t)(eq + 1 - s)))
			len = (size_t)(eq - s) + 1;
	} else if (!alt) {
		key[0] = '\0';
	}
	if (is_placeholder(s, len) || klen + len >= sizeof(word))
		return;
	memcpy(word, key, klen);
	memcpy(word + klen, s, len);
	cand_add(c, word, klen + len);
}

static void usage_keywords(struct cands *c, const char *usage)
{
	char key[CAND_LEN] = "";
	bool alt = false;

	while (*usage) {
		size_t len = 0;

		while (usage[len] && !strchr(" []|.", usage[len]))
			len++;
		if (len)
			usage_token(c, usage, len, key, alt);
		usage += len;
		if (*usage) {
			alt = *usage == '|';
			usage++;
		}
	}
}

static void command_names(struct cands *c)
{
	for (size_t i = 0; i < shell_nr_cmds(); i++) {
		const char *name = shell_cmd_at(i)->name;

		cand_add(c, name, strlen(name));
	}
}

static void filter_names(struct cands *c)
{
	static const char *const names[] = {"head", "tail", "grep", "more"};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		cand_add(c, names[i], strlen(names[i]));
}

/*
 * What the word at the cursor can become: @seg is the start of the current
 * command or filter, @word the start of the word being typed.
 */
static void gather(struct cands *c, const char *seg, const char *word,
		   bool after_pipe)
{
	char name[CAND_LEN];
	size_t len = 0;
	const struct shell_cmd *cmd;

	while (*seg == ' ')
		seg++;
	if (seg == word) {
		if (after_pipe)
			filter_names(c);
		else
			command_names(c);
		return;
	}
	while (seg[len] && seg[len] != ' ' && len + 1 < sizeof(name))
		len++;
	memcpy(name, seg, len);
	name[len] = '\0';
	if (!strcmp(name, "help")) {
		command_names(c);
		return;
	}
	cmd = shell_find(name);
	if (cmd && !after_pipe)
		usage_keywords(c, cmd->usage);
}

/* Keep the candidates starting with @prefix (@n bytes); return how many. */
static int keep_matches(struct cands *c, const char *prefix, size_t n)
{
	int kept = 0;

	for (int i = 0; i < c->n; i++)
		if (!strncmp(c->s[i], prefix, n) &&
		    (kept == 0 || strcmp(c->s[i], c->s[kept - 1])))
			memmove(c->s[kept++], c->s[i], CAND_LEN);
	c->n = kept;
	return kept;
}

/* Bytes every candidate shares. */
static size_t common_len(const struct cands *c)
{
	size_t len = strlen(c->s[0]);

	for (int i = 1; i < c->n; i++) {
		size_t j = 0;

		while (j < len && c->s[i][j] == c->s[0][j])
			j++;
		len = j;
	}
	return len;
}

/* Keep only a candidate exactly @len long (the word typed), if any. */
static bool take_exact(struct cands *c, size_t len)
{
	for (int i = 0; i < c->n; i++) {
		if (strlen(c->s[i]) != len)
			continue;
		memmove(c->s[0], c->s[i], CAND_LEN);
		c->n = 1;
		return true;
	}
	return false;
}

static void list_cands(struct shell_edit *e, const struct cands *c)
{
	kprintf("\n");
	for (int i = 0; i < c->n; i++)
		kprintf("%s%s", c->s[i], i + 1 < c->n ? "  " : "\n");
	shell_edit_redraw(e);
}

/* Where the text before the cursor last holds one of @stops, plus one. */
static size_t back_to(const struct shell_edit *e, const char *stops)
{
	size_t i = e->pos;

	while (i > 0 && !strchr(stops, e->buf[i - 1]))
		i--;
	return i;
}

void shell_complete(struct shell_edit *e)
{
	static struct cands c; /* the shell thread's only */
	size_t seg = back_to(e, ";|"), word = back_to(e, " ;|"), len, common;
	char add[CAND_LEN + 1];

	c.n = 0;
	e->buf[e->len] = '\0';
	gather(&c, e->buf + seg, e->buf + word, seg && e->buf[seg - 1] == '|');
	len = e->pos - word;
	if (!keep_matches(&c, e->buf + word, len)) {
		e->out("\a", 1);
		return;
	}
	common = common_len(&c);
	if (common == len && c.n > 1 && take_exact(&c, len)) {
		/* "alloc" is whole though "allocs" exists: take it, as typed */
	} else if (common == len && c.n > 1) {
		list_cands(e, &c);
		return;
	}
	strlcpy(add, c.s[0] + len, common - len + 1);
	if (c.n == 1 && c.s[0][common - 1] != '=')
		strlcpy(add + (common - len), " ", 2);
	if (!shell_edit_insert(e, add))
		e->out("\a", 1);
	shell_edit_redraw(e);
}
