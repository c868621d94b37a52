import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** A file under /mnt/data/: its path there (`data.csv`, `out/chart.svg`) and its bytes. */
export interface SandboxFile {
  name: string;
  bytes: Uint8Array;
}

/** Why a cell did not run to its end. Its traceback, when it has one, is in `logs`. */
export interface SandboxError {
  /** `exception`: the code raised; `timeout`: it ran past the time limit; `crash`: the interpreter broke. */
  type: 'exception' | 'timeout' | 'crash';
  /** The Python exception's class name (`ZeroDivisionError`, `KeyboardInterrupt` when interrupted), or null. */
  name: string | null;
  /** True when the thread's variables and files are gone: its next call starts from a fresh interpreter. */
  stateReset: boolean;
}

export interface SandboxResult {
  /** stdout and stderr in the order written, the repr of a final expression, then any traceback. */
  logs: string;
  /** Files under /mnt/data/ the call created or changed. */
  files: SandboxFile[];
  error: SandboxError | null;
}

export interface InterpreterLimits {
  /** Per call: the cell is interrupted (KeyboardInterrupt) at this point. */
  timeoutMs: number;
  /** After the interrupt, how long the cell may take to stop before its thread is terminated. */
  killGraceMs: number;
  /** Largest WebAssembly memory of one interpreter; past it the code gets MemoryError. */
  memoryBytes: number;
  /** Characters of logs kept per call; the rest is counted and dropped. */
  maxLogChars: number;
}

/** One Python interpreter state in its own worker thread; calls run one at a time, in order. */
export interface Interpreter {
  readonly ready: Promise<void>;
  /** The memory snapshot other interpreters start from, when this one was asked to make it (else null). */
  readonly snapshot: Promise<Uint8Array | null>;
  /** False once the worker is gone (terminated at the time limit, crashed, closed). */
  readonly alive: boolean;
  /** True while a call is queued or running. */
  readonly busy: boolean;
  run(code: string, files: readonly SandboxFile[]): Promise<SandboxResult>;
  close(): Promise<void>;
}

// Found through the package's exports, not beside this file: the CLI runs this module bundled elsewhere.
const workerPath = createRequire(import.meta.url).resolve('@assistants-mock/server/sandbox-worker');
/** Pyodide's signal number for SIGINT: the interpreter raises KeyboardInterrupt at its next check. */
const SIGINT = 2;

type WorkerReply =
  | { ready: true }
  | { snapshot: Uint8Array }
  | { id: number; logs: string; error: string | null; files: SandboxFile[] }
  | { id: number; broken: string };

/**
 * Starts an interpreter: from `snapshot` once it resolves to bytes, else (null) from scratch, making the
 * snapshot for the others.
 */
