// The run engine's costs, over HTTP on loopback against the CLI server in its own process:
// - create + poll to completion per second (1 and 8 connections, each on its own thread);
// - create + poll latency on a thread with its first 200 runs and after BENCH_HISTORY runs (should not grow);
// - time to the first text delta of a streamed answer of 400 and 20,000 words (should not grow).
// With BENCH_BASELINE_CLI (another checkout's bin/assistants-mock.mjs) both servers run side by side:
// throughput rounds alternate which server goes first, and each figure is printed for both with their ratio.
// Throughput figures are min / median / max over BENCH_ROUNDS rounds of BENCH_SECONDS each; CPU is per
// run, the server's from /proc and the load generator's (this process) from process.cpuUsage().
// Usage: npx -y pnpm@10.34.8 bench:runs   (BENCH_NODE_FLAGS: node flags for the servers, e.g. --cpu-prof;
// BENCH_SECTIONS: some of throughput,first-delta,history, comma-separated, to run only those; BENCH_DELTA_RUNS)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:http';
import { cpuMs, startServer, type Started } from './processes.js';
import { percentile } from './load.js';

const CLI = process.env.BENCH_CLI ?? fileURLToPath(new URL('../packages/mock-server/bin/assistants-mock.mjs', import.meta.url));
const BASELINE_CLI = process.env.BENCH_BASELINE_CLI;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const HISTORY = Number(process.env.BENCH_HISTORY ?? 10_000);
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
/** Samples of each first-delta figure (its p50 over a handful was at the mercy of one slow run). */
const DELTA_RUNS = Number(process.env.BENCH_DELTA_RUNS ?? 25);
const SECTIONS = new Set(process.env.BENCH_SECTIONS?.split(',') ?? ['throughput', 'first-delta', 'history']);
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

/** One server under test, with its own connections and assistant. */
interface Target {
  name: string;
  server: Started;
  agent: Agent;
  base: URL;
  assistantId: string;
}

async function startTarget(name: string, cli: string): Promise<Target> {
  const args = [...NODE_FLAGS, cli, 'serve', '--port', '0', '--db', join(dir, `${name}.sqlite`), '--fixtures', fixtures];
  const server = await startServer(process.execPath, args);
  const target = { name, server, agent: new Agent({ keepAlive: true, maxSockets: 16 }), base: new URL(server.url), assistantId: '' };
  target.assistantId = (await call<{ id: string }>(target, 'POST', '/assistants', { model: 'gpt-4o' })).id;
  return target;
}

