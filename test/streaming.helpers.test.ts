import { describe, expect, it } from 'vitest';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness, type Harness } from './helpers/harness.js';
import { eventNames, expand, helperNames, messageStep, record, RUN_START, withoutIndexes, type Recording } from './helpers/assistant-stream.js';
import { expectFinalsEqualRetrieves, STREAM_STARTERS } from './helpers/stream-runs.js';

const scenarios = defineScenarios([
  { name: 'text', match: { message: 'say hello' }, script: [{ say: 'Hello! How can I help you today?' }] },
  {
    name: 'code',
    match: { message: 'add two and two' },
    script: [{ code_interpreter: { input: 'print(2 + 2)', logs: '4' } }, { say: 'The answer is 4.' }],
  },
  {
    name: 'call',
    match: { message: 'weather in Seoul' },
    script: [{ call: { get_weather: { city: 'Seoul' } } }, { say: 'It is {{outputs.get_weather}} in Seoul.' }],
  },
  {
    name: 'parallel',
    match: { message: 'weather in two cities' },
    script: [{ call: [{ get_weather: { city: 'Seoul' } }, { get_weather: { city: 'Busan' } }] }, { say: 'Seoul and Busan: {{outputs}}' }],
  },
  {
    name: 'code-then-call',
    match: { message: 'compute, then look up' },
    script: [
      { code_interpreter: { input: 'print(2 + 2)', logs: '4' } },
      { call: { get_weather: { city: 'Seoul' } } },
      { say: 'It is {{outputs.get_weather}} in Seoul.' },
    ],
  },
  { name: 'empty-arguments', match: { message: 'ping' }, script: [{ call: { ping: {} } }, { say: 'pong: {{outputs.ping}}' }] },
  {
    name: 'fail',
    match: { message: 'break down' },
    script: [{ say: 'Let me try.' }, { fail: { code: 'rate_limit_exceeded', message: 'The model is overloaded.' } }],
  },
  { name: 'incomplete', match: { message: 'very long' }, script: [{ say: 'This answer is cut' }, { incomplete: 'max_completion_tokens' }] },
]);

const fn = (name: string) => ({ type: 'function' as const, function: { name, parameters: { type: 'object', properties: {} } } });
const TOOLS = [{ type: 'code_interpreter' as const }, fn('get_weather'), fn('ping')];

const harnesses: Record<'memory' | 'http', Harness> = {
  memory: await startHarness({ scenarios }),
  http: await startHarness({ scenarios, over: 'http' }),
};

const toolStep = (deltas: number) => ['thread.run.step.created', 'thread.run.step.in_progress', ...expand(['thread.run.step.delta', deltas])];
const textHelpers = (deltas: number) => ['textCreated', ...expand(['textDelta', deltas]), 'textDone', 'messageDone', 'runStepDone'];

interface Case {
  message: string;
  events: string[];
  helpers: string[];
  status: Run['status'];
  /** For runs that ask for tool outputs: what to answer, and how the continued stream goes. */
  submit?: { outputs: string[]; events: string[]; helpers: string[]; text: string };
}

const CASES: Record<string, Case> = {
  'text only': {
    message: 'say hello',
    events: [...RUN_START, ...messageStep(7), 'thread.run.completed'],
    helpers: textHelpers(7),
    status: 'completed',
  },
  code_interpreter: {
    message: 'add two and two',
    // A header, three pieces of input, then the outputs.
    events: [...RUN_START, ...toolStep(5), 'thread.run.step.completed', ...messageStep(4), 'thread.run.completed'],
    helpers: ['toolCallCreated', ...expand(['toolCallDelta', 4]), 'toolCallDone', 'runStepDone', ...textHelpers(4)],
    status: 'completed',
  },
  'function call': {
    message: 'weather in Seoul',
    events: [...RUN_START, ...toolStep(2), 'thread.run.requires_action'],
    helpers: ['toolCallCreated', 'toolCallDelta', 'toolCallDone'],
    status: 'requires_action',
    submit: {
      outputs: ['sunny'],
      events: ['thread.run.step.completed', 'thread.run.queued', 'thread.run.in_progress', ...messageStep(5), 'thread.run.completed'],
      helpers: ['runStepDone', ...textHelpers(5)],
      text: 'It is sunny in Seoul.',
    },
  },
  'parallel calls': {
    message: 'weather in two cities',
    events: [...RUN_START, ...toolStep(4), 'thread.run.requires_action'],
    helpers: ['toolCallCreated', 'toolCallDelta', 'toolCallDone', 'toolCallCreated', 'toolCallDelta', 'toolCallDone'],
    status: 'requires_action',
    submit: {
      outputs: ['18°C', '21°C'],
      events: ['thread.run.step.completed', 'thread.run.queued', 'thread.run.in_progress', ...messageStep(5), 'thread.run.completed'],
      helpers: ['runStepDone', ...textHelpers(5)],
      text: 'Seoul and Busan: 18°C\n21°C',
    },
  },
  // AssistantStream keeps its current tool-call index across steps, so the call of a second tool step
  // at the same index arrives as deltas only, with no toolCallCreated/toolCallDone. The real service
  // sends the same events, so the mock must not renumber calls to hide this.
  'code_interpreter, then a function call in one stream': {
    message: 'compute, then look up',
    events: [...RUN_START, ...toolStep(5), 'thread.run.step.completed', ...toolStep(2), 'thread.run.requires_action'],
    helpers: ['toolCallCreated', ...expand(['toolCallDelta', 4]), 'toolCallDone', 'runStepDone', 'toolCallDelta', 'toolCallDelta'],
    status: 'requires_action',
    submit: {
      outputs: ['sunny'],
      events: ['thread.run.step.completed', 'thread.run.queued', 'thread.run.in_progress', ...messageStep(5), 'thread.run.completed'],
      helpers: ['runStepDone', ...textHelpers(5)],
      text: 'It is sunny in Seoul.',
    },
  },
  'a call with empty arguments': {
    message: 'ping',
    events: [...RUN_START, ...toolStep(2), 'thread.run.requires_action'],
    helpers: ['toolCallCreated', 'toolCallDelta', 'toolCallDone'],
    status: 'requires_action',
    submit: {
      outputs: ['ok'],
      events: ['thread.run.step.completed', 'thread.run.queued', 'thread.run.in_progress', ...messageStep(2), 'thread.run.completed'],
      helpers: ['runStepDone', ...textHelpers(2)],
      text: 'pong: ok',
    },
  },
  'a scripted failure': {
    message: 'break down',
    events: [...RUN_START, ...messageStep(3), 'thread.run.failed'],
    helpers: textHelpers(3),
    status: 'failed',
  },
  'an incomplete run': {
    message: 'very long',
    events: [...RUN_START, ...messageStep(4), 'thread.run.incomplete'],
    helpers: textHelpers(4),
    status: 'incomplete',
  },
  'no matching scenario': {
    message: 'something nobody scripted',
    events: [...RUN_START, 'thread.run.failed'],
    helpers: [],
    status: 'failed',
  },
};

