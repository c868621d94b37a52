/**
 * What the inspector costs. First, the API's run lifecycles (thread + message, run to completion, list
 * messages, in process) with the status history recorded and with its recording switched off, in
 * alternating rounds in one process so the machine's load falls on both alike. Then the page's load on loopback, from the CLI as users start it: the first load of a new server
 * (the page's sources compiled on that request, or read from the cache a previous compile left), then loads with the assets compiled (p50/p99), each the page and
 * its script and styles fetched as a browser does (the page, then both assets at once).
 */
import OpenAI from 'openai';
import { defineScenarios } from '@assistants-mock/fixtures';
import { createMockServer } from '@assistants-mock/server';
import { measure, printRows, summarise } from './stats.js';
import { startServer } from './processes.js';

const ROUNDS = 10;
const PER_ROUND = Number(process.env.BENCH_COUNT ?? 200);

async function historyCost() {
  const mock = createMockServer({ scenarios: defineScenarios([{ name: 'answer', script: [{ say: 'x = 1, because 3 × 1 + 11 = 14.' }] }]) });
  const client = new OpenAI({ baseURL: mock.baseURL, apiKey: 'sk-bench', fetch: mock.fetch, maxRetries: 0 });
  const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
  const lifecycle = async () => {
    const run = await client.beta.threads.createAndRunPoll(
      { assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'Solve 3x + 11 = 14.' }] } },
      { pollIntervalMs: 1 },
    );
    await client.beta.threads.messages.list(run.thread_id);
  };
  const history = mock.store.runHistory;
  const record = history.record.bind(history);
  const latencies = { recorded: [] as number[], off: [] as number[] };
  const elapsed = { recorded: 0, off: 0 };
  await measure(100, 1, lifecycle); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const arm of ['recorded', 'off'] as const) {
      history.record = arm === 'recorded' ? record : () => undefined;
      const result = await measure(PER_ROUND, 1, lifecycle);
      latencies[arm].push(...result.latencies);
      elapsed[arm] += result.elapsed;
    }
  }
  await mock.close();
  return [summarise('lifecycle, status history recorded', latencies.recorded, elapsed.recorded), summarise('lifecycle, recording off', latencies.off, elapsed.off)];
}

printRows(await historyCost());

const server = await startServer('node', ['packages/mock-server/bin/assistants-mock.mjs', 'serve', '--port', '0', '--db', ':memory:']);
const origin = new URL(server.url).origin;

async function loadPage(): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const page = await fetch(`${origin}/__assistants_mock/`);
  let bytes = (await page.arrayBuffer()).byteLength;
  const assets = await Promise.all(['app.js', 'app.css'].map((name) => fetch(`${origin}/__assistants_mock/assets/${name}`)));
  for (const asset of assets) {
    if (!asset.ok) throw new Error(`${asset.url}: ${asset.status}`);
    bytes += (await asset.arrayBuffer()).byteLength;
  }
  return { ms: performance.now() - started, bytes };
}

try {
  const first = await loadPage();
  const rounds: number[] = [];
  const started = performance.now();
  for (let i = 0; i < 200; i++) rounds.push((await loadPage()).ms);
  printRows([summarise('first load in a new server (compiled, or from the cache)', [first.ms], first.ms), summarise('later loads', rounds, performance.now() - started)]);
  console.log(`page + script + styles: ${(first.bytes / 1024).toFixed(1)} KiB`);
} finally {
  await server.stop();
}