/** One request on a keep-alive connection; resolves with the parsed JSON body. */
function call<T>(target: Target, method: string, path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const { base } = target;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent: target.agent,
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
async function createAndPoll(target: Target, threadId: string): Promise<void> {
  let run = await call<Run>(target, 'POST', `/threads/${threadId}/runs`, { assistant_id: target.assistantId });
  while (run.status !== 'completed') {
    if (!['queued', 'in_progress'].includes(run.status)) throw new Error(`run ended ${run.status}`);
    run = await call<Run>(target, 'GET', `/threads/${threadId}/runs/${run.id}`);
  }
}

async function newThread(target: Target): Promise<string> {
  return (await call<{ id: string }>(target, 'POST', '/threads', { messages: [{ role: 'user', content: 'Solve 3x + 11 = 14.' }] })).id;
}

interface Round {
  perSecond: number;
  serverCpuUs: number;
  loadCpuUs: number;
  p50: number;
  p99: number;
}

/** Create + poll per second with `connections` loops, each on its own new thread, for `seconds`. */
async function throughput(target: Target, connections: number, seconds: number): Promise<Round> {
  const threads = await Promise.all(Array.from({ length: connections }, () => newThread(target)));
  const latencies: number[] = [];
  const pid = target.server.child.pid!;
  const cpuBefore = cpuMs(pid);
  const loadBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    threads.map(async (threadId) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await createAndPoll(target, threadId);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const load = process.cpuUsage(loadBefore);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / (elapsed / 1000),
    serverCpuUs: ((cpuMs(pid) - cpuBefore) * 1000) / latencies.length,
    loadCpuUs: (load.user + load.system) / latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** Median create + poll latency, one at a time, on one thread, and the server's CPU per run. */
async function latencyOn(target: Target, threadId: string, count: number) {
  const latencies: number[] = [];
  const pid = target.server.child.pid!;
  const cpuBefore = cpuMs(pid);
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await createAndPoll(target, threadId);
    latencies.push(performance.now() - t);
  }
  return { p50: percentile(latencies.sort((a, b) => a - b), 50), cpuUs: ((cpuMs(pid) - cpuBefore) * 1000) / count };
}

/** Milliseconds from sending a streamed create-thread-and-run to the first text delta frame. */
async function firstDeltaMs(target: Target, content: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${target.server.url}/threads/runs`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json', 'OpenAI-Beta': 'assistants=v2' },
    body: JSON.stringify({ assistant_id: target.assistantId, stream: true, thread: { messages: [{ role: 'user', content }] } }),
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

/** How many runs a thread holds, paging through its list. */
async function countRuns(target: Target, threadId: string): Promise<number> {
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const page = await call<{ data: { id: string }[]; has_more: boolean; last_id: string }>(
      target,
      'GET',
      `/threads/${threadId}/runs?limit=100${after ? `&after=${after}` : ''}`,
    );
    count += page.data.length;
    if (!page.has_more) return count;
    after = page.last_id;
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
/** `now / baseline` of a figure where bigger is better (the ratio line is left out with one server). */
const ratioLine = (label: string, values: number[], digits = 2) => (values.length === 2 ? `  ${label}: now / baseline ${fmt(values[0]! / values[1]!, digits)}×` : '');

async function throughputRounds(targets: Target[], connections: number): Promise<void> {
  const rounds = new Map<Target, Round[]>(targets.map((t) => [t, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Each server goes first in every other round, so the machine's load falls on both alike.
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) rounds.get(target)!.push(await throughput(target, connections, SECONDS));
  }
  console.log(`\ncreate + poll to completion, ${connections} connection(s), ${ROUNDS} rounds × ${SECONDS} s`);
  console.log(`${'server'.padEnd(10)}${'runs/s min / median / max'.padStart(28)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'server CPU µs/run'.padStart(19)}${'load gen CPU µs/run'.padStart(21)}`);
  for (const target of targets) {
    const list = rounds.get(target)!;
    const rates = list.map((r) => r.perSecond).sort((a, b) => a - b);
    console.log(
      `${target.name.padEnd(10)}${`${fmt(rates[0]!)} / ${fmt(median(rates))} / ${fmt(rates.at(-1)!)}`.padStart(28)}` +
        `${fmt(median(list.map((r) => r.p50)), 2).padStart(9)}${fmt(median(list.map((r) => r.p99)), 2).padStart(9)}` +
        `${fmt(median(list.map((r) => r.serverCpuUs))).padStart(19)}${fmt(median(list.map((r) => r.loadCpuUs))).padStart(21)}`,
    );
  }
  const perSecond = targets.map((t) => median(rounds.get(t)!.map((r) => r.perSecond)));
  const cpuSaved = targets.map((t) => 1 / median(rounds.get(t)!.map((r) => r.serverCpuUs)));
  if (targets.length === 2) console.log(`${ratioLine('runs/s', perSecond)}; server CPU per run, baseline / now ${fmt(cpuSaved[0]! / cpuSaved[1]!, 2)}×`);
}

async function historyGrowth(target: Target): Promise<void> {
  const thread = await newThread(target);
  const fresh = await latencyOn(target, thread, 200);
  for (let made = 200; made < HISTORY; made++) await createAndPoll(target, thread);
  const runsNow = await countRuns(target, thread);
  const old = await latencyOn(target, thread, 200);
  console.log(
    `${target.name.padEnd(10)}first 200 runs: p50 ${fmt(fresh.p50, 2)} ms, ${fmt(fresh.cpuUs)} µs CPU/run; ` +
      `after ${fmt(runsNow)} runs: p50 ${fmt(old.p50, 2)} ms, ${fmt(old.cpuUs)} µs CPU/run (CPU ×${fmt(old.cpuUs / fresh.cpuUs, 2)})`,
  );
}

async function firstDeltas(targets: Target[]): Promise<void> {
  console.log(`\nfirst text delta of a streamed answer (create thread and run, stream: true), ${DELTA_RUNS} runs each, interleaved`);
  for (const [label, content] of [['400 words', 'medium'], ['20,000 words', 'long']] as const) {
    const samples = new Map<Target, number[]>(targets.map((t) => [t, []]));
    for (let i = 0; i < DELTA_RUNS; i++) for (const target of i % 2 === 0 ? targets : [...targets].reverse()) samples.get(target)!.push(await firstDeltaMs(target, content));
    for (const target of targets) {
      const sorted = samples.get(target)!.sort((a, b) => a - b);
      console.log(`${target.name.padEnd(10)}${label.padEnd(14)} min ${fmt(sorted[0]!, 2)} ms, p50 ${fmt(percentile(sorted, 50), 2)} ms, max ${fmt(sorted.at(-1)!, 2)} ms`);
    }
  }
}

const targets: Target[] = [];
try {
  targets.push(await startTarget('now', CLI));
  if (BASELINE_CLI) targets.push(await startTarget('baseline', BASELINE_CLI));
  for (const target of targets) await throughput(target, 8, 1); // warm-up
  console.log(`runs bench · Node ${process.version} · each server in its own process${BASELINE_CLI ? ` · baseline ${BASELINE_CLI}` : ''}`);
  if (SECTIONS.has('throughput')) for (const connections of [1, 8]) await throughputRounds(targets, connections);
  if (SECTIONS.has('first-delta')) await firstDeltas(targets);
  if (SECTIONS.has('history')) {
    console.log(`\ncreate + poll on one thread, one at a time: does its cost grow with the thread's runs?`);
    for (const target of targets) await historyGrowth(target);
  }
} finally {
  for (const target of targets) {
    target.agent.destroy();
    await target.server.stop();
  }
  rmSync(dir, { recursive: true, force: true });
}
