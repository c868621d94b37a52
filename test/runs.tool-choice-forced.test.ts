import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import type { AssistantToolChoiceOption } from 'openai/resources/beta/threads/threads';
import { startHarness } from './helpers/harness.js';

const h = await startHarness({
  scenarios: defineScenarios([
    { name: 'talk-first', match: { message: 'talk first' }, script: [{ say: 'Checking.' }, { call: { lookup: { q: 'x' } } }, { say: 'done' }] },
    { name: 'call-first', match: { message: 'call first' }, script: [{ call: { lookup: { q: 'x' } } }, { say: 'done: {{outputs.lookup}}' }] },
    { name: 'two-calls', match: { message: 'two calls' }, script: [{ call: [{ lookup: { q: 'a' } }, { weather: { city: 'Seoul' } }] }, { say: '{{outputs}}' }] },
    { name: 'code-first', match: { message: 'code first' }, script: [{ code_interpreter: { input: 'print(1)', logs: '1' } }, { say: '1' }] },
  ]),
});

const tools = [
  { type: 'function' as const, function: { name: 'lookup' } },
  { type: 'function' as const, function: { name: 'weather' } },
  { type: 'code_interpreter' as const },
];

async function runOn(text: string, tool_choice: AssistantToolChoiceOption) {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools });
  const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: text }] });
  return h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, tool_choice });
}

describe('a tool_choice that forces a tool decides what the script does first', () => {
  it('"required": a script that answers before calling a tool fails the run, saying why', async () => {
    const run = await runOn('talk first', 'required');
    expect(run).toMatchObject({
      status: 'failed',
      tool_choice: 'required',
      last_error: { code: 'server_error', message: 'Scenario "talk-first": script[0] writes a message, but the run\'s tool_choice is "required"' },
    });
    expect((await runOn('call first', 'required')).status).toBe('requires_action');
    expect((await runOn('code first', 'required')).status).toBe('completed');
  });

  it('a named function: the first step must call that function and no other', async () => {
    const forced = { type: 'function', function: { name: 'lookup' } } as const;
    const ok = await runOn('call first', forced);
    expect(ok).toMatchObject({ status: 'requires_action', tool_choice: forced });
    expect(ok.required_action!.submit_tool_outputs.tool_calls.map((c) => c.function.name)).toEqual(['lookup']);
    expect((await runOn('two calls', forced)).last_error?.message).toBe(
      'Scenario "two-calls": script[0] calls "lookup", "weather", but the run\'s tool_choice forces the function "lookup"',
    );
    expect((await runOn('call first', { type: 'function', function: { name: 'weather' } })).last_error?.message).toBe(
      'Scenario "call-first": script[0] calls "lookup", but the run\'s tool_choice forces the function "weather"',
    );
    expect((await runOn('talk first', forced)).last_error?.message).toBe(
      'Scenario "talk-first": script[0] writes a message, but the run\'s tool_choice forces the function "lookup"',
    );
  });

  it('a named built-in tool: the first step must use it', async () => {
    expect((await runOn('code first', { type: 'code_interpreter' })).status).toBe('completed');
    expect((await runOn('call first', { type: 'code_interpreter' })).last_error?.message).toBe(
      'Scenario "call-first": script[0] uses function, but the run\'s tool_choice forces code_interpreter',
    );
  });
});