export function startInterpreter(limits: InterpreterLimits, snapshot: Promise<Uint8Array | null> | null): Interpreter {
  const interrupt = new Int8Array(new SharedArrayBuffer(1));
  let worker: Worker | undefined;
  let alive = true;
  let pending = 0;
  let lastId = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let madeSnapshot: (bytes: Uint8Array | null) => void = () => {};
  const ownSnapshot = new Promise<Uint8Array | null>((resolve) => (madeSnapshot = resolve));
  if (snapshot) madeSnapshot(null);

  const ready = (async () => {
    const bytes = snapshot ? await snapshot : null;
    if (!alive) throw new Error('The Python sandbox was closed while starting.');
    worker = new Worker(workerPath, {
      env: {}, // the worker sees no environment variable of the server (keys, paths)
      execArgv: [], // nor its loaders (tsx, a test runner's): the worker is plain JavaScript
      workerData: { memoryBytes: limits.memoryBytes, logLimit: limits.maxLogChars, interrupt, snapshot: bytes },
    });
    worker.once('exit', () => {
      alive = false;
      madeSnapshot(null);
    });
    // An idle interpreter does not keep the process alive; one running a call does.
    worker.unref();
    await workerStarted(worker, madeSnapshot);
    return worker;
  })();
  // Reported to whoever calls run(); an unused spare that failed is just dropped.
  ready.catch(() => madeSnapshot(null));
  const started = ready.then(() => {});
  started.catch(() => {});

  /** Ends the worker now: the next call on this thread must not reach it. */
  const kill = () => {
    alive = false;
    void worker?.terminate();
  };

  return {
    ready: started,
    snapshot: ownSnapshot,
    get alive() {
      return alive;
    },
    get busy() {
      return pending > 0;
    },
    run(code, files) {
      pending += 1;
      const result = queue.then(async () => {
        const running = await ready;
        if (!alive) return stopped('The Python interpreter stopped; this thread starts again from a fresh one.', 'crash');
        running.ref();
        const outcome = await callWorker({ worker: running, interrupt, limits, kill }, { id: ++lastId, code, files });
        if (alive) running.unref();
        return outcome;
      });
      queue = result.catch(() => {}).finally(() => (pending -= 1));
      return result;
    },
    async close() {
      kill();
      await ready.then((running) => running.terminate(), () => {});
    },
  };
}

/** Resolves when the worker's interpreter is ready, passing on the snapshot it makes on the way. */
function workerStarted(worker: Worker, onSnapshot: (bytes: Uint8Array) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onMessage = (reply: WorkerReply) => {
      if ('snapshot' in reply) onSnapshot(reply.snapshot);
      if (!('ready' in reply)) return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error('The Python sandbox stopped while starting.')));
  });
}

interface RunningWorker {
  worker: Worker;
  interrupt: Int8Array;
  limits: InterpreterLimits;
  kill(): void;
}

/** One call: interrupted at the time limit, and its worker ended if the interrupt is not heard. */
function callWorker({ worker, interrupt, limits, kill }: RunningWorker, call: { id: number; code: string; files: readonly SandboxFile[] }) {
  return new Promise<SandboxResult>((resolve) => {
    let killTimer: NodeJS.Timeout | undefined;
    let interrupted = false;
    const finish = (result: SandboxResult) => {
      clearTimeout(interruptTimer);
      clearTimeout(killTimer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      resolve(result);
    };
    const onMessage = (reply: WorkerReply) => {
      if (!('id' in reply) || reply.id !== call.id) return;
      if ('broken' in reply) {
        kill();
        finish(stopped(`The Python interpreter broke (${reply.broken}); this thread starts again from a fresh one.`, 'crash'));
      } else {
        finish({ logs: reply.logs, files: reply.files, error: reply.error ? raised(reply.error, interrupted) : null });
      }
    };
    const onExit = () => finish(stopped('The Python interpreter stopped; this thread starts again from a fresh one.', 'crash'));
    const interruptTimer = setTimeout(() => {
      interrupted = true;
      Atomics.store(interrupt, 0, SIGINT);
      // Code inside one long C call (a huge integer power, a regex backtracking) never checks for the
      // interrupt: its thread is ended instead, and the thread's state with it.
      killTimer = setTimeout(() => {
        kill();
        finish(stopped(`Execution stopped after the ${limits.timeoutMs / 1000} s time limit; the Python state of this thread was reset.`, 'timeout'));
      }, limits.killGraceMs);
    }, limits.timeoutMs);
    worker.on('message', onMessage);
    worker.once('exit', onExit);
    worker.postMessage(call);
  });
}

/** A Python exception: after the time limit's interrupt a KeyboardInterrupt is the timeout itself. */
function raised(name: string, interrupted: boolean): SandboxError {
  return { type: interrupted && name === 'KeyboardInterrupt' ? 'timeout' : 'exception', name, stateReset: false };
}

function stopped(message: string, type: 'timeout' | 'crash'): SandboxResult {
  return { logs: message, files: [], error: { type, name: null, stateReset: true } };
}
