import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const clock = manualClock();
const h = await startHarness({
  clock,
  scenarios: defineScenarios([
    { name: 'slow', match: { message: 'slow' }, queued: 1000, script: [{ say: 'first', delay: 5000 }, { say: 'second' }] },
    { name: 'call', match: { message: 'call' }, script: [{ call: { lookup: { q: 'x' } } }, { say: 'done: {{outputs.lookup}}' }] },
    {
      name: 'parallel',
      match: { message: 'parallel' },
      script: [{ call: [{ lookup: { q: 'a' } }, { lookup: { q: 'b' } }] }, { say: '{{outputs}}' }],
    },
    { name: 'paced', match: { message: 'paced' }, script: [{ say: 'one two three', pace: 1000 }] },
    { name: 'fail', match: { message: 'fail' }, script: [{ say: 'trying' }, { fail: { code: 'rate_limit_exceeded', message: 'Slow down.' } }] },
    { name: 'incomplete', match: { message: 'incomplete' }, script: [{ say: 'a long answer' }, { incomplete: 'max_completion_tokens' }] },
    { name: 'undeclared', match: { message: 'undeclared' }, script: [{ call: { not_a_tool: {} } }] },
  ]),
});

const lookup = { type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } };

async function runOn(text: string) {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [lookup] });
  const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: text }] });
  const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
  const read = () => h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
  return { assistant, thread, run, read };
}

describe('cancelling', () => {
  it('from queued: cancelling, then cancelled on the next read', async () => {
    const { run, thread, read } = await runOn('slow');
    const cancelling = await h.client.beta.threads.runs.cancel(run.id, { thread_id: thread.id });
    expect(cancelling.status).toBe('cancelling');
    const cancelled = await read();
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled_at: Math.floor(clock.now() / 1000), expires_at: null });
    expect(cancelled.usage).not.toBeNull();
  });

  it('from in_progress: the step under way is cancelled and its message left incomplete', async () => {
    const { run, thread, read } = await runOn('paced');
    expect((await read()).status).toBe('in_progress');
    const [partial] = (await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
    expect(partial).toMatchObject({ status: 'in_progress', content: [{ type: 'text', text: { value: 'one' } }] });
    expect((await h.client.beta.threads.runs.cancel(run.id, { thread_id: thread.id })).status).toBe('cancelling');
    expect(await read()).toMatchObject({ status: 'cancelled', cancelled_at: Math.floor(clock.now() / 1000) });
    const [message] = (await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
    expect(message).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'run_cancelled' },
      incomplete_at: Math.floor(clock.now() / 1000),
      content: [{ type: 'text', text: { value: 'one' } }],
    });
    const [step] = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id })).data;
    expect(step).toMatchObject({ status: 'cancelled', cancelled_at: Math.floor(clock.now() / 1000) });
  });

  it('from requires_action; the waiting step ends cancelled', async () => {
    const { run, thread, read } = await runOn('call');
    expect((await read()).status).toBe('requires_action');
    expect((await h.client.beta.threads.runs.cancel(run.id, { thread_id: thread.id })).status).toBe('cancelling');
    expect((await read()).status).toBe('cancelled');
    const steps = await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id });
    expect(steps.data.map((s) => s.status)).toEqual(['cancelled']);
  });

  it('a finished run cannot be cancelled', async () => {
    const { run, thread, read } = await runOn('fail');
    expect((await read()).status).toBe('failed');
    const error = await apiError(h.client.beta.threads.runs.cancel(run.id, { thread_id: thread.id }));
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ message: "Cannot cancel run with status 'failed'.", type: 'invalid_request_error', param: null, code: null });
  });
});

