import type { ToolCallRecord } from './types.js';

/** Why `run()` is stopping a run it started. */
export type StopReason =
  | { kind: 'aborted'; cause: unknown }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'tool'; toolCall: ToolCallRecord }
  | { kind: 'listener'; error: unknown };

/** The rejection of every wait that a stop interrupts; `run()` turns it into the public error. */
export class Stopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`run stopped: ${reason.kind}`);
  }
}

/**
 * Everything that can stop a run from the client side (the caller's signal, the overall timeout, a
 * failing tool with `onToolError: 'fail'`, a throwing listener) funnels into one signal; the first
 * reason wins.
 */
export class Stopper {
  readonly #controller = new AbortController();
  readonly #dispose: (() => void)[] = [];

  constructor(signal: AbortSignal | undefined, timeoutMs: number | undefined) {
    if (signal) {
      const onAbort = () => this.stop({ kind: 'aborted', cause: signal.reason });
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#dispose.push(() => signal.removeEventListener('abort', onAbort));
    }
    if (timeoutMs !== undefined) {
      const timer = setTimeout(() => this.stop({ kind: 'timeout', timeoutMs }), timeoutMs);
      this.#dispose.push(() => clearTimeout(timer));
    }
  }

  /** Aborted with a `Stopped` reason. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get reason(): StopReason | undefined {
    return this.#controller.signal.aborted ? (this.#controller.signal.reason as Stopped).reason : undefined;
  }

  stop(reason: StopReason): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(new Stopped(reason));
  }

  throwIfStopped(): void {
    this.#controller.signal.throwIfAborted();
  }

  /** Drops the timer and the listener on the caller's signal (no leak after `run()` settles). */
  dispose(): void {
    for (const dispose of this.#dispose.splice(0)) dispose();
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles with `promise`, or rejects with the signal's reason if it aborts first. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
