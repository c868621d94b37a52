import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';

const h = await startHarness({
  scenarios: defineScenarios([
    { name: 'code', match: { message: 'code' }, script: [{ code_interpreter: { input: 'print(1)', logs: '1' } }, { say: '1' }] },
    { name: 'call', match: { message: 'call' }, script: [{ call: { lookup: {} } }, { say: 'ok' }] },
  ]),
});

describe('run steps, as seed notebook 000 printed them', () => {
  // The seeds show only finished steps; a running step is assumed to send the same nulls.
  it('carry metadata null and expires_at null (a field the spec and the SDK type leave out), done or running', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'lookup' } }] });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'code' }] });
    const run = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    const steps = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id })).data;
    expect(steps).toHaveLength(2);
    for (const step of steps) expect(step).toMatchObject({ status: 'completed', metadata: null, expires_at: null, expired_at: null });

    const waiting = await h.client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'call' }] } });
    expect(waiting.status).toBe('requires_action');
    const [pending] = (await h.client.beta.threads.runs.steps.list(waiting.id, { thread_id: waiting.thread_id })).data;
    expect(pending).toMatchObject({ status: 'in_progress', metadata: null, expires_at: null });
  });
});
