/** Time is passed in: the system clock for `serve`, a manual one for tests. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves once `now()` has reached `untilMs` (or at once if the signal aborts). */
  sleepUntil(untilMs: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleepUntil(untilMs, signal) {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, untilMs - Date.now()));
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward, waking whatever sleeps until then. */
  advance(ms: number): void;
  set(ms: number): void;
}

/** A clock that moves only when told to: tests stop a run at any status and look. */
export function manualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let current = startMs;
  const sleepers = new Set<{ until: number; wake: () => void }>();
  const wakeDue = () => {
    for (const sleeper of sleepers) if (sleeper.until <= current) sleeper.wake();
  };
  return {
    now: () => current,
    advance(ms) {
      current += ms;
      wakeDue();
    },
    set(ms) {
      current = ms;
      wakeDue();
    },
    sleepUntil(untilMs, signal) {
      return new Promise((resolve) => {
        if (untilMs <= current || signal?.aborted) return resolve();
        const sleeper = {
          until: untilMs,
          wake: () => {
            sleepers.delete(sleeper);
            signal?.removeEventListener('abort', sleeper.wake);
            resolve();
          },
        };
        sleepers.add(sleeper);
        signal?.addEventListener('abort', sleeper.wake, { once: true });
      });
    },
  };
}

export const unixSeconds = (clock: Clock) => Math.floor(clock.now() / 1000);