describe('submitting tool outputs', () => {
  it('all outputs must come in one request, naming the expected and received ids', async () => {
    const { run, thread, read } = await runOn('parallel');
    const waiting = await read();
    const [a, b] = waiting.required_action!.submit_tool_outputs.tool_calls.map((c) => c.id);
    const partial = await apiError(
      h.client.beta.threads.runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: a!, output: '1' }] }),
    );
    expect(partial.status).toBe(400);
    expect(partial.body.message).toBe(`Expected tool outputs for call_ids ['${a}', '${b}'], got ['${a}']`);
    const duplicate = await apiError(
      h.client.beta.threads.runs.submitToolOutputs(run.id, {
        thread_id: thread.id,
        tool_outputs: [{ tool_call_id: a!, output: '1' }, { tool_call_id: a!, output: '2' }],
      }),
    );
    expect(duplicate.body.message).toBe(`Expected tool outputs for call_ids ['${a}', '${b}'], got ['${a}', '${a}']`);
    const unknown = await apiError(
      h.client.beta.threads.runs.submitToolOutputs(run.id, {
        thread_id: thread.id,
        tool_outputs: [{ tool_call_id: a!, output: '1' }, { tool_call_id: 'call_nope', output: '2' }],
      }),
    );
    expect(unknown.body.message).toBe(`Expected tool outputs for call_ids ['${a}', '${b}'], got ['${a}', 'call_nope']`);
    expect((await read()).status).toBe('requires_action');
    const resumed = await h.client.beta.threads.runs.submitToolOutputs(run.id, {
      thread_id: thread.id,
      tool_outputs: [{ tool_call_id: b!, output: 'B' }, { tool_call_id: a!, output: 'A' }],
    });
    expect(resumed).toMatchObject({ status: 'queued', required_action: null });
    expect((await read()).status).toBe('completed');
    const [answer] = (await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
    expect(answer?.content[0]).toMatchObject({ text: { value: 'B\nA' } });
  });

  it('is refused outside requires_action', async () => {
    const { run, thread, read } = await runOn('slow');
    const early = await apiError(
      h.client.beta.threads.runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [] }),
    );
    expect(early.body.message).toBe('Runs in status "queued" do not accept tool outputs.');
    await h.client.beta.threads.runs.cancel(run.id, { thread_id: thread.id });
    await read();
  });

  it('two concurrent submissions: exactly one wins', async () => {
    const { run, thread, read } = await runOn('call');
    const [call] = (await read()).required_action!.submit_tool_outputs.tool_calls;
    const submit = (output: string) =>
      h.client.beta.threads.runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: call!.id, output }] });
    const results = await Promise.allSettled([submit('one'), submit('two'), submit('three')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.status)).toEqual([400, 400]);
    const steps = await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' });
    const fn = steps.data[0]!.step_details;
    expect(fn.type === 'tool_calls' && fn.tool_calls[0]?.type === 'function' && fn.tool_calls[0].function.output).toMatch(/^(one|two|three)$/);
  });

  it('stores the outputs on the function calls of the step', async () => {
    const { run, thread, read } = await runOn('call');
    const [call] = (await read()).required_action!.submit_tool_outputs.tool_calls;
    expect(call!.function).toEqual({ name: 'lookup', arguments: '{"q":"x"}' });
    await h.client.beta.threads.runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: call!.id, output: 'found' }] });
    const step = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' })).data[0]!;
    expect(step).toMatchObject({ status: 'completed', type: 'tool_calls' });
    expect(step.step_details).toEqual({
      type: 'tool_calls',
      tool_calls: [{ id: call!.id, type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}', output: 'found' } }],
    });
  });
});

describe('ending states', () => {
  it('a scripted failure ends failed with last_error', async () => {
    const { read } = await runOn('fail');
    expect(await read()).toMatchObject({
      status: 'failed',
      last_error: { code: 'rate_limit_exceeded', message: 'Slow down.' },
      failed_at: Math.floor(clock.now() / 1000),
    });
  });

  it('incomplete carries incomplete_details', async () => {
    const { read } = await runOn('incomplete');
    expect(await read()).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' } });
  });

  it('a run left in requires_action expires 10 minutes after creation', async () => {
    const { run, thread, read } = await runOn('call');
    expect((await read()).status).toBe('requires_action');
    clock.advance(599_000);
    expect((await read()).status).toBe('requires_action');
    clock.advance(1_000);
    const expired = await read();
    expect(expired.status).toBe('expired');
    const steps = await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id });
    expect(steps.data[0]).toMatchObject({ status: 'expired', expired_at: Math.floor(clock.now() / 1000) });
    const error = await apiError(
      h.client.beta.threads.runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [] }),
    );
    expect(error.body.message).toBe('Runs in status "expired" do not accept tool outputs.');
  });

  it('a script that calls a function the run lacks fails, saying why', async () => {
    const { read } = await runOn('undeclared');
    const run = await read();
    expect(run.status).toBe('failed');
    expect(run.last_error?.message).toBe(
      'Scenario "undeclared": script[0] calls function "not_a_tool", which is not among the run\'s function tools (lookup)',
    );
  });
});

describe('thread locking', () => {
  it('refuses a second run while one is active, with the real wording', async () => {
    const { assistant, thread, run } = await runOn('call');
    const error = await apiError(h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id }));
    expect(error.status).toBe(400);
    expect(error.body.message).toBe(`Thread ${thread.id} already has an active run ${run.id}.`);
  });
});
