/*
 * Intrusive circular doubly-linked lists: a struct list_head sits inside
 * each element and the list head is one more node, so an empty list points
 * at itself and no operation needs a NULL check. Same API as Linux's list.h.
 */
#ifndef LIB_LIST_H
#define LIB_LIST_H

#include "lib/types.h"

struct list_head {
	struct list_head *next, *prev;
};

/*
 * Non-canonical addresses: following a deleted node's pointers raises #GP
 * at once instead of corrupting whatever list the node was on.
 */
#define LIST_POISON_NEXT ((struct list_head *)(uintptr_t)0xdead1157dead0100ULL)
#define LIST_POISON_PREV ((struct list_head *)(uintptr_t)0xdead1157dead0200ULL)

#define LIST_HEAD_INIT(name)                                                   \
	{                                                                      \
		&(name), &(name)                                               \
	}
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

/* Link @n between two nodes that are next to each other. */
static inline void list_link_between(struct list_head *n,
				     struct list_head *prev,
				     struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

/* list_add - insert @n right after @head (stack order: LIFO). */
static inline void list_add(struct list_head *n, struct list_head *head)
{
	list_link_between(n, head, head->next);
}

/* list_add_tail - insert @n right before @head (queue order: FIFO). */
static inline void list_add_tail(struct list_head *n, struct list_head *head)
{
	list_link_between(n, head->prev, head);
}

static inline void list_unlink(struct list_head *n)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
}

/* list_del - unlink @n and poison it; it must not be used until re-added. */
static inline void list_del(struct list_head *n)
{
	list_unlink(n);
	n->next = LIST_POISON_NEXT;
	n->prev = LIST_POISON_PREV;
}

/* list_del_init - unlink @n and leave it an empty list of its own. */
static inline void list_del_init(struct list_head *n)
{
	list_unlink(n);
	INIT_LIST_HEAD(n);
}

/* list_move - take @n off its list and add it after @head. */
static inline void list_move(struct list_head *n, struct list_head *head)
{
	list_unlink(n);
	list_add(n, head);
}

/* list_move_tail - take @n off its list and add it before @head. */
static inline void list_move_tail(struct list_head *n, struct list_head *head)
{
	list_unlink(n);
	list_add_tail(n, head);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

/* Put the nodes of non-empty @list between @prev and @next. */
static inline void list_splice_between(const struct list_head *list,
				       struct list_head *prev,
				       struct list_head *next)
{
	struct list_head *first = list->next, *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}

/* list_splice_init - move all of @list to the front of @head; empty @list. */
static inline void list_splice_init(struct list_head *list,
				    struct list_head *head)
{
	if (!list_empty(list)) {
		list_splice_between(list, head, head->next);
		INIT_LIST_HEAD(list);
	}
}

/* list_splice_tail_init - move all of @list to the back of @head. */
static inline void list_splice_tail_init(struct list_head *list,
					 struct list_head *head)
{
	if (!list_empty(list)) {
		list_splice_between(list, head->prev, head);
		INIT_LIST_HEAD(list);
	}
}

/* list_count - number of nodes on @head; walks the whole list. */
static inline size_t list_count(const struct list_head *head)
{
	const struct list_head *p;
	size_t n = 0;

	for (p = head->next; p != head; p = p->next)
		n++;
	return n;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
/* The list must not be empty for these two. */
#define list_first_entry(head, type, member)                                   \
	list_entry((head)->next, type, member)
#define list_last_entry(head, type, member)                                    \
	list_entry((head)->prev, type, member)

#define list_for_each(pos, head)                                               \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#define list_next_entry(pos, member)                                           \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)

#define list_for_each_entry(pos, head, member)                                 \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member);       \
	     &(pos)->member != (head); (pos) = list_next_entry(pos, member))

/* The _safe walk may delete or move @pos: @n already holds the next one. */
#define list_for_each_entry_safe(pos, n, head, member)                         \
	for ((pos) = list_first_entry(head, __typeof__(*(pos)), member),       \
	    (n) = list_next_entry(pos, member);                                \
	     &(pos)->member != (head);                                         \
	     (pos) = (n), (n) = list_next_entry(n, member))

#endif
