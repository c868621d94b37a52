import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';

const h = await startHarness({
  scenarios: defineScenarios([
    { name: 'call', match: { message: 'call' }, script: [{ say: 'Checking.' }, { call: { lookup: { q: 'x' } } }, { say: 'done' }] },
    { name: 'code', match: { message: 'code' }, script: [{ code_interpreter: { input: 'print(1)', logs: '1' } }] },
    { name: 'both', match: { message: 'both' }, script: [{ call: [{ lookup: { q: 'a' } }, { lookup: { q: 'b' } }] }, { say: '{{outputs}}' }] },
    { name: 'talk', match: { message: 'talk' }, script: [{ say: 'Just talking.' }] },
  ]),
});

const lookup = { type: 'function' as const, function: { name: 'lookup' } };

async function runOn(text: string, options: { tool_choice?: 'none' | 'auto'; parallel_tool_calls?: boolean }) {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [lookup, { type: 'code_interpreter' }] });
  const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: text }] });
  return h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, ...options });
}

describe('tool_choice "none": the model calls no tool', () => {
  it('a script that calls a function or uses a tool fails the run, saying why', async () => {
    const called = await runOn('call', { tool_choice: 'none' });
    expect(called).toMatchObject({
      status: 'failed',
      tool_choice: 'none',
      last_error: { code: 'server_error', message: 'Scenario "call": script[1] uses function, but the run\'s tool_choice is "none"' },
    });
    const coded = await runOn('code', { tool_choice: 'none' });
    expect(coded.last_error?.message).toBe('Scenario "code": script[0] uses code_interpreter, but the run\'s tool_choice is "none"');
  });

  it('a script that only writes messages runs as usual', async () => {
    expect((await runOn('talk', { tool_choice: 'none' })).status).toBe('completed');
    expect((await runOn('call', { tool_choice: 'auto' })).status).toBe('requires_action');
  });
});

describe('parallel_tool_calls false: one call at a time', () => {
  it('a script that calls two functions at once fails the run, saying why', async () => {
    const run = await runOn('both', { parallel_tool_calls: false });
    expect(run).toMatchObject({
      status: 'failed',
      parallel_tool_calls: false,
      last_error: { code: 'server_error', message: 'Scenario "both": script[0] calls 2 functions at once, but the run\'s parallel_tool_calls is false' },
    });
    expect((await runOn('call', { parallel_tool_calls: false })).status).toBe('requires_action');
    expect((await runOn('both', { parallel_tool_calls: true })).required_action?.submit_tool_outputs.tool_calls).toHaveLength(2);
  });
});
