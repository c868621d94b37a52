import { startInterpreter, type Interpreter, type InterpreterLimits, type SandboxFile, type SandboxResult } from './interpreter.js';

export type { SandboxError, SandboxFile, SandboxResult } from './interpreter.js';

export interface SandboxOptions extends Partial<InterpreterLimits> {
  /** Interpreters started ahead, so a new thread's first call does not wait for Python to start (~2 s). */
  spares?: number;
  /** Thread states kept at once; past it the least recently used idle one is dropped. */
  maxStates?: number;
}

export interface SandboxPool {
  /**
   * Runs `code` in the thread's interpreter state (its variables and /mnt/data persist across its calls,
   * and no other thread sees them). `files` are placed under /mnt/data/ unless the thread already has a
   * file by that name.
   */
  run(threadKey: string, code: string, files?: readonly SandboxFile[]): Promise<SandboxResult>;
  /** Threads with a live interpreter state. */
  readonly size: number;
  close(): Promise<void>;
}

export const sandboxDefaults: Required<SandboxOptions> = {
  timeoutMs: 30_000,
  killGraceMs: 2_000,
  memoryBytes: 512 * 1024 * 1024,
  maxLogChars: 100_000,
  spares: 1,
  maxStates: 8,
};

export function createSandboxPool(options: SandboxOptions = {}): SandboxPool {
  const settings = { ...sandboxDefaults, ...options };
  // In least-recently-used order: a thread's entry is moved to the end on each call.
  const states = new Map<string, Interpreter>();
  const spares: Interpreter[] = [];
  let closed = false;
  // The pool's first interpreter starts from scratch and makes the snapshot the others start from.
  let snapshot: Promise<Uint8Array | null> | null = null;

  function start(): Interpreter {
    const interpreter = startInterpreter(settings, snapshot);
    if (!snapshot) {
      // If it fails to make one, the next interpreter tries again.
      snapshot = interpreter.snapshot.then((bytes) => bytes ?? ((snapshot = null), null));
    }
    return interpreter;
  }

  /** A started spare; those that died while waiting are dropped. */
  function takeSpare(): Interpreter | undefined {
    for (let spare = spares.shift(); spare; spare = spares.shift()) if (spare.alive) return spare;
    return undefined;
  }

  function refillSpares() {
    while (!closed && spares.length < settings.spares) spares.push(start());
  }

  function stateFor(threadKey: string): Interpreter {
    let state = states.get(threadKey);
    states.delete(threadKey);
    if (!state?.alive) {
      state = takeSpare() ?? start();
      refillSpares();
    }
    states.set(threadKey, state);
    for (const [key, other] of states) {
      if (states.size <= settings.maxStates) break;
      if (other.busy || other === state) continue;
      states.delete(key);
      void other.close();
    }
    return state;
  }

  refillSpares();
  return {
    async run(threadKey, code, files = []) {
      if (closed) throw new Error('The sandbox pool is closed.');
      for (const file of files) checkFileName(file.name);
      return stateFor(threadKey).run(code, files);
    },
    get size() {
      return states.size;
    },
    async close() {
      closed = true;
      const all = [...states.values(), ...spares.splice(0)];
      states.clear();
      await Promise.all(all.map((state) => state.close()));
    },
  };
}

/** A path inside /mnt/data/: relative, without `..`, so no input lands elsewhere in the sandbox. */
function checkFileName(name: string) {
  const parts = name.split('/');
  if (name === '' || name.startsWith('/') || parts.some((part) => part === '' || part === '.' || part === '..')) {
    throw new TypeError(`Not a file name under /mnt/data/: '${name}'.`);
  }
}
