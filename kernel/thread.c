/*
 * Kernel thread life cycle: create on a CPU (descriptor at the top of its
 * own stack), first run, exit, join. Like Linux's kthread.c, a thread's
 * memory is freed by someone else, and only once it is off the CPU.
 */
#include "kernel/sched_internal.h"
#include "kernel/pcpu_pin.h"
#include "kernel/kstack.h"
#include "kernel/panic.h"
#include "lib/format.h"
#include "lib/printk.h"
#include "lib/string.h"

static int thread_next_id;

void kthread_entry_asm(void);

void thread_init_struct(struct thread *t, const char *name, int cpu,
			bool pinned)
{
	memset(t, 0, sizeof(*t));
	t->cpu = cpu;
	t->state = THREAD_RUNNING;
	t->pinned = pinned;
	t->move_to = -1;
	t->slice = SCHED_SLICE_TICKS;
	t->id = __atomic_fetch_add(&thread_next_id, 1, __ATOMIC_RELAXED);
	INIT_LIST_HEAD(&t->rq_node);
	completion_init(&t->exited, "thread->exited");
	strlcpy(t->name, name, sizeof(t->name));
}

/*
 * The first switch_stack into a new thread pops six zeroed callee-saved
 * registers and "returns" to kthread_entry_asm with rsp 16-byte aligned.
 */
static void thread_build_frame(struct thread *t, u64 top)
{
	u64 *sp = (u64 *)top;

	*--sp = (u64)kthread_entry_asm;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->rsp = (u64)sp;
}

static struct thread *thread_create(int (*fn)(void *), void *arg, int cpu,
				    const char *name, bool pinned)
{
	u8 *stack;
	struct thread *t;
	u64 top;

	stack = kstack_alloc();
	if (!stack)
		return NULL;
	top = ALIGN_DOWN((u64)stack + KSTACK_SIZE - sizeof(*t), 64);
	t = (struct thread *)top;
	thread_init_struct(t, name, cpu, pinned);
	t->stack = stack;
	t->fn = fn;
	t->arg = arg;
	thread_build_frame(t, top);
	return t;
}

/* Context: boot, before the CPU's run queue is active. */
struct thread *thread_create_idle(int (*fn)(void *), int cpu)
{
	return thread_create(fn, NULL, cpu, "idle", true);
}

/* Context: task or boot; takes @t's rq lock with IRQs saved. */
static struct thread *kthread_start(struct thread *t)
{
	unsigned long flags;
	struct rq *rq;

	if (!t)
		return NULL;
	local_irq_save(flags);
	rq = rq_lock_thread(t);
	rq_enqueue(rq, t);
	spin_unlock(&rq->lock);
	rq_kick(rq);
	local_irq_restore(flags);
	return t;
}

struct thread *kthread_create_on_cpu(int (*fn)(void *), void *arg, int cpu,
				     const char *name)
{
	if (!sched_cpu_active(cpu))
		return NULL;
	return kthread_start(thread_create(fn, arg, cpu, name, true));
}

struct thread *kthread_create(int (*fn)(void *), void *arg, int cpu,
			      const char *name)
{
	if (!sched_cpu_active(cpu))
		return NULL;
	return kthread_start(thread_create(fn, arg, cpu, name, false));
}

/* Context: a new thread, holding the rq lock handed over by the switch. */
void kthread_entry(void)
{
	struct thread *t;

	sched_finish_switch();
	local_irq_enable();
	t = current;
	kthread_exit(t->fn(t->arg));
}

void kthread_exit(int code)
{
	struct thread *t = current;

	if (t->dep.nheld)
		lock_bug("thread %s exits holding %s", t->name,
			 t->dep.held[t->dep.nheld - 1].map->name);
	if (lock_debug())
		pcpu_pins_check_exit("thread", t->name);
	ASSERT(t->migrate_disable == 0, "thread %s exits migrate-disabled",
	       t->name);
	if (preempt_count()) {
		/* the count is per CPU: left raised, it would pin whoever runs
		 * here next; say so and drop it, as Linux's do_exit does */
		pr_err("sched: thread %s exited with preempt_count %#x\n",
		       t->name, preempt_count());
		preempt_count_sub(preempt_count());
	}
	t->exit_code = code;
	complete_all(&t->exited);
	__schedule(THREAD_DEAD);
	panic("dead thread %s was scheduled again", t->name);
}

int kthread_join(struct thread *t)
{
	int code;

	might_sleep();
	wait_for_completion(&t->exited);
	/* complete_all ran before the last switch: wait until it is off */
	while (READ_ONCE(t->state) != THREAD_DEAD ||
	       __atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
		sched_yield();
	code = t->exit_code;
	ASSERT(kstack_intact(t->stack), "thread %s overflowed its stack",
	       t->name);
	kstack_free(t->stack);
	return code;
}
