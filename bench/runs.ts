// The run engine's costs, over HTTP on loopback against the CLI server in its own process:
// - create + poll to completion per second (8 connections, each on its own thread);
// - create + poll latency on a thread with 1 and with 10,000 earlier runs (should not grow);
// - time to the first text delta of a streamed answer of 400 and 20,000 words (should not grow).
// Usage: npx -y pnpm@10.34.8 bench:runs   (BENCH_SECONDS for the throughput rounds, BENCH_HISTORY for the long thread)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:http';
import { cpuMs, startServer } from './processes.js';
import { percentile } from './load.js';

const CLI = process.env.BENCH_CLI ?? fileURLToPath(new URL('../packages/mock-server/bin/assistants-mock.mjs', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const HISTORY = Number(process.env.BENCH_HISTORY ?? 10_000);
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-bench-runs-'));
const fixtures = join(dir, 'scenarios.json');
writeFileSync(
  fixtures,
  JSON.stringify({
    scenarios: [
      { name: 'long', match: { message: 'long' }, script: [{ say: words(20_000) }] },
      { name: 'medium', match: { message: 'medium' }, script: [{ say: words(400) }] },
      { name: 'short', script: [{ say: 'The solution to the equation 3x + 11 = 14 is x = 1, because 3 × 1 + 11 = 14.' }] },
    ],
  }),
);

const server = await startServer(process.execPath, [CLI, 'serve', '--port', '0', '--db', join(dir, 'runs.sqlite'), '--fixtures', fixtures]);
const agent = new Agent({ keepAlive: true, maxSockets: 16 });
const base = new URL(server.url);

/** One request on a keep-alive connection; resolves with the parsed JSON body. */
function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path: base.pathname + path,
        headers: {
          authorization: 'Bearer sk-bench',
          'openai-beta': 'assistants=v2',
          ...(payload !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve(JSON.parse(text) as T) : reject(new Error(`${method} ${path} → ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Run {
  id: string;
  status: string;
}

/** Creates a run on the thread and polls it until it completes. */
async function createAndPoll(assistantId: string, threadId: string): Promise<void> {
  let run = await call<Run>('POST', `/threads/${threadId}/runs`, { assistant_id: assistantId });
  while (run.status !== 'completed') {
    if (!['queued', 'in_progress'].includes(run.status)) throw new Error(`run ended ${run.status}`);
    run = await call<Run>('GET', `/threads/${threadId}/runs/${run.id}`);
  }
}

async function newThread(): Promise<string> {
  return (await call<{ id: string }>('POST', '/threads', { messages: [{ role: 'user', content: 'Solve 3x + 11 = 14.' }] })).id;
}

/** Create + poll per second with `connections` loops, each on its own thread, for `seconds`. */
async function throughput(assistantId: string, connections: number, seconds: number) {
  const threads = await Promise.all(Array.from({ length: connections }, newThread));
  const latencies: number[] = [];
  const cpuBefore = cpuMs(server.child.pid!);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    threads.map(async (threadId) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await createAndPoll(assistantId, threadId);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const cpuPerRun = (cpuMs(server.child.pid!) - cpuBefore) / latencies.length;
  latencies.sort((a, b) => a - b);
  const perSecond = latencies.length / ((performance.now() - started) / 1000);
  return { perSecond, cpuPerRun, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Median create + poll latency, one at a time, on one thread. */
async function latencyOn(assistantId: string, threadId: string, count: number) {
  const latencies: number[] = [];
  const cpuBefore = cpuMs(server.child.pid!);
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await createAndPoll(assistantId, threadId);
    latencies.push(performance.now() - t);
  }
  return { p50: percentile(latencies.sort((a, b) => a - b), 50), cpuPerRun: (cpuMs(server.child.pid!) - cpuBefore) / count };
}

/** Milliseconds from sending a streamed create-thread-and-run to the first text delta frame. */
async function firstDeltaMs(assistantId: string, content: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.url}/threads/runs`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json', 'OpenAI-Beta': 'assistants=v2' },
    body: JSON.stringify({ assistant_id: assistantId, stream: true, thread: { messages: [{ role: 'user', content }] } }),
  });
  let seen = '';
  let first = NaN;
  for await (const text of response.body!.pipeThrough(new TextDecoderStream()) as unknown as AsyncIterable<string>) {
    if (Number.isNaN(first)) {
      seen += text;
      if (seen.includes('event: thread.message.delta')) first = performance.now() - started;
    }
  }
  return first;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

try {
  const assistant = await call<{ id: string }>('POST', '/assistants', { model: 'gpt-4o' });
  await throughput(assistant.id, 8, 1); // warm-up
  console.log(`runs bench · Node ${process.version} · server in its own process, ${SECONDS} s rounds`);
  for (const connections of [1, 8]) {
    const r = await throughput(assistant.id, connections, SECONDS);
    console.log(`create + poll to completion, ${connections} connection(s): ${fmt(r.perSecond)} runs/s, server CPU ${fmt(r.cpuPerRun * 1000)} µs/run, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms`);
  }

  const longThread = await newThread();
  const fresh = await latencyOn(assistant.id, longThread, 200);
  for (let made = 200; made < HISTORY; made++) await createAndPoll(assistant.id, longThread);
  const runsNow = await countRuns(longThread);
  const old = await latencyOn(assistant.id, longThread, 200);
  console.log(
    `create + poll on one thread, p50 and server CPU per run: ${fmt(fresh.p50, 2)} ms, ${fmt(fresh.cpuPerRun * 1000)} µs with its first 200 runs; ` +
      `${fmt(old.p50, 2)} ms, ${fmt(old.cpuPerRun * 1000)} µs after ${fmt(runsNow)} runs`,
  );

  for (const [label, content] of [['400 words', 'medium'], ['20,000 words', 'long']] as const) {
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) samples.push(await firstDeltaMs(assistant.id, content));
    samples.sort((a, b) => a - b);
    console.log(`first text delta of a streamed ${label} answer: p50 ${fmt(percentile(samples, 50), 2)} ms, max ${fmt(samples.at(-1)!, 2)} ms (7 runs)`);
  }
} finally {
  agent.destroy();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** How many runs a thread holds, paging through its list. */
async function countRuns(threadId: string): Promise<number> {
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const page = await call<{ data: { id: string }[]; has_more: boolean; last_id: string }>(
      'GET',
      `/threads/${threadId}/runs?limit=100${after ? `&after=${after}` : ''}`,
    );
    count += page.data.length;
    if (!page.has_more) return count;
    after = page.last_id;
  }
}
