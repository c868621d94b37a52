// `npx -y pnpm@10.34.8 bench`: this server against a bare Hono + better-sqlite3 baseline, side by side on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, runLoad, type LoadResult, type LoadSpec } from './load.js';
import { rssMb, startServer, type Started } from './processes.js';

const CLI = fileURLToPath(new URL('../packages/mock-server/bin/assistants-mock.mjs', import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));
const HEADERS = { authorization: 'Bearer sk-bench', 'openai-beta': 'assistants=v2' };
const CONCURRENCY = 8;
const ROUND = { maxRequests: 4_000, maxSeconds: 5 };
const LIST_THREAD_SIZE = 10_000;
const RSS_MESSAGES = 100_000;

const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-bench-'));
const startOurs = () => startServer(process.execPath, [CLI, 'serve', '--port', '0', '--db', join(dir, 'ours.sqlite')]);
const startBaseline = () => startServer(process.execPath, ['--import', 'tsx', BASELINE, join(dir, 'baseline.sqlite')]);

async function call<T>(server: Started, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: { ...HEADERS, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A thread of `count` messages, made by one thread create. */
async function seedThread(server: Started, count: number): Promise<string> {
  const messages = Array.from({ length: count }, (_, i) => ({ role: 'user', content: `seed message ${i}` }));
  return (await call<{ id: string }>(server, 'POST', '/threads', { messages })).id;
}

async function messageIds(server: Started, threadId: string, count: number): Promise<string[]> {
  const page = await call<{ data: { id: string }[] }>(server, 'GET', `/threads/${threadId}/messages?limit=100`);
  return page.data.map((m) => m.id).slice(0, count);
}

interface Scenario {
  name: string;
  kind: 'write' | 'read';
  spec: (server: Started, setup: Setup) => Omit<LoadSpec, 'baseURL' | 'concurrency' | 'maxRequests' | 'maxSeconds'>;
}
interface Setup {
  writeThread: string;
  listThread: string;
  ids: string[];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'create message',
    kind: 'write',
    spec: (_, s) => ({ method: 'POST', path: () => `/threads/${s.writeThread}/messages`, body: (i) => JSON.stringify({ role: 'user', content: `bench message ${i}` }), headers: HEADERS }),
  },
  {
    name: 'retrieve message',
    kind: 'read',
    spec: (_, s) => ({ method: 'GET', path: (i) => `/threads/${s.listThread}/messages/${s.ids[i % s.ids.length]}`, headers: HEADERS }),
  },
  {
    name: `list 20 of ${LIST_THREAD_SIZE.toLocaleString('en')} messages`,
    kind: 'read',
    spec: (_, s) => ({ method: 'GET', path: () => `/threads/${s.listThread}/messages?limit=20`, headers: HEADERS }),
  },
];

const TARGET = { write: 0.7, read: 0.6, startupMs: 300, rssMb: 200 };

function merge(results: LoadResult[]): LoadResult {
  return {
    requests: results.reduce((n, r) => n + r.requests, 0),
    failures: results.reduce((n, r) => n + r.failures, 0),
    seconds: results.reduce((n, r) => n + r.seconds, 0),
    latencies: results.flatMap((r) => r.latencies).sort((a, b) => a - b),
  };
}
const rps = (r: LoadResult) => r.requests / r.seconds;
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

async function measureStartup(runs: number): Promise<{ first: number; median: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const server = await startServer(process.execPath, [CLI, 'serve', '--port', '0', '--db', ':memory:']);
    times.push(server.startupMs);
    await server.stop();
  }
  const [first, ...warm] = times as [number, ...number[]];
  warm.sort((a, b) => a - b);
  return { first, median: percentile(warm, 50), max: warm.at(-1)! };
}

