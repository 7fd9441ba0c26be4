/*
 * `explain alloc ORDER [options]` and `explain free ID`: run one real
 * allocation or free through the shell's own alloc and free commands with
 * the allocator's trace hook (mm/explain.h) recording this thread's
 * decisions, then tell them step by step (mm/explain_print.c). Nothing is
 * re-implemented or simulated: what is told is what the allocator did.
 * Kernel only.
 */
#include "arch/x86/cpu.h"
#include "kernel/console.h"
#include "kernel/lockdep.h"
#include "kernel/percpu.h"
#include "kernel/shell.h"
#include "kernel/shell_parse.h"
#include "lib/string.h"
#include "mm/alloc_table.h"
#include "mm/explain_internal.h"

const void *explain_owner;
/* Written only by the context explain_owner names, read after it stops. */
struct explain_rec explain_buf[EXPLAIN_MAX];
int explain_len;
int explain_lost;

void explain_record(int ev, long a0, long a1, long a2, long a3, long a4,
		    long a5)
{
	struct explain_rec *r;

	/* other CPUs, and interrupts on ours, are not the story told */
	if (lock_owner_token() != READ_ONCE(explain_owner))
		return;
	if (explain_len >= EXPLAIN_MAX) {
		explain_lost++;
		return;
	}
	r = &explain_buf[explain_len++];
	r->tsc = rdtsc();
	r->ev = ev;
	r->cpu = raw_smp_processor_id();
	r->a[0] = a0;
	r->a[1] = a1;
	r->a[2] = a2;
	r->a[3] = a3;
	r->a[4] = a4;
	r->a[5] = a5;
}

/* Run @cmd (alloc or free) with @argv as its words, recording. */
static int explain_run(const char *cmd, int argc, char **argv)
{
	const struct shell_cmd *c = shell_find(cmd);
	int ret;

	explain_len = 0;
	explain_lost = 0;
	argv[0] = (char *)cmd;
	WRITE_ONCE(explain_owner, lock_owner_token());
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ret = c->fn(argc, argv);
	WRITE_ONCE(explain_owner, NULL);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return ret;
}

/* One block only: a COUNT would make the story hundreds of lines long. */
static int explain_alloc(int argc, char **argv)
{
	u64 next = alloc_table_next_id();
	int ret;

	if (argc < 3)
		return shell_error("explain", "alloc needs an ORDER "
					      "(explain alloc 0)");
	if (argc > 3 && argv[3][0] >= '0' && argv[3][0] <= '9')
		return shell_error("explain",
				   "explains one block; no COUNT ('%s')",
				   argv[3]);
	ret = explain_run("alloc", argc - 1, argv + 1);
	if (explain_len)
		explain_print(explain_buf, explain_len, explain_lost);
	if (!ret && alloc_table_next_id() > next)
		kprintf("explain: the block is held as id %llu ('explain "
			"free %llu' tells its way back)\n",
			(unsigned long long)next, (unsigned long long)next);
	return ret;
}

static int explain_free(int argc, char **argv)
{
	char why[SHELL_WHY_MAX];
	s64 id;
	int ret;

	if (argc != 3)
		return shell_error("explain", "free needs one ID (allocs "
					      "lists them)");
	if (!shell_parse_num("id", argv[2], 0, INT64_MAX, &id, why))
		return shell_error("explain",
				   "%s (one id: no ranges or "
				   "patterns here)",
				   why);
	if (!alloc_table_find((u64)id))
		return shell_error("explain",
				   "id %lld is not held (allocs "
				   "lists the ids held)",
				   (long long)id);
	ret = explain_run("free", argc - 1, argv + 1);
	explain_print(explain_buf, explain_len, explain_lost);
	return ret;
}

/* Context: shell thread; allocates and frees, so takes zone locks. */
static int cmd_explain(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "alloc"))
		return explain_alloc(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "free"))
		return explain_free(argc, argv);
	if (argc < 2)
		return shell_usage("explain");
	return shell_error("explain", "'%s' is neither alloc nor free",
			   argv[1]);
}
SHELL_CMD(explain,
	  "alloc|free ORDER|ID [node=N] [zone=dma|dma32|normal] "
	  "[type=unmovable|movable|reclaimable] [atomic]",
	  "allocate or free one block and tell each step the allocator took",
	  cmd_explain);
SHELL_HELP(
	explain, SHELL_GROUP_ALLOC,
	"alloc ORDER  allocate one block of 2^ORDER pages, as 'alloc' does\n"
	"             (same options: node=, zone=, type=, atomic) and keep\n"
	"             it under an id\n"
	"free ID      give back the block the shell holds as ID",
	"pcp drain; explain alloc 0; explain alloc 5 type=movable",
	"the zonelist walk with each watermark check and its numbers, the\n"
	"per-CPU list entered (lock mode, IRQs, count before and after), a\n"
	"refill from the buddy, each split with its pfns, fallback and\n"
	"pageblock claims, the counters bumped. For free: the push, a spill\n"
	"once count reaches high, each merge pfn by pfn. Check any pfn\n"
	"with 'page PFN', counts with 'pcp'.");
