import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startLiveHarness, textOf } from './helpers/live-harness.js';

const UPSTREAM_KEY = 'sk-UPSTREAM-RECOGNISABLE-77e1c0';
const work = mkdtempSync(join(tmpdir(), 'record-live-'));
const dir = join(work, 'recorded');
const db = join(work, 'mock.sqlite');
const h = await startLiveHarness({ db, record: { dir }, upstream: { apiKey: UPSTREAM_KEY } });
const allDir = join(work, 'rerecorded');
const all = await startLiveHarness({ record: { dir: allDir, mode: 'all' }, scenarios: defineScenarios([{ name: 'old answer', script: [{ say: 'The old recording.' }] }]) });

describe('--record on a live server', () => {
  it('records the live run as a scenario, and no byte of the upstream key in the SQLite file or the recordings', async () => {
    const assistant = await h.client.beta.assistants.create({ name: 'Live Tutor', model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'Say hello.' }] });
    h.upstream.reply({ text: 'Hello from the model.', usage: { prompt_tokens: 12, completion_tokens: 5 } });
    const run = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(run.status).toBe('completed');
    expect(run.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5 });
    expect(textOf((await h.client.beta.threads.messages.list(thread.id)).data[0]!)).toBe('Hello from the model.');
    expect(readFileSync(join(dir, 'Live Tutor.yaml'), 'utf8')).toContain('say: Hello from the model.');
    const files = [db, `${db}-wal`, ...(existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [])].filter((file) => existsSync(file));
    const bytes = Buffer.concat(files.map((file) => readFileSync(file)));
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(UPSTREAM_KEY)).toBe(false);
    expect(bytes.includes('RECOGNISABLE')).toBe(false);
  });

  it('the same question again replays the new recording instead of asking the model', async () => {
    const assistant = (await h.client.beta.assistants.list()).data.find((a) => a.name === 'Live Tutor')!;
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'Say hello.' }] });
    const run = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(run.status).toBe('completed');
    expect(h.upstream.requests).toHaveLength(0);
    expect(textOf((await h.client.beta.threads.messages.list(thread.id)).data[0]!)).toBe('Hello from the model.');
  });

  it('--record-all turns hybrid matching off: a run a scenario matches goes live and is recorded again, in front', async () => {
    const assistant = await all.client.beta.assistants.create({ name: 'Again', model: 'gpt-4o' });
    const thread = await all.client.beta.threads.create({ messages: [{ role: 'user', content: 'Say hello.' }] });
    all.upstream.reply({ text: 'The new answer.' });
    await all.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(all.upstream.requests).toHaveLength(1);
    expect(textOf((await all.client.beta.threads.messages.list(thread.id)).data[0]!)).toBe('The new answer.');
    expect(readFileSync(join(allDir, 'Again.yaml'), 'utf8')).toContain('say: The new answer.');
  });
});
