import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseFixtureText } from '@assistants-mock/fixtures';
import { createMockServer } from '@assistants-mock/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_KINDS, longAnswerFixture, type HostileKind, type HostileSizes, type Target } from './helpers/hostile.js';

/**
 * Sized for CI (seconds, not minutes) yet far past every bound: bench/hostile.ts sends the sizes.
 * Before the bounds, each of these held the event loop for 150 ms to seconds (50,000 metadata keys alone
 * took zod about 0.2–0.6 s; the regex, minutes).
 */
const SIZES: HostileSizes = {
  depth: 5_000,
  metadataKeys: 50_000,
  messages: 20_000,
  unmatchedMessageChars: 20_000,
  unmatchedRuns: 10,
  stalledStreams: 3,
  stalledStreamSettleMs: 1_000,
  stalledStreamHoldMs: 1_000,
};
/**
 * The delay is wall-clock time on a machine other processes share: a descheduled process shows delay it
 * did not cause. So each kind gets up to three tries and the best counts: work that really holds the
 * loop (what this test is for) shows in every try.
 */
const TRIES = 3;

const server = createMockServer({ stalledStreamMs: 500, scenarios: parseFixtureText(longAnswerFixture(1_000_000), 'long answer') });
const url = new URL(await server.listen({ port: 0, host: '127.0.0.1' }));
const target: Target = { host: url.hostname, port: Number(url.port), key: 'sk-event-loop' };
afterAll(() => server.close());

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${url.origin}/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${target.key}`, 'openai-beta': 'assistants=v2', 'content-type': 'application/json', ...init.headers },
  });

/** Ordinary clients: create a message and read an assistant, over and over, until told to stop. */
async function ordinaryTraffic(assistantId: string, threadId: string, stop: AbortSignal) {
  const latencies: number[] = [];
  const client = async () => {
    while (!stop.aborted) {
      const started = performance.now();
      const created = await api(`/threads/${threadId}/messages`, { method: 'POST', body: JSON.stringify({ role: 'user', content: 'hello' }) });
      const read = await api(`/assistants/${assistantId}`);
      expect([created.status, read.status]).toEqual([200, 200]);
      await Promise.all([created.arrayBuffer(), read.arrayBuffer()]);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all([client(), client()]);
  return latencies;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;

let assistantId = '';
let threadId = '';
beforeAll(async () => {
  assistantId = ((await (await api('/assistants', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o' }) })).json()) as { id: string }).id;
  threadId = ((await (await api('/threads', { method: 'POST', body: '{}' })).json()) as { id: string }).id;
  // Warm up (JIT, sockets, prepared statements): the first requests of a process are no measure of anything.
  const stop = new AbortController();
  setTimeout(() => stop.abort(), 500);
  await ordinaryTraffic(assistantId, threadId, stop.signal);
});

/** The event loop's p99 delay while ordinary clients keep going, until `until` settles. */
async function loopDelayDuring(until: Promise<unknown>) {
  const stop = new AbortController();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const ordinary = ordinaryTraffic(assistantId, threadId, stop.signal);
  await until;
  stop.abort();
  const latencies = await ordinary;
  delay.disable();
  return { p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6, latencies };
}

/**
 * One hostile request (or batch) served while ordinary clients keep going, against the same traffic
 * alone for as long: the delay the hostile request adds, so a machine busy with other work (which
 * delays both alike) does not count against the server.
 */
async function measure(kind: HostileKind) {
  const send = await kind.prepare(target, SIZES);
  const started = performance.now();
  let answer = '';
  const hostile = await loopDelayDuring(send().then((text) => (answer = text)));
  const elapsed = performance.now() - started;
  const alone = await loopDelayDuring(new Promise((resolve) => setTimeout(resolve, Math.max(200, elapsed))));
  const addedMs = hostile.p99Ms - alone.p99Ms;
  // Printed for the record; only the event-loop delay is asserted, as the issue asks.
  console.log(
    `${kind.item} ${kind.name}: event-loop p99 ${hostile.p99Ms.toFixed(1)} ms (alone ${alone.p99Ms.toFixed(1)} ms), max ${hostile.maxMs.toFixed(1)} ms; ordinary p99 ${percentile(hostile.latencies, 99).toFixed(1)} ms over ${hostile.latencies.length}; answer ${answer.slice(0, 90)}`,
  );
  return { addedMs, answer };
}

describe('hostile requests served alongside ordinary ones', () => {
  it.each(HOSTILE_KINDS.map((kind) => [`${kind.item}: ${kind.name}`, kind] as const))(
    '%s: the event loop stays responsive (adds < 50 ms to the p99 delay of ordinary traffic alone) and the hostile request is answered',
    async (_, kind) => {
      // Once unmeasured: the first run of any code path pays for its compilation, hostile or not.
      await (await kind.prepare(target, SIZES))();
      let best = Infinity;
      for (let attempt = 0; attempt < TRIES && best >= 50; attempt++) {
        const { addedMs, answer } = await measure(kind);
        expect(answer).not.toMatch(/^(5\d\d|connection error|\(no answer\))/);
        best = Math.min(best, addedMs);
      }
      expect(best).toBeLessThan(50);
    },
    60_000,
  );
});
