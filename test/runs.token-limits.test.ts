import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { eventNames, record } from './helpers/assistant-stream.js';

// Token counts are the mock's deterministic ones: four code points a token, rounded up.
const LONG = 'word '.repeat(400); // 500 tokens
const clock = manualClock();
const h = await startHarness({
  clock,
  scenarios: defineScenarios([
    { name: 'long', match: { message: 'long' }, script: [{ say: LONG }] },
    { name: 'two', match: { message: 'two' }, script: [{ say: 'a '.repeat(300) }, { say: 'b '.repeat(300) }] },
    { name: 'exact', match: { message: 'exact' }, script: [{ say: 'a'.repeat(1024) }, { say: 'more' }] },
    { name: 'big-call', match: { message: 'big call' }, script: [{ call: { lookup: { q: 'z'.repeat(1100) } } }, { say: 'never' }] },
    { name: 'single', match: { message: 'single' }, script: [{ say: 'ok' }] },
    { name: 'turns', match: { message: 'turns' }, script: [{ call: { lookup: { q: 'x' } } }, { say: 'done' }] },
  ]),
});

const lookup = { type: 'function' as const, function: { name: 'lookup' } };
const now = () => Math.floor(clock.now() / 1000);
const usage = (prompt_tokens: number, completion_tokens: number) => ({
  prompt_tokens,
  completion_tokens,
  total_tokens: prompt_tokens + completion_tokens,
  prompt_token_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
});

async function run(messages: string[], options: Record<string, unknown>) {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [lookup] });
  const thread = await h.client.beta.threads.create({ messages: messages.map((content) => ({ role: 'user' as const, content })) });
  const finished = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, ...options });
  const messagesOfRun = (await h.client.beta.threads.messages.list(thread.id, { run_id: finished.id, order: 'asc' })).data;
  const steps = (await h.client.beta.threads.runs.steps.list(finished.id, { thread_id: thread.id, order: 'asc' })).data;
  return { thread, run: finished, messages: messagesOfRun, steps };
}

const textOf = (message: { content: { type: string; text?: { value: string } }[] }) => message.content[0]?.text?.value;

describe('max_completion_tokens', () => {
  it('cuts the message where the budget ends: the message ends incomplete (max_tokens), the run incomplete', async () => {
    const { run: ended, messages, steps } = await run(['long'], { max_completion_tokens: 256 });
    expect(ended).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_completion_tokens' },
      usage: usage(1, 256),
      max_completion_tokens: 256,
      expires_at: null,
      completed_at: null,
      failed_at: null,
      last_error: null,
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_tokens' },
      incomplete_at: now(),
      completed_at: null,
    });
    expect(textOf(messages[0]!)).toBe(LONG.slice(0, 1024));
    expect(steps.map((s) => [s.type, s.status, s.usage])).toEqual([['message_creation', 'completed', usage(1, 256)]]);
  });

  it('a stream ends with thread.message.incomplete, thread.run.step.completed, thread.run.incomplete', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'long' }] });
    const stream = h.client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id, max_completion_tokens: 256 });
    const recording = record(stream);
    const final = await stream.finalRun();
    expect(final).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' } });
    expect(eventNames(recording).slice(-3)).toEqual(['thread.message.incomplete', 'thread.run.step.completed', 'thread.run.incomplete']);
    const [message] = (await h.client.beta.threads.messages.list(thread.id, { run_id: final.id })).data;
    expect(recording.events.find((e) => e.event === 'thread.message.incomplete')?.data).toEqual(message);
  });

  it('counts over the whole run: a later message gets what earlier steps left', async () => {
    const { run: ended, messages } = await run(['two'], { max_completion_tokens: 256 });
    expect(ended).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' }, usage: usage(2, 256) });
    expect(messages.map((m) => [m.status, m.incomplete_details, textOf(m)])).toEqual([
      ['completed', null, 'a '.repeat(300)],
      ['incomplete', { reason: 'max_tokens' }, 'b '.repeat(300).slice(0, 424)],
    ]);
  });

  it('a budget used up exactly ends the run before its next turn, leaving the last message complete', async () => {
    const { run: ended, messages } = await run(['exact'], { max_completion_tokens: 256 });
    expect(ended).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' }, usage: usage(2, 256) });
    expect(messages.map((m) => m.status)).toEqual(['completed']);
  });

  it('a tool call longer than the budget is never made', async () => {
    const { run: ended, steps } = await run(['big call'], { max_completion_tokens: 256 });
    expect(ended).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' }, usage: usage(2, 0), required_action: null });
    expect(steps).toEqual([]);
  });

  it('a run within its budget completes as usual', async () => {
    const { run: ended } = await run(['long'], { max_completion_tokens: 500 });
    expect(ended).toMatchObject({ status: 'completed', incomplete_details: null, usage: usage(1, 500) });
  });
});

describe('max_prompt_tokens', () => {
  const BIG = 'p'.repeat(1200); // 300 tokens

  it('with truncation auto, one turn sends at most max_prompt_tokens', async () => {
    const { run: ended } = await run([`single ${BIG}`], { max_prompt_tokens: 256 });
    expect(ended).toMatchObject({ status: 'completed', usage: usage(256, 1) });
  });

  it('counts over the run: the turn that would go past it ends the run incomplete', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [lookup] });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: `turns ${BIG}` }] });
    const waiting = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, max_prompt_tokens: 256 });
    expect(waiting.status).toBe('requires_action');
    const [call] = waiting.required_action!.submit_tool_outputs.tool_calls;
    const ended = await h.client.beta.threads.runs.submitToolOutputsAndPoll(waiting.id, {
      thread_id: thread.id,
      tool_outputs: [{ tool_call_id: call!.id, output: 'ok' }],
    });
    expect(ended).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_prompt_tokens' }, usage: usage(256, 3), expires_at: null });
    expect((await h.client.beta.threads.messages.list(thread.id, { run_id: ended.id })).data).toEqual([]);
  });

  it('with truncation last_messages, a prompt over the limit ends the run before its first turn', async () => {
    const { run: ended, steps } = await run([`single ${BIG}`], {
      max_prompt_tokens: 256,
      truncation_strategy: { type: 'last_messages', last_messages: 1 },
    });
    expect(ended).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_prompt_tokens' }, usage: usage(302, 0) });
    expect(steps).toEqual([]);
  });
});

describe('truncation_strategy last_messages', () => {
  it('sends only the newest messages, which the usage shows', async () => {
    const all = await run([BIG_OLD, 'single'], {});
    expect(all.run.usage).toEqual(usage(302, 1));
    const newest = await run([BIG_OLD, 'single'], { truncation_strategy: { type: 'last_messages', last_messages: 1 } });
    expect(newest.run.usage).toEqual(usage(2, 1));
  });
});

const BIG_OLD = 'o'.repeat(1200);
