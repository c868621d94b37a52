// Live runs against a fake Chat Completions upstream on a loopback socket, the mock server and the
// upstream each in a process of their own (bench/live-server.ts, bench/live-upstream.ts):
//  1. time to the first text delta and to the end of a streamed answer, through this server
//     (threads.createAndRunStream) vs. asking the upstream directly (chat.completions.create), p50/p99;
//  2. 100 live runs at once (streamed), all must complete; the server's event loop delay meanwhile.
// Usage: npx -y pnpm@10.34.8 bench:live   (BENCH_RUNS, BENCH_WORDS, BENCH_CONCURRENT, BENCH_CHUNK_MS, BENCH_REPEAT;
// BENCH_PROFILE=<dir> writes the server process's CPU profile there, for `node --cpu-prof`'s viewers)
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import OpenAI from 'openai';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WORDS = Number(process.env.BENCH_WORDS ?? 100);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 100);
const CHUNK_MS = Number(process.env.BENCH_CHUNK_MS ?? 2);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

interface Sample {
  firstDeltaMs: number;
  totalMs: number;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function direct(upstream: OpenAI): Promise<Sample> {
  const started = performance.now();
  let firstDeltaMs = NaN;
  const stream = await upstream.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Write.' }], stream: true, stream_options: { include_usage: true } });
  for await (const chunk of stream) {
    if (Number.isNaN(firstDeltaMs) && chunk.choices[0]?.delta.content) firstDeltaMs = performance.now() - started;
  }
  return { firstDeltaMs, totalMs: performance.now() - started };
}

async function throughServer(client: OpenAI, assistantId: string, content = 'Write.'): Promise<Sample> {
  const started = performance.now();
  let firstDeltaMs = NaN;
  const stream = client.beta.threads.createAndRunStream({ assistant_id: assistantId, thread: { messages: [{ role: 'user', content }] } });
  stream.on('textDelta', () => {
    if (Number.isNaN(firstDeltaMs)) firstDeltaMs = performance.now() - started;
  });
  const run = await stream.finalRun();
  if (run.status !== 'completed') throw new Error(`run ended ${run.status}: ${JSON.stringify(run.last_error)}`);
  return { firstDeltaMs, totalMs: performance.now() - started };
}

async function samples(label: string, take: () => Promise<Sample>) {
  for (let i = 0; i < 10; i++) await take(); // warm-up
  const all: Sample[] = [];
  for (let i = 0; i < RUNS; i++) all.push(await take());
  const first = all.map((s) => s.firstDeltaMs);
  const total = all.map((s) => s.totalMs);
  return { what: label, runs: all.length, 'first delta p50 ms': percentile(first, 50), 'first delta p99 ms': percentile(first, 99), 'total p50 ms': percentile(total, 50), 'total p99 ms': percentile(total, 99) };
}

const fixed = (row: Record<string, string | number>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : v]));

/** Sends `command` to a child process (the server, the upstream) and waits for its answer. */
function ask<T>(child: ChildProcess, command?: string | { delayMs: number }): Promise<T> {
  const answer = new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));
  if (command) child.send(command);
  return answer;
}

async function main() {
  const fake = fork(fileURLToPath(new URL('./live-upstream.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], env: { ...process.env, WORDS: String(WORDS) } });
  const { url: upstreamURL } = await ask<{ url: string }>(fake);
  await ask(fake, { delayMs: 0 });
  const server = fork(fileURLToPath(new URL('./live-server.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    env: { ...process.env, UPSTREAM_URL: upstreamURL, MAX_CONCURRENT: String(CONCURRENT), WORDS: String(WORDS) },
  });
  const { url: baseURL } = await ask<{ url: string }>(server);
  const client = new OpenAI({ baseURL, apiKey: 'sk-bench', maxRetries: 0 });
  const upstream = new OpenAI({ baseURL: upstreamURL, apiKey: 'sk-bench', maxRetries: 0 });
  const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });

  console.log(`load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} (a shared machine: compare rows of one run)`);
  console.log(`one streamed answer of ${WORDS} words (${WORDS + 3} upstream chunks), ${RUNS} runs each, loopback`);
  const directRow = await samples('upstream directly (SDK chat.completions)', () => direct(upstream));
  const serverRow = await samples('through assistants-mock (SDK createAndRunStream)', () => throughServer(client, assistant.id));
  console.table([directRow, serverRow].map(fixed));
  console.log(
    `overhead p50: first delta +${(serverRow['first delta p50 ms'] - directRow['first delta p50 ms']).toFixed(2)} ms, ` +
      `total +${(serverRow['total p50 ms'] - directRow['total p50 ms']).toFixed(2)} ms`,
  );

  await ask(fake, { delayMs: CHUNK_MS });
  let allDone = true;
  const rows: Record<string, string | number>[] = [];
  // Scripted and live alternate, so a burst of load on the machine falls on both alike.
  for (let round = 1; round <= REPEAT; round++) {
    for (const [what, content] of [
      ['scripted (scenario)', 'scripted'],
      [`live (${CHUNK_MS} ms between chunks)`, 'Write.'],
    ] as const) {
      server.send('measure');
      const started = performance.now();
      const results = await Promise.allSettled(Array.from({ length: CONCURRENT }, () => throughServer(client, assistant.id, content)));
      const elapsed = performance.now() - started;
      const delay = await ask<{ p50: number; p99: number; max: number; cpuMs: number }>(server, 'report');
      const done = results.filter((r) => r.status === 'fulfilled').length;
      allDone &&= done === CONCURRENT;
      rows.push({ round, what, completed: `${done}/${CONCURRENT}`, 'wall ms': elapsed, 'loop delay p50 ms': delay.p50, 'p99 ms': delay.p99, 'max ms': delay.max, 'server CPU ms a run': delay.cpuMs / CONCURRENT });
    }
  }
  console.log(`\n${CONCURRENT} runs at once, streamed (server event loop delay and CPU time; load average now ${loadavg()[0]!.toFixed(2)})`);
  console.table(rows.map(fixed));
  for (const what of new Set(rows.map((row) => row.what))) {
    const mine = rows.filter((row) => row.what === what);
    console.log(`${what}: median of ${mine.length} rounds: loop delay p99 ${median(mine.map((r) => r['p99 ms'] as number)).toFixed(2)} ms, server CPU ${median(mine.map((r) => r['server CPU ms a run'] as number)).toFixed(2)} ms a run`);
  }
  server.send('exit');
  fake.send('exit');
  if (!allDone) process.exitCode = 1;
}

const median = (values: number[]) => percentile(values, 50);

await main();
