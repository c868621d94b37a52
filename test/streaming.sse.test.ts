import { describe, expect, it } from 'vitest';
import { AssistantStream } from 'openai/lib/AssistantStream';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness, type Harness } from './helpers/harness.js';
import { parseSseBody, type SseFrame } from './helpers/sse.js';
import { expand, withoutIndexes } from './helpers/assistant-stream.js';

const scenarios = defineScenarios([
  { name: 'greeting', match: { message: 'hello' }, script: [{ say: 'Hello! How can I assist you today?' }] },
  {
    name: 'lookup',
    match: { message: 'look it up' },
    script: [
      { code_interpreter: { input: 'print(6 * 7)', logs: '42' } },
      { call: { record_answer: { value: 42, unit: null } } },
      { say: 'Recorded: {{outputs.record_answer}}' },
    ],
  },
  {
    name: 'cited',
    match: { message: 'what do my notes say' },
    script: [
      { file_search: { query: 'notes', results: [{ file_id: 'file-notes', file_name: 'notes.txt', score: 0.93, text: 'Meet at noon.' }] } },
      { say: 'Your notes say to meet at noon{{cite:0}}, not later.' },
    ],
  },
]);

const harnesses: Record<'memory' | 'http', Harness> = {
  memory: await startHarness({ scenarios }),
  http: await startHarness({ scenarios, over: 'http' }),
};

const BETA = { 'OpenAI-Beta': 'assistants=v2' };
const INCLUDE_CONTENT = 'include[]=step_details.tool_calls[*].file_search.results[*].content';

/** POSTs with `stream: true` and parses the body, failing on anything not framed exactly. */
async function streamed(h: Harness, path: string, json: Record<string, unknown>) {
  const response = await h.raw(path, { method: 'POST', json: { ...json, stream: true }, headers: BETA });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const text = await response.text();
  const frames = parseSseBody(text);
  expect(frames.map(({ event, data }) => `event: ${event}\ndata: ${data}\n\n`).join('')).toBe(text);
  expect(frames.at(-1)).toEqual({ event: 'done', data: '[DONE]' });
  expect(frames.filter((f) => f.event === 'done')).toHaveLength(1);
  return frames.slice(0, -1).map((f: SseFrame) => ({ event: f.event, data: JSON.parse(f.data) as Record<string, unknown> }));
}

type Parsed = Awaited<ReturnType<typeof streamed>>;

/** The message as its `created` event and deltas build it, merged the way the SDK merges them. */
function mergedMessage(events: Parsed, id: string): Message {
  const created = events.find((e) => e.event === 'thread.message.created' && e.data.id === id)!.data as unknown as Message;
  const message = structuredClone(created) as unknown as { content: Record<string, unknown>[] };
  for (const { data } of events.filter((e) => e.event === 'thread.message.delta' && e.data.id === id)) {
    for (const part of (data.delta as { content: { index: number }[] }).content) {
      const current = message.content[part.index];
      message.content[part.index] = current ? AssistantStream.accumulateDelta(current, structuredClone(part)) : structuredClone(part);
    }
  }
  return withoutIndexes(message) as unknown as Message;
}

const lastOf = (events: Parsed, prefix: string, id: string) =>
  events.filter((e) => e.event.startsWith(prefix) && !e.event.endsWith('.delta') && e.data.id === id).at(-1)?.data;

