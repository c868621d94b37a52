import { describe, expect, it } from 'vitest';
import { defineScenarios, type ScenarioInput } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';

/**
 * What a recording writes, played by the scripted engine through the official SDK: a step's usage
 * instead of the estimate, messages cut off (at the token limit, by a failure), literal text, several
 * searches in one step.
 */
const h = await startHarness();
const { beta } = h.client;
const assistant = await beta.assistants.create({
  name: 'Recorded',
  model: 'gpt-4o',
  tools: [{ type: 'file_search' }, { type: 'code_interpreter' }, { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
});
const used = (prompt: number, completion: number) => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion });

async function play(...script: ScenarioInput['script']) {
  h.server.reset();
  h.server.use(...defineScenarios([{ name: 'recorded', script }]));
  const thread = await beta.threads.create({ messages: [{ role: 'user', content: 'Go.' }] });
  let run = await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
  if (run.status === 'requires_action') {
    const [call] = run.required_action!.submit_tool_outputs.tool_calls;
    run = await beta.threads.runs.submitToolOutputsAndPoll(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: call!.id, output: 'found' }] });
  }
  const steps = (await beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' })).data;
  const messages = (await beta.threads.messages.list(thread.id, { order: 'asc' })).data.filter((m) => m.role === 'assistant');
  return { run, steps, messages };
}

describe('recorded steps, played by the scripted engine', () => {
  it("each step reports its recorded usage, and the run their sum, whatever the step's kind", async () => {
    const { run, steps } = await play(
      { file_search: [{ query: 'a' }, { query: 'b' }], usage: used(10, 1) },
      { code_interpreter: { input: 'print(1)', logs: '1' }, usage: used(20, 2) },
      { call: { lookup: {} }, usage: { prompt_tokens: 30, completion_tokens: 3 } },
      { say: 'It was {{outputs.lookup}}.', usage: used(40, 4) },
    );
    expect(run.status).toBe('completed');
    expect(steps.map((s) => s.usage)).toEqual([10, 20, 30, 40].map((p) => expect.objectContaining(used(p, p / 10))));
    expect(run.usage).toMatchObject(used(100, 10));
    expect(steps[0]!.step_details).toMatchObject({ tool_calls: [{ type: 'file_search' }, { type: 'file_search' }] });
  });

  it('a message cut off at the token limit ends incomplete (max_tokens), the run incomplete (max_completion_tokens)', async () => {
    const { run, steps, messages } = await play({ say: 'Once upon a time', cut_off: true, usage: used(9, 4) });
    expect([run.status, run.incomplete_details, run.usage]).toEqual(['incomplete', { reason: 'max_completion_tokens' }, expect.objectContaining(used(9, 4))]);
    expect(messages.map((m) => [m.status, m.incomplete_details, m.content[0]])).toEqual([
      ['incomplete', { reason: 'max_tokens' }, { type: 'text', text: { value: 'Once upon a time', annotations: [] } }],
    ]);
    expect(steps.map((s) => [s.status, s.usage])).toEqual([['completed', expect.objectContaining(used(9, 4))]]);
  });

  it('a message cut off by a failure ends incomplete (run_failed), its step failed, the run failed', async () => {
    const { run, steps, messages } = await play({ say: 'I was', cut_off: true }, { fail: { code: 'server_error', message: 'The stream ended.' } });
    const error = { code: 'server_error', message: 'The stream ended.' };
    expect([run.status, run.last_error]).toEqual(['failed', error]);
    expect(messages.map((m) => [m.status, m.incomplete_details])).toEqual([['incomplete', { reason: 'run_failed' }]]);
    expect(steps.map((s) => [s.type, s.status, s.last_error])).toEqual([['message_creation', 'failed', error]]);
  });

  it('literal text is written as is: {{…}} is no template', async () => {
    const { messages } = await play({ say: 'Write {{cite:0}}, {{message}} and }} {{ as is.', literal: true });
    expect(messages[0]!.content[0]).toMatchObject({ text: { value: 'Write {{cite:0}}, {{message}} and }} {{ as is.', annotations: [] } });
  });
});
