// A full run lifecycle (thread + message, run to completion, list messages) per second, through the
// official SDK, in process and over HTTP on loopback. Usage: npx -y pnpm@10.34.8 bench:lifecycle
import OpenAI from 'openai';
import { defineScenarios } from '@assistants-mock/fixtures';
import { createMockServer } from '@assistants-mock/server';
import { measure, printRows, summarise } from './stats.js';

const COUNT = Number(process.env.BENCH_COUNT ?? 2000);
const scenarios = defineScenarios([
  { name: 'answer', script: [{ say: 'The solution to the equation 3x + 11 = 14 is x = 1, because 3 × 1 + 11 = 14.' }] },
]);

async function lifecycles(client: OpenAI, concurrency: number) {
  const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
  const one = async () => {
    const run = await client.beta.threads.createAndRunPoll(
      { assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'Solve 3x + 11 = 14.' }] } },
      { pollIntervalMs: 1 },
    );
    if (run.status !== 'completed') throw new Error(`run ended ${run.status}`);
    const messages = await client.beta.threads.messages.list(run.thread_id);
    if (messages.data.length !== 2) throw new Error('expected two messages');
  };
  await measure(50, concurrency, one); // warm-up
  return measure(COUNT, concurrency, one);
}

const server = createMockServer({ scenarios });
const inProcess = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-bench', fetch: server.fetch, maxRetries: 0 });
const url = await server.listen({ port: 0 });
const overHttp = new OpenAI({ baseURL: url, apiKey: 'sk-bench-http', maxRetries: 0 });

const rows = [];
for (const [label, client, concurrency] of [
  ['in process, 1 at a time', inProcess, 1],
  ['in process, 8 at a time', inProcess, 8],
  ['HTTP, 1 at a time', overHttp, 1],
  ['HTTP, 8 at a time', overHttp, 8],
] as const) {
  const { latencies, elapsed } = await lifecycles(client, concurrency);
  rows.push(summarise(`lifecycle ${label}`, latencies, elapsed));
}
printRows(rows);
await server.close();
