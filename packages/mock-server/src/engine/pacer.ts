/** A queued job, run in a slice, and how its caller hears back. */
interface Queued {
  job: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs synchronous jobs (the store writes of run starts, streams and live turns) in slices of the event
 * loop: the jobs queued during a turn of the loop run together after its I/O (`setImmediate`), inside `around`
 * (one store transaction: one commit for all), for at most `budgetMs`; the rest wait for the next
 * slice. A hundred runs streaming at once then cost one bounded slice per turn of the loop, and
 * sockets, timers and requests get the loop in between. An idle pacer adds no wait: the first job
 * after a slice with nothing left over runs at once, the jobs behind it wait for the next slice.
 *
 * What a job's caller does with its result (a stream framing and writing the events it played) is work
 * of the slice too: the callers hear back one after the other, each going on at once, while the budget
 * lasts (counted from the slice's start); the others in the next turns of the loop, a budget each. So is
 * what the slice's writes wake (`defer`: streams told of the events stored), told first, in order.
 */
export class Pacer {
  private readonly queue: Queued[] = [];
  private scheduled = false;
  /** A job ran at once, or jobs wait: the next ones queue for the slice. */
  private busy = false;
  /** What the slice under way wakes (`defer`), then its callers, to be told in that order (null: no slice under way). */
  private woken: (() => void)[] | null = null;
  private settles: (() => void)[] = [];

  constructor(
    private readonly budgetMs: number,
    private readonly around: (slice: () => void) => void = (slice) => slice(),
    /** Where the budget's milliseconds are read (a test's own count). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs `job` at once or in the next slice with room for it; resolves to what it returned (or rejects with what it threw). */
  run<T>(job: () => T): Promise<T> {
    if (!this.busy) {
      this.busy = true;
      this.schedule();
      try {
        return Promise.resolve(job());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /**
   * Runs `fn` (waking a stream told of stored events) as work of the slice under way, after the writes it
   * woke before, ahead of the callers; at once when no slice is under way.
   */
  defer(fn: () => void): void {
    if (this.woken) this.woken.push(fn);
    else fn();
  }

  private schedule(): void {
    if (this.scheduled || this.woken) return;
    this.scheduled = true;
    setImmediate(() => this.slice());
  }

  private slice(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return void (this.busy = false);
    const started = this.now();
    const ran: { queued: Queued; settle: () => void }[] = [];
    this.woken = [];
    try {
      this.around(() => {
        // At least one job a slice, however slow: the queue always moves.
        do ran.push(runOne(this.queue.shift()!));
        while (this.queue.length > 0 && this.now() - started < this.budgetMs);
      });
    } catch (error) {
      // `around` itself failed (the store is closed, the commit failed): no job of the slice stands, none can run.
      for (const { reject } of [...ran.map((r) => r.queued), ...this.queue.splice(0)]) reject(error);
      ran.length = 0;
    }
    this.settles = ran.map((r) => r.settle);
    void this.release(started);
  }

  /**
   * Tells what the slice woke, then lets its callers go on, one at a time, each to the end of what it does
   * at once, a budget per turn of the loop. What is deferred meanwhile joins the queue of the woken.
   */
  private async release(started: number): Promise<void> {
    let since = started;
    for (let first = true; ; first = false) {
      const next = this.woken!.shift() ?? this.settles.shift();
      if (!next) break;
      if (!first && this.now() - since >= this.budgetMs) {
        await new Promise(setImmediate);
        since = this.now();
      }
      next();
      // A tick comes once the promise jobs are all done: the caller's own, through every promise it chains.
      await new Promise(process.nextTick);
    }
    this.woken = null;
    this.busy = this.queue.length > 0;
    if (this.busy) this.schedule();
  }
}

function runOne(queued: Queued): { queued: Queued; settle: () => void } {
  try {
    const value = queued.job();
    return { queued, settle: () => queued.resolve(value) };
  } catch (error) {
    return { queued, settle: () => queued.reject(error) };
  }
}
