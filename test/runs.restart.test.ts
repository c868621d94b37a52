import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { createMockServer, manualClock } from '@assistants-mock/server';

const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenarios = defineScenarios([
  { name: 'call', match: { message: 'call' }, script: [{ call: { lookup: {} } }, { say: 'got {{outputs.lookup}}' }] },
  { name: 'slow', match: { message: 'slow' }, script: [{ say: 'half way', delay: 1000 }, { say: 'finished', delay: 1000 }] },
]);
const tools = [{ type: 'function' as const, function: { name: 'lookup' } }];

function boot(clock: ReturnType<typeof manualClock>) {
  const server = createMockServer({ db: join(dir, 'mock.sqlite'), clock, scenarios });
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-restart', fetch: server.fetch, maxRetries: 0 });
  return { server, beta: client.beta };
}

describe('a restart on the same SQLite file in the middle of runs', () => {
  it('keeps a run waiting for outputs, and finishes a run that was in progress', async () => {
    const clock = manualClock();
    const first = boot(clock);
    const assistant = await first.beta.assistants.create({ model: 'gpt-4o', tools });
    const waitingThread = await first.beta.threads.create({ messages: [{ role: 'user', content: 'call' }] });
    const waiting = await first.beta.threads.runs.createAndPoll(waitingThread.id, { assistant_id: assistant.id });
    expect(waiting.status).toBe('requires_action');
    const busyThread = await first.beta.threads.create({ messages: [{ role: 'user', content: 'slow' }] });
    const busy = await first.beta.threads.runs.create(busyThread.id, { assistant_id: assistant.id });
    clock.advance(1000);
    expect((await first.beta.threads.runs.retrieve(busy.id, { thread_id: busyThread.id })).status).toBe('in_progress');
    await first.server.close();

    const second = boot(clock);
    const still = await second.beta.threads.runs.retrieve(waiting.id, { thread_id: waitingThread.id });
    expect(still).toEqual(waiting);
    const done = await second.beta.threads.runs.submitToolOutputsAndPoll(waiting.id, {
      thread_id: waitingThread.id,
      tool_outputs: [{ tool_call_id: still.required_action!.submit_tool_outputs.tool_calls[0]!.id, output: 'it' }],
    });
    expect(done.status).toBe('completed');
    const readBusy = () => second.beta.threads.runs.retrieve(busy.id, { thread_id: busyThread.id });
    // The run was started at T+1000 and its steps are due at T+2000 and T+3000, whoever reads it when.
    clock.advance(1000);
    expect((await readBusy()).status).toBe('completed');
    const texts = (await second.beta.threads.messages.list(busyThread.id, { order: 'asc' })).data.map((m) =>
      m.content[0]?.type === 'text' ? m.content[0].text.value : '',
    );
    expect(texts).toEqual(['slow', 'half way', 'finished']);
    await second.server.close();
  });
});
