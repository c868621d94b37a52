// One Python interpreter state: Pyodide (CPython compiled to WebAssembly) in a worker thread, so a cell
// that computes for seconds never blocks the server's event loop. Plain JavaScript because it is started
// as a file by `new Worker` in every setting (tsx, vitest, the CLI's bundle).
//
// What the code in a cell can reach: the WebAssembly memory and Pyodide's in-memory file system, nothing
// else. Pyodide mounts no host directory and opens no socket unless asked (we never ask); the bridge to
// JavaScript (`js`, `pyodide_js`, `pyodide.code.run_js`) is closed before the first cell; and in case code
// digs its way to JavaScript anyway, this thread has no environment variables, no module loading and no
// native bindings left once Pyodide has started.
import { readFileSync } from 'node:fs';
import { createRequire, register, syncBuiltinESMExports } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { loadPyodide } from 'pyodide';

const POWERFUL_MODULES = ['child_process', 'cluster', 'dgram', 'dns', 'dns/promises', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector', 'net', 'os', 'tls', 'v8', 'vm', 'worker_threads'];

/** @type {{ memoryBytes: number, logLimit: number, interrupt: Int8Array, snapshot: Uint8Array | null }} */
const { memoryBytes, logLimit, interrupt, snapshot } = workerData;

capMemory(memoryBytes);
const discard = () => {};
// Starting from a snapshot of a started interpreter's memory takes ~0.3 s instead of ~2-3 s: the first
// interpreter of a pool makes it, the others start from it. (Pyodide's snapshot options are marked
// internal; the version is pinned.) File-descriptor level output (os.write(1, ...)) is dropped: it is not
// part of a cell's output in Jupyter either. Standard input is empty (input() gets EOFError), never the
// server's own stdin, which Pyodide reads by default.
const start = snapshot ? { _loadSnapshot: snapshot } : { _makeSnapshot: true };
// Its own folder, given: Pyodide finds it from a stack trace otherwise, which source maps (tsx) rewrite.
const indexURL = new URL('.', import.meta.resolve('pyodide')).pathname;
const pyodide = await loadPyodide({ indexURL, packages: [], stdin: () => null, stdout: discard, stderr: discard, ...start });
if (!snapshot) parentPort.postMessage({ snapshot: shared(pyodide.makeMemorySnapshot()) });
pyodide.setInterruptBuffer(interrupt);
const runner = pyodide.globals.get('dict')();
pyodide.runPython(readFileSync(new URL('./runner.py', import.meta.url), 'utf8'), { globals: runner, filename: '<sandbox>' });
const runCell = runner.get('run_cell');
// Frames of '<sandbox>' code are left out of tracebacks: they are not the user's code.
pyodide.runPython(readFileSync(new URL('./lockdown.py', import.meta.url), 'utf8'), { filename: '<sandbox>' });
closeThisThread();

parentPort.on('message', (/** @type {{ id: number, code: string, files: { name: string, bytes: Uint8Array }[] }} */ call) => {
  Atomics.store(interrupt, 0, 0); // a time-limit signal that arrived after the previous cell ended
  try {
    const files = pyodide.toPy(call.files.map((file) => [file.name, file.bytes]));
    const result = runCell(call.code, files, logLimit);
    const [logs, error, changed] = result.toJs();
    result.destroy();
    files.destroy();
    const written = changed.map((name) => ({ name, bytes: pyodide.FS.readFile(`/mnt/data/${name}`) }));
    parentPort.postMessage({ id: call.id, logs, error: error ?? null, files: written }, written.map((file) => file.bytes.buffer));
  } catch (error) {
    // Python's own errors end inside run_cell: reaching here means the interpreter itself broke.
    parentPort.postMessage({ id: call.id, broken: String(error?.message ?? error) });
  }
});
parentPort.postMessage({ ready: true });

/** The bytes in shared memory, so every worker reads the one copy. */
function shared(bytes) {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  copy.set(bytes);
  return copy;
}

/**
 * Past `limit` bytes the WebAssembly memory refuses to grow: malloc fails and the cell gets Python's
 * MemoryError, while the server's own memory is untouched.
 */
function capMemory(limit) {
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function growWithinLimit(pages) {
    if (this.buffer.byteLength + pages * 65536 > limit) throw new RangeError('sandbox memory limit reached');
    return grow.call(this, pages);
  };
}

/**
 * Takes away what JavaScript in this thread could use to reach the host, once Pyodide no longer needs it.
 * Pyodide keeps a `require` of its own, and C code reaches JavaScript through Emscripten (`system()` runs
 * a shell, `emscripten_run_script()` evaluates JavaScript, both callable with ctypes): so the modules that
 * touch files, processes or the network are emptied for this thread, and loading modules (ES or CommonJS,
 * files or native addons) is refused.
 */
function closeThisThread() {
  const refuse = () => {
    throw new Error('not available in the sandbox');
  };
  const refuseModule = 'export function resolve(specifier) { throw new Error(`no module loading in the sandbox: ${specifier}`); }';
  register(`data:text/javascript,${encodeURIComponent(refuseModule)}`);
  const require = createRequire(import.meta.url);
  for (const name of POWERFUL_MODULES) {
    const exported = require(`node:${name}`);
    for (const key of Object.getOwnPropertyNames(exported)) {
      const descriptor = Object.getOwnPropertyDescriptor(exported, key);
      if (typeof descriptor?.value === 'function' && descriptor.writable) exported[key] = refuse;
    }
  }
  syncBuiltinESMExports(); // the same emptied functions for those who hold the modules' ES namespaces
  require('node:module')._load = refuse; // and `require` (Pyodide has its own) loads nothing more
  for (const name of ['binding', '_linkedBinding', 'dlopen', 'getBuiltinModule', 'kill', 'abort']) {
    Object.defineProperty(process, name, { value: undefined, configurable: false, writable: false });
  }
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) {
    Object.defineProperty(globalThis, name, { value: undefined, configurable: false, writable: false });
  }
}