async function main() {
  console.log(`assistants-mock bench · Node ${process.version} · ${process.platform} ${process.arch} · ${cpus().length} CPUs · ${CONCURRENCY} keep-alive connections on 127.0.0.1`);
  const startup = await measureStartup(7);
  const ours = await startOurs();
  const baseline = await startBaseline();
  try {
    const setups = new Map<Started, Setup>();
    for (const server of [ours, baseline]) {
      const listThread = await seedThread(server, LIST_THREAD_SIZE);
      const writeThread = (await call<{ id: string }>(server, 'POST', '/threads', {})).id;
      setups.set(server, { listThread, writeThread, ids: await messageIds(server, listThread, 100) });
    }
    const load = (server: Started, scenario: Scenario, round = ROUND) =>
      runLoad({ baseURL: server.url, concurrency: CONCURRENCY, ...round, ...scenario.spec(server, setups.get(server)!) });

    console.log(`\n${'scenario'.padEnd(30)}${'ours req/s'.padStart(12)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)} │${'baseline req/s'.padStart(15)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)} │${'ratio'.padStart(7)}  target`);
    /** Messages each server holds, for the RSS figure. */
    const written = new Map<Started, number>([[ours, LIST_THREAD_SIZE], [baseline, LIST_THREAD_SIZE]]);
    for (const scenario of SCENARIOS) {
      const warmUps = await Promise.all([ours, baseline].map((server) => load(server, scenario, { maxRequests: 500, maxSeconds: 2 })));
      const results = new Map<Started, LoadResult[]>([[ours, []], [baseline, []]]);
      // Alternate rounds so background noise on the machine falls on both sides alike.
      for (let round = 0; round < 3; round++) for (const server of [ours, baseline]) results.get(server)!.push(await load(server, scenario));
      const [o, b] = [merge(results.get(ours)!), merge(results.get(baseline)!)];
      if (o.failures + b.failures > 0) throw new Error(`${scenario.name}: ${o.failures} failed requests on ours, ${b.failures} on the baseline`);
      if (scenario.kind === 'write') {
        written.set(ours, written.get(ours)! + o.requests + warmUps[0]!.requests);
        written.set(baseline, written.get(baseline)! + b.requests + warmUps[1]!.requests);
      }
      const ratio = rps(o) / rps(b);
      const target = TARGET[scenario.kind];
      console.log(
        `${scenario.name.padEnd(30)}${fmt(rps(o)).padStart(12)}${fmt(percentile(o.latencies, 50), 2).padStart(8)}${fmt(percentile(o.latencies, 99), 2).padStart(8)} │` +
          `${fmt(rps(b)).padStart(15)}${fmt(percentile(b.latencies, 50), 2).padStart(8)}${fmt(percentile(b.latencies, 99), 2).padStart(8)} │` +
          `${fmt(ratio, 2).padStart(7)}  ≥ ${target} ${mark(ratio >= target)}`,
      );
    }

    console.log(`\nstart-up, CLI spawn to its listening line: median ${fmt(startup.median)} ms, max ${fmt(startup.max)} ms over 7 starts (first start ${fmt(startup.first)} ms, may include bundling) · target < ${TARGET.startupMs} ms ${mark(startup.median < TARGET.startupMs)}`);

    for (const server of [ours, baseline]) {
      for (let made = written.get(server)!; made < RSS_MESSAGES; made += 1_000) {
        await call(server, 'POST', '/threads', { messages: Array.from({ length: Math.min(1_000, RSS_MESSAGES - made) }, (_, i) => ({ role: 'user', content: `rss message ${i}` })) });
      }
    }
    const [oursRss, baselineRss] = [rssMb(ours.child.pid!), rssMb(baseline.child.pid!)];
    console.log(`RSS after ${fmt(RSS_MESSAGES)} messages: ours ${fmt(oursRss)} MB, baseline ${fmt(baselineRss)} MB · target < ${TARGET.rssMb} MB ${mark(oursRss < TARGET.rssMb)}`);
  } finally {
    await Promise.all([ours.stop(), baseline.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
