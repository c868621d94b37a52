// Live runs against a fake Chat Completions upstream on a loopback socket, the mock server and the
// upstream each in a process of their own (bench/live-server.ts, bench/live-upstream.ts):
//  1. time to the first text delta and to the end of a streamed answer, through this server vs. asking the
//     upstream directly, p50/p99, each side read the same two ways: the SDK's bare stream (createAndRun /
//     chat.completions.create with stream: true) and its helper (createAndRunStream / chat.completions.stream);
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

const PROMPT = [{ role: 'user' as const, content: 'Write.' }];

/** The upstream directly, the SDK's bare stream of chunks (`chat.completions.create`): its first content delta. */
async function directBare(upstream: OpenAI): Promise<Sample> {
  const started = performance.now();
  let firstDeltaMs = NaN;
  const stream = await upstream.chat.completions.create({ model: 'gpt-4o', messages: PROMPT, stream: true, stream_options: { include_usage: true } });
  for await (const chunk of stream) {
    if (Number.isNaN(firstDeltaMs) && chunk.choices[0]?.delta.content) firstDeltaMs = performance.now() - started;
  }
  return { firstDeltaMs, totalMs: performance.now() - started };
}

/** The upstream directly, the SDK's helper (`chat.completions.stream`, which builds the answer as it comes): its first `content`. */
async function directHelper(upstream: OpenAI): Promise<Sample> {
  const started = performance.now();
  let firstDeltaMs = NaN;
  const stream = upstream.chat.completions.stream({ model: 'gpt-4o', messages: PROMPT, stream_options: { include_usage: true } });
  stream.on('content', () => {
    if (Number.isNaN(firstDeltaMs)) firstDeltaMs = performance.now() - started;
  });
  await stream.finalChatCompletion();
  return { firstDeltaMs, totalMs: performance.now() - started };
}

/** Through the server, the SDK's bare stream of events (`createAndRun({ stream: true })`): its first `thread.message.delta`. */
async function serverBare(client: OpenAI, assistantId: string): Promise<Sample> {
  const started = performance.now();
  let firstDeltaMs = NaN;
  let status = 'none';
  const stream = await client.beta.threads.createAndRun({ assistant_id: assistantId, thread: { messages: PROMPT }, stream: true });
  for await (const event of stream) {
    if (Number.isNaN(firstDeltaMs) && event.event === 'thread.message.delta') firstDeltaMs = performance.now() - started;
    if (event.event.startsWith('thread.run.') && !event.event.startsWith('thread.run.step.')) status = (event.data as { status: string }).status;
  }
  if (status !== 'completed') throw new Error(`run ended ${status}`);
  return { firstDeltaMs, totalMs: performance.now() - started };
}

/** Through the server, the SDK's helper (`createAndRunStream`): its first `textDelta`. */
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

/** Takes each way's samples in turn (so a burst of load on the machine falls on all alike), after a warm-up. */
async function samples(ways: [label: string, take: () => Promise<Sample>][]) {
  for (let i = 0; i < 10; i++) for (const [, take] of ways) await take();
  const all = ways.map((): Sample[] => []);
  for (let i = 0; i < RUNS; i++) for (const [index, [, take]] of ways.entries()) all[index]!.push(await take());
  return ways.map(([label], index) => {
    const first = all[index]!.map((s) => s.firstDeltaMs);
    const total = all[index]!.map((s) => s.totalMs);
    return { what: label, runs: RUNS, 'first delta p50 ms': percentile(first, 50), 'first delta p99 ms': percentile(first, 99), 'total p50 ms': percentile(total, 50), 'total p99 ms': percentile(total, 99) };
  });
}

type Row = Awaited<ReturnType<typeof samples>>[number];

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
  const firstDelta = await samples([
    ['upstream directly, bare stream (chat.completions.create)', () => directBare(upstream)],
    ['through assistants-mock, bare stream (threads.createAndRun)', () => serverBare(client, assistant.id)],
    ['upstream directly, helper (chat.completions.stream)', () => directHelper(upstream)],
    ['through assistants-mock, helper (threads.createAndRunStream)', () => throughServer(client, assistant.id)],
  ]);
  console.table(firstDelta.map(fixed));
  // Each side read the same way: the SDK's helpers cost the client time of their own, no part of the
  // server's overhead (they send their request after a `setTimeout(0)`, EventStream._run: 1 ms and more).
  const [directBareRow, serverBareRow, directHelperRow, serverHelperRow] = firstDelta as [Row, Row, Row, Row];
  const over = (server: Row, direct: Row) =>
    `first delta +${(server['first delta p50 ms'] - direct['first delta p50 ms']).toFixed(2)} ms, total +${(server['total p50 ms'] - direct['total p50 ms']).toFixed(2)} ms`;
  console.log(`overhead p50, bare streams: ${over(serverBareRow, directBareRow)}`);
  console.log(`overhead p50, helpers:      ${over(serverHelperRow, directHelperRow)}`);
  // What this bench reported until the bare-stream rows came: the server's helper against the bare upstream.
  console.log(`(helper through the server vs. bare stream directly, as read before: ${over(serverHelperRow, directBareRow)})`);

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
