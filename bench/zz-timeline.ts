// Scratch: where the time to first delta goes through the server (in this process, upstream on a socket).
import OpenAI from 'openai';
import { createMockServer } from '@assistants-mock/server';
import { fakeUpstream } from '../test/helpers/fake-upstream.js';
const fake = fakeUpstream();
const upstreamURL = await fake.listen();
const answer = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
fake.fallback(() => ({ text: answer }));
const server = createMockServer({ upstream: { baseURL: upstreamURL, liveOnly: true } });
const baseURL = await server.listen({ port: 0 });
const client = new OpenAI({ baseURL, apiKey: 'sk-x', maxRetries: 0 });
const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
const T = (globalThis as any).__T = [] as [string, number][];
const firsts: number[] = [];
for (let i = 0; i < 60; i++) {
  T.length = 0;
  const started = performance.now();
  T.push(['start', started]);
  let first = NaN;
  const stream = client.beta.threads.createAndRunStream({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'Write.' }] } });
  stream.on('event', (e) => T.push(['client:' + e.event, performance.now()]));
  stream.on('textDelta', () => { if (Number.isNaN(first)) { first = performance.now() - started; T.push(['client first delta', performance.now()]); } });
  await stream.finalRun();
  if (i >= 10) firsts.push(first);
  if (i === 59 || i === 30) {
    const seen = new Set<string>();
    console.log(T.filter(([k]) => (seen.has(k) ? false : (seen.add(k), true))).map(([k, t]) => `${(t - started).toFixed(2).padStart(8)} ${k}`).join('\n'));
  }
}
firsts.sort((a, b) => a - b);
console.log('first delta p50', firsts[firsts.length >> 1]!.toFixed(2));
await server.close(); await fake.close();
