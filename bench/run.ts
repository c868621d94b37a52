// `npx -y pnpm@10.34.8 bench`: this server against the honest floor (bare Hono + better-sqlite3 doing the
// same minimum work, stored JSON sent as stored) and the ceiling (bare node:http, one constant JSON), on
// loopback, with the load generator in a process of its own. Each scenario runs BENCH_ROUNDS rounds
// (default 5) of BENCH_SECONDS seconds (default 3) per server, the servers taking turns at going first;
// figures are min / median / max over the rounds, with the CPU each side spent per request (from /proc).
// BENCH_ONLY=<text> runs only the scenarios whose names contain it.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, type LoadResult, type LoadSpec } from './load.js';
import { cpuMs, rssMb, startServer, type Started } from './processes.js';

const CLI = process.env.BENCH_CLI ?? fileURLToPath(new URL('../packages/mock-server/bin/assistants-mock.mjs', import.meta.url));
const HEADERS = { authorization: 'Bearer sk-bench', 'openai-beta': 'assistants=v2' };
const CONCURRENCY = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const LIST_THREAD_SIZE = 10_000;
/** Only the scenarios whose names contain this text (all when unset), for a quicker look at one. */
const ONLY = process.env.BENCH_ONLY;
const TARGET = { write: 1.5, read: 0.8, startupMs: 300, rssMb: 200 };

const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-bench-'));
const tsx = ['--import', 'tsx'];

interface Server extends Started {
  name: 'ours' | 'floor' | 'ceiling';
}
const start = async (name: Server['name'], args: string[]): Promise<Server> => ({ name, ...(await startServer(process.execPath, args)) });

