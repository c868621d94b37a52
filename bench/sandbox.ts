// The Python sandbox (Pyodide in worker threads): cold start, warm call latency, calls per second on one
// thread and across 8 threads, and memory per interpreter state.
// Usage: npx -y pnpm@10.34.8 bench:sandbox   (BENCH_CALLS to change the number of calls per figure)
import { createSandboxPool } from '@assistants-mock/server';
import { measure, printRows, summarise } from './stats.js';
import { TUTOR_CODE } from '../test/helpers/tutor-code.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const THREADS = 8;

async function timed<T>(task: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

function expectLogs(logs: string, expected: string) {
  if (logs !== expected) throw new Error(`unexpected logs: ${JSON.stringify(logs)}`);
}

async function coldStarts() {
  // No spares: each new thread's first call waits for its interpreter to start.
  const pool = createSandboxPool({ spares: 0, maxStates: 16 });
  const fromScratch = await timed(() => pool.run('cold-0', '1'));
  const fromSnapshot: number[] = [];
  for (let i = 1; i <= 5; i++) fromSnapshot.push(await timed(() => pool.run(`cold-${i}`, '1')));
  await pool.close();
  // With the default spare: a new thread takes an interpreter that is already running.
  const warmPool = createSandboxPool({ spares: 1 });
  await warmPool.run('first', '1');
  await new Promise((resolve) => setTimeout(resolve, 3000)); // the spare refills meanwhile
  const withSpare = await timed(() => warmPool.run('second', '1'));
  await warmPool.close();
  const median = [...fromSnapshot].sort((a, b) => a - b)[2]!;
  console.table([
    { what: "a pool's first interpreter, from scratch (makes the snapshot)", ms: fromScratch.toFixed(0) },
    { what: 'a new thread, interpreter from the snapshot (median of 5)', ms: median.toFixed(0) },
    { what: 'a new thread, a spare interpreter already started', ms: withSpare.toFixed(1) },
  ]);
}

async function warmCalls() {
  const pool = createSandboxPool({ spares: 0, maxStates: THREADS });
  const threads = Array.from({ length: THREADS }, (_, i) => `thread-${i}`);
  for (const thread of threads) await pool.run(thread, 'n = 0');
  const trivial = await measure(CALLS, 1, () => pool.run(threads[0]!, 'n += 1'));
  const tutor = await measure(CALLS / 4, 1, async () => expectLogs((await pool.run(threads[0]!, TUTOR_CODE)).logs, '(433, 81182737)\n'));
  const across = await measure(CALLS, THREADS, (i) => pool.run(threads[i % THREADS]!, 'n += 1'));
  const acrossTutor = await measure(CALLS / 4, THREADS, (i) => pool.run(threads[i % THREADS]!, TUTOR_CODE));
  printRows([
    summarise('`n += 1`, one thread, one call at a time', trivial.latencies, trivial.elapsed),
    summarise("the seed tutor's code, one thread", tutor.latencies, tutor.elapsed),
    summarise(`\`n += 1\`, ${THREADS} threads at once`, across.latencies, across.elapsed),
    summarise(`the seed tutor's code, ${THREADS} threads at once`, acrossTutor.latencies, acrossTutor.elapsed),
  ]);
  await pool.close();
}

async function memoryPerState() {
  const pool = createSandboxPool({ spares: 0, maxStates: THREADS + 1 });
  await pool.run('baseline', 'x = 1'); // the snapshot made, and one interpreter running
  global.gc?.();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < THREADS; i++) await pool.run(`state-${i}`, 'import json, csv, re, math\nx = list(range(1000))');
  const after = process.memoryUsage().rss;
  await pool.close();
  console.log(`memory per interpreter state (RSS growth over ${THREADS} more states, each after one call): ${((after - before) / THREADS / 2 ** 20).toFixed(1)} MiB`);
}

console.log(`Node ${process.version}, ${CALLS} calls per figure`);
await coldStarts();
await warmCalls();
await memoryPerState();