describe.each(['memory', 'http'] as const)('raw SSE over %s', (over) => {
  const h = harnesses[over];
  const assistant = () =>
    h.client.beta.assistants.create({
      model: 'gpt-4o',
      tools: [
        { type: 'code_interpreter' },
        { type: 'file_search' },
        { type: 'function', function: { name: 'record_answer', parameters: { type: 'object', properties: {} } } },
      ],
    });

  it('frames create thread and run exactly, in the documented order, ending with done', async () => {
    const { id: assistant_id } = await assistant();
    const events = await streamed(h, '/threads/runs', { assistant_id, thread: { messages: [{ role: 'user', content: 'hello' }] } });
    expect(events.map((e) => e.event)).toEqual([
      'thread.created',
      'thread.run.created',
      'thread.run.queued',
      'thread.run.in_progress',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.message.created',
      'thread.message.in_progress',
      ...expand(['thread.message.delta', 7]),
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.completed',
    ]);
    const deltas = events.filter((e) => e.event === 'thread.message.delta').map((e) => e.data.delta);
    // Pieces lead with their space; only the first carries `annotations: []`, as in the spec's examples.
    expect(deltas[0]).toEqual({ content: [{ index: 0, type: 'text', text: { value: 'Hello!', annotations: [] } }] });
    expect(deltas[1]).toEqual({ content: [{ index: 0, type: 'text', text: { value: ' How' } }] });

    const run = events.at(-1)!.data as unknown as Run;
    const thread_id = run.thread_id;
    expect(events[0]!.data).toEqual(await h.client.beta.threads.retrieve(thread_id));
    expect(run).toEqual(await h.client.beta.threads.runs.retrieve(run.id, { thread_id }));
    const [message] = (await h.client.beta.threads.messages.list(thread_id, { run_id: run.id })).data;
    expect(mergedMessage(events, message!.id)).toEqual({ ...message, status: 'in_progress', completed_at: null });
    expect(lastOf(events, 'thread.message.', message!.id)).toEqual(message);
    const [step] = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id })).data;
    expect(lastOf(events, 'thread.run.step.', step!.id)).toEqual(step);
  });

  it('streams code_interpreter input and outputs, a function call, then the submitted continuation', async () => {
    const { id: assistant_id } = await assistant();
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'look it up' }] });
    const events = await streamed(h, `/threads/${thread.id}/runs`, { assistant_id });
    expect(events.map((e) => e.event)).toEqual([
      'thread.run.created',
      'thread.run.queued',
      'thread.run.in_progress',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      ...expand(['thread.run.step.delta', 5]),
      'thread.run.step.completed',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      ...expand(['thread.run.step.delta', 2]),
      'thread.run.requires_action',
    ]);
    const toolCalls = events
      .filter((e) => e.event === 'thread.run.step.delta')
      .map((e) => (e.data.delta as { step_details: { tool_calls: unknown[] } }).step_details.tool_calls[0]);
    const [header, ...pieces] = toolCalls.slice(0, 5) as { code_interpreter: unknown }[];
    expect(header).toEqual({ index: 0, id: expect.stringMatching(/^call_/), type: 'code_interpreter', code_interpreter: { input: '', outputs: [] } });
    expect(pieces.map((p) => p.code_interpreter)).toEqual([
      { input: 'print(6' },
      { input: ' *' },
      { input: ' 7)' },
      { outputs: [{ index: 0, type: 'logs', logs: '42' }] },
    ]);
    expect(toolCalls.slice(5)).toEqual([
      { index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'record_answer', arguments: '', output: null } },
      { index: 0, type: 'function', function: { arguments: '{"value":42,"unit":null}' } },
    ]);

    const run = events.at(-1)!.data as unknown as Run;
    expect(run).toEqual(await h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id }));
    const [call] = run.required_action!.submit_tool_outputs.tool_calls;
    const continued = await streamed(h, `/threads/${thread.id}/runs/${run.id}/submit_tool_outputs`, {
      tool_outputs: [{ tool_call_id: call!.id, output: 'saved' }],
    });
    expect(continued.map((e) => e.event)).toEqual([
      'thread.run.step.completed',
      'thread.run.queued',
      'thread.run.in_progress',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.message.created',
      'thread.message.in_progress',
      ...expand(['thread.message.delta', 2]),
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.completed',
    ]);
    const steps = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' })).data;
    expect(continued[0]!.data).toEqual(steps[1]);
    expect(steps[1]!.step_details).toEqual({
      type: 'tool_calls',
      tool_calls: [{ id: call!.id, type: 'function', function: { name: 'record_answer', arguments: '{"value":42,"unit":null}', output: 'saved' } }],
    });
  });

  it('cites file_search results in the deltas, and sends result content only when include[] asks', async () => {
    const { id: assistant_id } = await assistant();
    for (const include of [false, true]) {
      const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'what do my notes say' }] });
      const events = await streamed(h, `/threads/${thread.id}/runs${include ? `?${INCLUDE_CONTENT}` : ''}`, { assistant_id });
      const run = events.at(-1)!.data as unknown as Run;
      expect(run.status).toBe('completed');
      const [searchStep] = (await h.client.beta.threads.runs.steps.list(run.id, {
        thread_id: thread.id,
        order: 'asc',
        ...(include && { include: ['step_details.tool_calls[*].file_search.results[*].content'] }),
      })).data;
      const shown = lastOf(events, 'thread.run.step.', searchStep!.id);
      expect(shown).toEqual(searchStep);
      expect(JSON.stringify(shown).includes('Meet at noon.')).toBe(include);

      const [message] = (await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
      const part = message!.content[0]!;
      expect(part.type === 'text' && part.text.annotations).toEqual([
        { type: 'file_citation', text: '【1:0†notes.txt】', start_index: 30, end_index: 45, file_citation: { file_id: 'file-notes' } },
      ]);
      expect(mergedMessage(events, message!.id)).toEqual({ ...message, status: 'in_progress', completed_at: null });
    }
  });

  it('answers a streaming request that cannot start with a JSON error, not a stream', async () => {
    const { id: assistant_id } = await assistant();
    const response = await h.raw('/threads/thread_missing/runs', { method: 'POST', json: { assistant_id, stream: true }, headers: BETA });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({
      error: { message: "No thread found with id 'thread_missing'.", type: 'invalid_request_error', param: null, code: null },
    });
  });
});
