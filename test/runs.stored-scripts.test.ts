import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { createMockServer, manualClock } from '@assistants-mock/server';

const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-scripts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const words = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');
const ANSWER = words(500, 'first');
const paced = (say: string) => defineScenarios([{ name: 'long', match: { message: 'long' }, script: [{ say, pace: 100 }] }]);

function boot(clock: ReturnType<typeof manualClock>, scenarios: ReturnType<typeof paced>) {
  const server = createMockServer({ db: join(dir, 'mock.sqlite'), clock, scenarios });
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-scripts', fetch: server.fetch, maxRetries: 0 });
  return { server, beta: client.beta };
}

const textOf = (message: OpenAI.Beta.Threads.Message | undefined) => (message?.content[0]?.type === 'text' ? message.content[0].text.value : '');

describe("a loaded scenario's script", () => {
  it('is stored once for all its runs, a message it gives word for word by reference, and plays the same after a restart with other fixtures', async () => {
    const clock = manualClock();
    const first = boot(clock, paced(ANSWER));
    const assistant = await first.beta.assistants.create({ model: 'gpt-4o' });
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await first.beta.threads.createAndRun({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'long' }] } }));
    clock.advance(1000);
    const [run] = runs;
    const midway = (await first.beta.threads.messages.list(run!.thread_id)).data[0];
    expect(textOf(midway)).toBe(words(11, 'first'));
    const db = first.server.store.db;
    expect(db.prepare('SELECT count(*) FROM scripts').pluck().get()).toBe(1);
    const stored = db.prepare('SELECT length(start) + length(content) FROM run_progress WHERE run_id = ?').pluck().get(run!.id) as number;
    expect(stored).toBeLessThan(ANSWER.length / 4);
    await first.server.close();

    // The fixture now says something else: the run under way still plays the words it started with.
    const second = boot(clock, paced(words(500, 'second')));
    clock.advance(100 * 500);
    const done = await second.beta.threads.runs.retrieve(run!.id, { thread_id: run!.thread_id });
    expect(done.status).toBe('completed');
    expect(textOf((await second.beta.threads.messages.list(run!.thread_id)).data[0])).toBe(ANSWER);
    const fresh = await second.beta.threads.createAndRun({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'long' }] } });
    clock.advance(100 * 500);
    await second.beta.threads.runs.retrieve(fresh.id, { thread_id: fresh.thread_id });
    expect(textOf((await second.beta.threads.messages.list(fresh.thread_id)).data[0])).toBe(words(500, 'second'));
    await second.server.close();
  });

  it('of an override is kept with the run itself (overrides are gone after a restart)', async () => {
    const clock = manualClock();
    const server = createMockServer({ clock });
    server.useFor('sk-override', { name: 'override', match: { message: 'long' }, script: [{ say: ANSWER }] });
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-override', fetch: server.fetch, maxRetries: 0 });
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    const run = await client.beta.threads.createAndRun({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'long' }] } });
    const db = server.store.db;
    expect(db.prepare('SELECT count(*) FROM scripts').pluck().get()).toBe(0);
    expect(db.prepare('SELECT start FROM run_progress WHERE run_id = ?').pluck().get(run.id)).toContain(ANSWER);
    await server.close();
  });
});
