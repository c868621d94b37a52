import type { Clock } from '@assistants-mock/server';

/**
 * A clock that counts who is sleeping on it: once a stream is over (or its client gone) the count
 * must fall back to zero, else a timer or a waiting stream was left behind.
 */
export function watchedClock<C extends Clock>(clock: C): C & { sleeping(): number } {
  let sleeping = 0;
  return {
    ...clock,
    sleepUntil(untilMs: number, signal?: AbortSignal) {
      sleeping++;
      return clock.sleepUntil(untilMs, signal).finally(() => sleeping--);
    },
    sleeping: () => sleeping,
  };
}
