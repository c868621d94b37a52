// Streaming a long answer: time to the first text delta and events per second, read raw (fetch +
// SSE framing) and through the SDK's AssistantStream, in process and over HTTP on loopback.
// Usage: npx -y pnpm@10.34.8 bench:streaming   (BENCH_WORDS, BENCH_RUNS to change the size)
import OpenAI from 'openai';
import { defineScenarios } from '@assistants-mock/fixtures';
import { createMockServer } from '@assistants-mock/server';

const WORDS = Number(process.env.BENCH_WORDS ?? 4000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const answer = Array.from({ length: WORDS }, (_, i) => `word${i}`).join(' ');
const scenarios = defineScenarios([{ name: 'long-answer', script: [{ say: answer }] }]);

interface Sample {
  firstDeltaMs: number;
  totalMs: number;
  events: number;
}

type Streamer = (assistantId: string) => Promise<Sample>;

/** POST /threads/runs with `stream: true`, counting SSE frames as the bytes arrive. */
function rawStreamer(fetchFn: typeof fetch, baseURL: string, apiKey: string): Streamer {
  return async (assistantId) => {
    const started = performance.now();
    const response = await fetchFn(`${baseURL}/threads/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'OpenAI-Beta': 'assistants=v2' },
      body: JSON.stringify({ assistant_id: assistantId, stream: true, thread: { messages: [{ role: 'user', content: 'Write a lot.' }] } }),
    });
    let firstDeltaMs = NaN;
    let events = 0;
    let pending = '';
    for await (const text of response.body!.pipeThrough(new TextDecoderStream()) as unknown as AsyncIterable<string>) {
      pending += text;
      for (let end = pending.indexOf('\n\n'); end !== -1; end = pending.indexOf('\n\n')) {
        if (Number.isNaN(firstDeltaMs) && pending.startsWith('event: thread.message.delta')) firstDeltaMs = performance.now() - started;
        pending = pending.slice(end + 2);
        events++;
      }
    }
    return { firstDeltaMs, totalMs: performance.now() - started, events };
  };
}

/** The same run through `threads.createAndRunStream`, as an application would read it. */
function sdkStreamer(client: OpenAI): Streamer {
  return async (assistantId) => {
    const started = performance.now();
    let firstDeltaMs = NaN;
    let events = 0;
    const stream = client.beta.threads.createAndRunStream({
      assistant_id: assistantId,
      thread: { messages: [{ role: 'user', content: 'Write a lot.' }] },
    });
    stream.on('textDelta', () => {
      if (Number.isNaN(firstDeltaMs)) firstDeltaMs = performance.now() - started;
    });
    stream.on('event', () => events++);
    const run = await stream.finalRun();
    if (run.status !== 'completed') throw new Error(`run ended ${run.status}`);
    return { firstDeltaMs, totalMs: performance.now() - started, events };
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function bench(label: string, client: OpenAI, streamer: Streamer) {
  const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
  for (let i = 0; i < 3; i++) await streamer(assistant.id); // warm-up
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await streamer(assistant.id));
  const events = samples[0]!.events;
  return {
    what: label,
    runs: samples.length,
    'events/run': events,
    'first delta p50 ms': median(samples.map((s) => s.firstDeltaMs)).toFixed(2),
    'whole stream p50 ms': median(samples.map((s) => s.totalMs)).toFixed(2),
    'events/s p50': Math.round(median(samples.map((s) => (s.events / s.totalMs) * 1000))),
  };
}

const server = createMockServer({ scenarios });
const url = await server.listen({ port: 0 });
const inProcess = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-bench', fetch: server.fetch, maxRetries: 0 });
const overHttp = new OpenAI({ baseURL: url, apiKey: 'sk-bench-http', maxRetries: 0 });

console.log(`A ${WORDS}-word answer (${WORDS} text deltas), ${RUNS} runs each, pace 0 (as fast as the socket allows).`);
console.table([
  await bench('in process, raw SSE', inProcess, rawStreamer(server.fetch, server.baseURL, 'sk-bench')),
  await bench('in process, AssistantStream', inProcess, sdkStreamer(inProcess)),
  await bench('HTTP, raw SSE', overHttp, rawStreamer(fetch, url, 'sk-bench-http')),
  await bench('HTTP, AssistantStream', overHttp, sdkStreamer(overHttp)),
]);
await server.close();