describe.each(['memory', 'http'] as const)('AssistantStream over %s', (over) => {
  const h = harnesses[over];

  describe.each(Object.keys(STREAM_STARTERS))('%s', (helper) => {
    it.each(Object.keys(CASES))('%s', async (name) => {
      const c = CASES[name]!;
      const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: TOOLS });
      const stream = await STREAM_STARTERS[helper]!(h, assistant.id, c.message);
      const recording = record(stream);
      const run = await stream.finalRun();

      const prefix = helper === 'threads.createAndRunStream' ? ['thread.created'] : [];
      expect(eventNames(recording)).toEqual([...prefix, ...c.events]);
      expect(helperNames(recording)).toEqual(c.helpers);
      expect(run.status).toBe(c.status);
      await expectFinalsEqualRetrieves(h, stream, recording, run);
      if (c.submit) await continueWithOutputs(h, run, recording, c.submit);
    });
  });

  it('reports the scripted failure and the incomplete reason on the final run', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const failed = await (await STREAM_STARTERS['runs.stream']!(h, assistant.id, 'break down')).finalRun();
    expect(failed).toMatchObject({ status: 'failed', last_error: { code: 'rate_limit_exceeded', message: 'The model is overloaded.' } });
    const incomplete = await (await STREAM_STARTERS['runs.stream']!(h, assistant.id, 'very long')).finalRun();
    expect(incomplete).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' } });
  });
});

/** Tool calls arrive whole in `toolCallDone`; the outputs go back on a new stream that finishes the run. */
async function continueWithOutputs(h: Harness, run: Run, recording: Recording, submit: NonNullable<Case['submit']>) {
  const thread_id = run.thread_id;
  const calls = run.required_action!.submit_tool_outputs.tool_calls;
  const steps = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id, order: 'asc' })).data;
  const callsOf = (step: (typeof steps)[number]) => (step.step_details.type === 'tool_calls' ? step.step_details.tool_calls : []);
  const stored = new Map(steps.flatMap(callsOf).map((call) => [call.id, call]));
  const done = recording.helpers.filter((e) => e.name === 'toolCallDone').map((e) => withoutIndexes(e.args[0]) as { id: string });
  expect(done.length).toBeGreaterThan(0);
  expect(done).toEqual(done.map((call) => stored.get(call.id)));
  expect(callsOf(steps.at(-1)!).map((call) => (call.type === 'function' ? [call.id, call.function.name, call.function.arguments] : []))).toEqual(
    calls.map((call) => [call.id, call.function.name, call.function.arguments]),
  );

  const stream = h.client.beta.threads.runs.submitToolOutputsStream(run.id, {
    thread_id,
    tool_outputs: calls.map((call, i) => ({ tool_call_id: call.id, output: submit.outputs[i]! })),
  });
  const continued = record(stream);
  const finished = await stream.finalRun();
  expect(eventNames(continued)).toEqual(submit.events);
  expect(helperNames(continued)).toEqual(submit.helpers);
  expect(finished.status).toBe('completed');
  const textDone = continued.helpers.find((e) => e.name === 'textDone')!;
  expect(textDone.args[0]).toEqual({ value: submit.text, annotations: [] });
  await expectFinalsEqualRetrieves(h, stream, continued, finished);
  const toolStep = continued.events[0]!;
  expect(toolStep.event === 'thread.run.step.completed' && toolStep.data.step_details).toMatchObject({
    tool_calls: calls.map((call, i) => ({ id: call.id, function: { output: submit.outputs[i] } })),
  });
}
