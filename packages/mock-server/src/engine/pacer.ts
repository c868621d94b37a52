/**
 * Runs synchronous jobs (the store writes of run starts, streams and live turns) in slices of the event
 * loop: the jobs queued during a turn of the loop run together after its I/O (`setImmediate`), inside `around`
 * (one store transaction: one commit for all), for at most `budgetMs`; the rest wait for the next
 * slice. A hundred runs streaming at once then cost one bounded slice per turn of the loop, and
 * sockets, timers and requests get the loop in between. An idle pacer adds no wait: the first job
 * after a slice with nothing left over runs at once, the jobs behind it wait for the next slice.
 */
export class Pacer {
  private readonly queue: { job: () => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;
  /** A job ran at once, or jobs wait: the next ones queue for the slice. */
  private busy = false;

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
      const settle = () => {
        try {
          resolve(job());
        } catch (error) {
          reject(error);
        }
      };
      this.queue.push({ job: settle, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.slice());
  }

  private slice(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return void (this.busy = false);
    const started = this.now();
    try {
      this.around(() => {
        // At least one job a slice, however slow: the queue always moves.
        do this.queue.shift()!.job();
        while (this.queue.length > 0 && this.now() - started < this.budgetMs);
      });
    } catch (error) {
      // `around` itself failed (the store is closed): none of the jobs can run.
      for (const { reject } of this.queue.splice(0)) reject(error);
    }
    this.busy = this.queue.length > 0;
    if (this.busy) this.schedule();
  }
}
