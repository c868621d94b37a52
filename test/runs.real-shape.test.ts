import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';

const clock = manualClock();
const h = await startHarness({
  clock,
  scenarios: defineScenarios([
    { name: 'hello', match: { message: 'hello' }, script: [{ say: 'Hi!' }] },
    { name: 'slow-talk', match: { message: 'slow talk' }, script: [{ say: 'one two three', pace: 400_000 }] },
    { name: 'search', match: { message: 'search' }, script: [{ file_search: { query: 'q', results: [{ file_id: 'file-1', text: 'x' }] } }] },
  ]),
});

/** Fields the real run carries that the SDK's Run type does not declare. */
const extra = (run: object) => run as { tool_resources?: unknown; reasoning_effort?: unknown };

describe('run fields the real service sends beyond the spec', () => {
  it('tool_resources is {} and reasoning_effort null, from creation to the end', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'hello' }] });
    const created = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    expect(extra(created)).toMatchObject({ tool_resources: {}, reasoning_effort: null });
    const done = await h.client.beta.threads.runs.retrieve(created.id, { thread_id: thread.id });
    expect(done.status).toBe('completed');
    expect(extra(done)).toMatchObject({ tool_resources: {}, reasoning_effort: null });
  });

  it("reasoning_effort comes from the request, else from the assistant", async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'o3-mini', reasoning_effort: 'high' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'hello' }] });
    const fromAssistant = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(extra(fromAssistant).reasoning_effort).toBe('high');
    const fromRequest = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, reasoning_effort: 'low' });
    expect(extra(fromRequest).reasoning_effort).toBe('low');
  });

  it('a run made with POST /threads/runs carries the tool_resources of that request', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    const tool_resources = { code_interpreter: { file_ids: ['file-abc'] } };
    const run = await h.client.beta.threads.createAndRun({
      assistant_id: assistant.id,
      thread: { messages: [{ role: 'user', content: 'hello' }] },
      tool_resources,
    });
    expect(extra(run).tool_resources).toEqual(tool_resources);
    expect(extra(await h.client.beta.threads.runs.retrieve(run.id, { thread_id: run.thread_id })).tool_resources).toEqual(tool_resources);
  });
});

describe('file_search steps', () => {
  async function searchStep(tool: { type: 'file_search'; file_search?: { ranking_options?: { ranker?: 'auto' | 'default_2024_08_21'; score_threshold: number } } }) {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [tool] });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'search' }] });
    const run = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    const [step] = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id })).data;
    const call = step!.step_details.type === 'tool_calls' ? step!.step_details.tool_calls[0] : undefined;
    return call?.type === 'file_search' ? call.file_search.ranking_options : undefined;
  }

  it("report the run's ranking options, `auto` shown as the ranker it stands for", async () => {
    expect(await searchStep({ type: 'file_search' })).toEqual({ ranker: 'default_2024_08_21', score_threshold: 0 });
    expect(await searchStep({ type: 'file_search', file_search: { ranking_options: { ranker: 'auto', score_threshold: 0.5 } } })).toEqual({
      ranker: 'default_2024_08_21',
      score_threshold: 0.5,
    });
  });
});

describe('a run that expires while writing a message', () => {
  it('leaves the message incomplete (run_expired) and the step expired', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'slow talk' }] });
    const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    expect((await h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id })).status).toBe('in_progress');
    clock.advance(700_000);
    const expired = await h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
    expect(expired).toMatchObject({ status: 'expired', expires_at: run.expires_at });
    const [message] = (await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
    expect(message).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'run_expired' },
      incomplete_at: run.expires_at,
      content: [{ type: 'text', text: { value: 'one two' } }],
    });
    const [step] = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id })).data;
    expect(step).toMatchObject({ status: 'expired', expired_at: run.expires_at });
  });
});