async function call<T>(server: Started, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: { ...HEADERS, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Setup {
  writeThread: string;
  listThread: string;
  ids: string[];
}

interface Scenario {
  name: string;
  kind: 'write' | 'read';
  /** Messages each request writes. */
  messages?: number;
  spec: (setup: Setup) => Pick<LoadSpec, 'method' | 'paths' | 'body'>;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'POST message',
    kind: 'write',
    messages: 1,
    spec: (s) => ({ method: 'POST', paths: [`/threads/${s.writeThread}/messages`], body: '{"role":"user","content":"bench message {i}"}' }),
  },
  {
    name: 'POST thread + 3 messages',
    kind: 'write',
    messages: 3,
    spec: () => ({
      method: 'POST',
      paths: ['/threads'],
      body: JSON.stringify({ messages: [1, 2, 3].map((n) => ({ role: 'user', content: `message ${n} of thread {i}` })) }),
    }),
  },
  { name: 'GET message', kind: 'read', spec: (s) => ({ method: 'GET', paths: s.ids.map((id) => `/threads/${s.listThread}/messages/${id}`) }) },
  {
    name: `list 20 of ${LIST_THREAD_SIZE.toLocaleString('en')}`,
    kind: 'read',
    spec: (s) => ({ method: 'GET', paths: [`/threads/${s.listThread}/messages?limit=20`] }),
  },
];

/** The load generator's process: one round at a time over IPC. */
async function startLoadProcess() {
  const child = fork(fileURLToPath(new URL('./load-process.ts', import.meta.url)), [], { execArgv: tsx });
  await new Promise((resolve) => child.once('message', resolve));
  return {
    run: (spec: LoadSpec) =>
      new Promise<LoadResult>((resolve) => {
        child.once('message', (result) => resolve(result as LoadResult));
        child.send(spec);
      }),
    stop: () => child.kill(),
  };
}

interface Round {
  rps: number;
  p50: number;
  p99: number;
  serverCpuUs: number;
  loadCpuUs: number;
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
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
  console.log(
    `assistants-mock bench · Node ${process.version} · ${process.platform} ${process.arch} · ${cpus().length} CPUs · ` +
      `${CONCURRENCY} keep-alive connections on 127.0.0.1 · ${ROUNDS} rounds × ${ROUND_SECONDS} s per server and scenario`,
  );
  const startup = await measureStartup(7);
  const servers = [
    await start('ours', [CLI, 'serve', '--port', '0', '--db', join(dir, 'ours.sqlite')]),
    await start('floor', [...tsx, fileURLToPath(new URL('./baseline-server.ts', import.meta.url)), join(dir, 'floor.sqlite')]),
    await start('ceiling', [...tsx, fileURLToPath(new URL('./ceiling-server.ts', import.meta.url))]),
  ];
  const load = await startLoadProcess();
  try {
    const setups = new Map<Server, Setup>();
    for (const server of servers.slice(0, 2)) {
      const listThread = (await call<{ id: string }>(server, 'POST', '/threads', {})).id;
      const body = '{"role":"user","content":"seed message {i}"}';
      const paths = [`/threads/${listThread}/messages`];
      await load.run({ baseURL: server.url, headers: HEADERS, concurrency: CONCURRENCY, maxRequests: LIST_THREAD_SIZE, maxSeconds: 600, method: 'POST', paths, body });
      const writeThread = (await call<{ id: string }>(server, 'POST', '/threads', {})).id;
      const page = await call<{ data: { id: string }[] }>(server, 'GET', `/threads/${listThread}/messages?limit=100`);
      setups.set(server, { listThread, writeThread, ids: page.data.map((m) => m.id) });
    }
    setups.set(servers[2]!, setups.get(servers[0]!)!);

    /** Messages ours holds, for the RSS figure. */
    let written = LIST_THREAD_SIZE;
    const round = async (server: Server, scenario: Scenario, seconds: number): Promise<Round> => {
      const cpuBefore = cpuMs(server.child.pid!);
      const result = await load.run({
        baseURL: server.url,
        headers: HEADERS,
        concurrency: CONCURRENCY,
        maxRequests: Number.MAX_SAFE_INTEGER,
        maxSeconds: seconds,
        ...scenario.spec(setups.get(server)!),
      });
      if (result.failures > 0) throw new Error(`${scenario.name}: ${result.failures} failed requests on ${server.name}`);
      if (server === servers[0]) written += result.requests * (scenario.messages ?? 0);
      const perRequestUs = (ms: number) => (ms * 1000) / result.requests;
      return {
        rps: result.requests / result.seconds,
        p50: percentile(result.latencies, 50),
        p99: percentile(result.latencies, 99),
        serverCpuUs: perRequestUs(cpuMs(server.child.pid!) - cpuBefore),
        loadCpuUs: perRequestUs(result.loadCpuMs),
      };
    };

    console.log(
      `\n${'scenario'.padEnd(26)}${'server'.padEnd(9)}${'req/s min / median / max'.padStart(27)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}` +
        `${'server µs/req'.padStart(15)}${'loadgen µs/req'.padStart(16)}`,
    );
    const verdicts: string[] = [];
    for (const scenario of SCENARIOS.filter((s) => ONLY === undefined || s.name.includes(ONLY))) {
      for (const server of servers) await round(server, scenario, 1); // warm-up
      const rounds = new Map<Server, Round[]>(servers.map((server) => [server, []]));
      // Each round a different server goes first, so drift on a shared machine falls on all alike.
      for (let r = 0; r < ROUNDS; r++) {
        for (let k = 0; k < servers.length; k++) {
          const server = servers[(r + k) % servers.length]!;
          rounds.get(server)!.push(await round(server, scenario, ROUND_SECONDS));
        }
      }
      for (const server of servers) {
        const list = rounds.get(server)!;
        const rps = list.map((x) => x.rps).sort((a, b) => a - b);
        console.log(
          `${scenario.name.padEnd(26)}${server.name.padEnd(9)}${`${fmt(rps[0]!)} / ${fmt(median(rps))} / ${fmt(rps.at(-1)!)}`.padStart(27)}` +
            `${fmt(median(list.map((x) => x.p50)), 2).padStart(8)}${fmt(median(list.map((x) => x.p99)), 2).padStart(8)}` +
            `${fmt(median(list.map((x) => x.serverCpuUs))).padStart(15)}${fmt(median(list.map((x) => x.loadCpuUs))).padStart(16)}`,
        );
      }
      const [ours, floor] = [rounds.get(servers[0]!)!, rounds.get(servers[1]!)!];
      const ratio = median(ours.map((x) => x.rps)) / median(floor.map((x) => x.rps));
      const cpuRatio = median(floor.map((x) => x.serverCpuUs)) / median(ours.map((x) => x.serverCpuUs));
      const target = TARGET[scenario.kind];
      verdicts.push(
        `${scenario.name.padEnd(26)}ours/floor: ${fmt(ratio, 2)} by median req/s, ${fmt(cpuRatio, 2)} by server CPU per request · target ≥ ${target} ${mark(ratio >= target)}`,
      );
    }
    console.log(`\n${verdicts.join('\n')}`);

    console.log(
      `\nstart-up, CLI spawn to its listening line: median ${fmt(startup.median)} ms, max ${fmt(startup.max)} ms over 7 starts ` +
        `(first start ${fmt(startup.first)} ms, may include bundling) · target < ${TARGET.startupMs} ms ${mark(startup.median < TARGET.startupMs)}`,
    );
    const oursRss = rssMb(servers[0]!.child.pid!);
    console.log(`RSS of ours after the bench, holding ${fmt(written)} messages: ${fmt(oursRss)} MB · target < ${TARGET.rssMb} MB ${mark(oursRss < TARGET.rssMb)}`);
  } finally {
    load.stop();
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
