import type { RunEvent, RunOptions, RunResult } from './types.js';

/** A run's progress as an async iterable, and its outcome. */
export interface RunEventStream extends AsyncIterable<RunEvent> {
  /** Settles like `run()`: with the result, or with its error (also thrown by the iteration). */
  readonly result: Promise<RunResult>;
}

/**
 * Buffers the events of `start` for a `for await` loop. Leaving the loop early does not stop the
 * run (pass a `signal` for that); events keep being buffered until it ends.
 */
export function iterateRunEvents(options: RunOptions, start: (options: RunOptions) => Promise<RunResult>): RunEventStream {
  const buffered: RunEvent[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const result = start({
    ...options,
    onEvent(event) {
      options.onEvent?.(event);
      buffered.push(event);
      wake?.();
    },
  });
  const settle = () => {
    finished = true;
    wake?.();
  };
  // The iteration rethrows the error; `result` alone must not count as an unhandled rejection.
  result.then(settle, settle);

  async function* events(): AsyncGenerator<RunEvent> {
    for (;;) {
      const event = buffered.shift();
      if (event) {
        yield event;
        continue;
      }
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    await result;
  }
  return { result, [Symbol.asyncIterator]: events };
}
