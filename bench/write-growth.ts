// Whether write throughput holds as the database grows: BENCH_CYCLES (default 5) load cycles of
// BENCH_SECONDS (default 6) s of POST message on 8 connections against one database file, with the
// server's CPU per write and the sizes of the database and its WAL after each cycle.
// Usage: npx -y pnpm@10.34.8 bench:growth
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load.js';
import { cpuMs, startServer } from './processes.js';

const CLI = process.env.BENCH_CLI ?? fileURLToPath(new URL('../packages/mock-server/bin/assistants-mock.mjs', import.meta.url));
const CYCLES = Number(process.env.BENCH_CYCLES ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const HEADERS = { authorization: 'Bearer sk-bench', 'openai-beta': 'assistants=v2' };
const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-growth-'));
const file = join(dir, 'growth.sqlite');
const mb = (path: string) => (existsSync(path) ? statSync(path).size / 1024 / 1024 : 0);

const server = await startServer(process.execPath, [CLI, 'serve', '--port', '0', '--db', file]);
const load = fork(fileURLToPath(new URL('./load-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
await new Promise((resolve) => load.once('message', resolve));
const run = (spec: LoadSpec) =>
  new Promise<LoadResult>((resolve) => {
    load.once('message', (result) => resolve(result as LoadResult));
    load.send(spec);
  });
try {
  const thread = (await (await fetch(`${server.url}/threads`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: '{}' })).json()) as { id: string };
  let total = 0;
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const cpuBefore = cpuMs(server.child.pid!);
    const result = await run({
      baseURL: server.url,
      headers: HEADERS,
      method: 'POST',
      paths: [`/threads/${thread.id}/messages`],
      body: '{"role":"user","content":"growth message {i}"}',
      concurrency: 8,
      maxRequests: Number.MAX_SAFE_INTEGER,
      maxSeconds: SECONDS,
    });
    total += result.requests;
    const p99 = result.latencies[Math.floor(result.latencies.length * 0.99)]!;
    console.log(
      `cycle ${cycle}: ${Math.round(result.requests / result.seconds)} writes/s, server CPU ${Math.round(((cpuMs(server.child.pid!) - cpuBefore) * 1000) / result.requests)} µs/write, ` +
        `p99 ${p99.toFixed(1)} ms · ${total} messages, database ${mb(file).toFixed(1)} MB, WAL ${mb(`${file}-wal`).toFixed(1)} MB`,
    );
  }
} finally {
  load.kill();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
