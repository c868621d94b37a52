/**
 * Issue #10's hostile requests at the issue's sizes, each sent to a fresh server process while a probe
 * client reads an assistant every few milliseconds. Prints, per kind: what the server answered and how
 * fast, the probe's p99 and worst latency meanwhile (how long everyone else waited), and the server's
 * RSS before, after, and once the hostile connections are gone; and the size of the unmatched-run journal.
 *
 *   npx tsx bench/hostile.ts [--root DIR] [--only NAME] [--quick]
 *
 * `--root` runs the CLI of another checkout (a worktree of an older commit, for before/after figures);
 * `--quick` uses a tenth of the sizes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HOSTILE_KINDS, longAnswerFixture, type HostileSizes, type Target } from '../test/helpers/hostile.js';
import { rssMb, startServer } from './processes.js';
import { summarise } from './stats.js';

const { values } = parseArgs({
  options: { root: { type: 'string', default: '.' }, only: { type: 'string' }, quick: { type: 'boolean', default: false } },
});
const scale = values.quick ? 0.1 : 1;
const SIZES: HostileSizes = {
  depth: 5_000,
  metadataKeys: Math.round(1_000_000 * scale),
  messages: Math.round(300_000 * scale),
  unmatchedMessageChars: 1_000_000,
  unmatchedRuns: Math.round(100 * scale),
  stalledStreams: Math.round(20 * scale),
  stalledStreamSettleMs: 20_000 * scale,
  // Past the 30 s after which a stalled client is dropped.
  stalledStreamHoldMs: values.quick ? 3_000 : 35_000,
};
/** More than the 4 MB a socket's buffers take, in 500 KB deltas: each delta rewrites the stored message, so more would time the engine, not the stall. */
const LONG_ANSWER_CHARS = 6_000_000 * scale;

const root = resolve(values.root);
const fixtures = join(mkdtempSync(join(tmpdir(), 'hostile-')), 'long.yaml');
writeFileSync(fixtures, longAnswerFixture(LONG_ANSWER_CHARS, 500_000));

/** Reads one assistant in a loop until stopped: the latency every other client sees. */
async function probe(url: string, assistantId: string, stop: AbortSignal, failures: string[] = []): Promise<number[]> {
  const latencies: number[] = [];
  while (!stop.aborted) {
    const started = performance.now();
    try {
      const response = await fetch(`${url}/assistants/${assistantId}`, { headers: { authorization: 'Bearer sk-probe', 'openai-beta': 'assistants=v2' } });
      await response.arrayBuffer();
      if (response.status !== 200) failures.push(String(response.status));
    } catch (error) {
      failures.push((error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message);
    }
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return latencies;
}

console.log(`server: ${root}; sizes: ${JSON.stringify(SIZES)}; long answer ${LONG_ANSWER_CHARS} chars`);
console.log('item | kind | answer | answered in | probe p99 / max while it ran | RSS before → after → connections closed | journal');
for (const kind of HOSTILE_KINDS.filter((k) => values.only === undefined || k.name.includes(values.only))) {
  const server = await startServer('node', [join(root, 'packages/mock-server/bin/assistants-mock.mjs'), 'serve', '--port', '0', '--db', ':memory:', '--fixtures', fixtures]);
  const url = new URL(server.url);
  const target: Target = { host: url.hostname, port: Number(url.port), key: 'sk-hostile' };
  const created = await fetch(`${server.url}/assistants`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-probe', 'openai-beta': 'assistants=v2', 'content-type': 'application/json' },
    body: '{"model":"gpt-4o"}',
  });
  const assistantId = ((await created.json()) as { id: string }).id;
  const send = await kind.prepare(target, SIZES);
  await probe(server.url, assistantId, AbortSignal.timeout(200));
  const before = rssMb(server.child.pid!);
  const stop = new AbortController();
  const probeFailures: string[] = [];
  const probing = probe(server.url, assistantId, stop.signal, probeFailures);
  const started = performance.now();
  const answer = await send();
  const answeredMs = performance.now() - started;
  const after = rssMb(server.child.pid!);
  stop.abort();
  const latencies = await probing;
  // Let the server notice closed connections and collect what they held.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const settled = rssMb(server.child.pid!);
  const journalText = await fetch(`${url.origin}/__assistants_mock/journal`, { headers: { authorization: `Bearer ${target.key}` } }).then(
    async (journal) => `journal ${journal.status} ${((await journal.arrayBuffer()).byteLength / 1024).toFixed(0)} KB`,
    (error: Error) => `journal: ${error.message}`,
  );
  const failed = probeFailures.length === 0 ? '' : ` (${probeFailures.length} failed: ${[...new Set(probeFailures)].join(', ')})`;
  const { p99 } = summarise(kind.name, latencies, answeredMs);
  const worst = Math.max(...latencies);
  console.log(
    `${kind.item} | ${kind.name} | ${answer.replace(/\s+/g, ' ').slice(0, 70)} | ${(answeredMs / 1000).toFixed(2)} s | ${p99.toFixed(0)} / ${worst.toFixed(0)} ms (${latencies.length} reads${failed}) | ${before.toFixed(0)} → ${after.toFixed(0)} → ${settled.toFixed(0)} MB | ${journalText}`,
  );
  await server.stop();
}
