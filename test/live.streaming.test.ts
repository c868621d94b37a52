import { describe, expect, it } from 'vitest';
import { eventNames, expand, helperNames, messageStep, reader, record, RUN_START } from './helpers/assistant-stream.js';
import { expectFinalsEqualRetrieves, STREAM_STARTERS } from './helpers/stream-runs.js';
import { startLiveHarness, textOf, type LiveHarness } from './helpers/live-harness.js';

/**
 * Live runs streamed with every SDK helper: upstream deltas become message and step deltas as they
 * arrive, every event is stored first (a retrieve at the end equals what the stream built), and a
 * poll in the middle shows the text written so far.
 */
const harnesses: Record<string, LiveHarness> = {
  'in process': await startLiveHarness({ upstream: { liveOnly: true } }),
  'over HTTP, upstream on a socket': await startLiveHarness({ over: 'http', upstreamOver: 'http', upstream: { liveOnly: true } }),
};

const GET_WEATHER = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

for (const [name, h] of Object.entries(harnesses)) {
  const { beta } = h.client;

  describe(`live streaming (${name})`, () => {
    for (const [starter, start] of Object.entries(STREAM_STARTERS)) {
      it(`${starter}: one delta per upstream delta, then completed; the finals equal the retrieves`, async () => {
        h.upstream.reply({ text: 'Hello! How can I help you today?', usage: { prompt_tokens: 12, completion_tokens: 9 } });
        const assistant = await beta.assistants.create({ model: 'gpt-4o' });
        const stream = await start(h, assistant.id, 'say hello');
        const recording = record(stream);
        const deltas: string[] = [];
        stream.on('textDelta', (delta) => deltas.push(delta.value ?? ''));
        const run = await stream.finalRun();
        const created = starter === 'threads.createAndRunStream' ? ['thread.created'] : [];
        expect(eventNames(recording)).toEqual([...created, ...RUN_START, ...messageStep(7), 'thread.run.completed']);
        expect(deltas).toEqual(['Hello!', ' How', ' can', ' I', ' help', ' you', ' today?']);
        expect(helperNames(recording)).toEqual(['textCreated', ...expand(['textDelta', 7]), 'textDone', 'messageDone', 'runStepDone']);
        expect(run).toMatchObject({ status: 'completed', usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 } });
        await expectFinalsEqualRetrieves(h, stream, recording, run);
      });
    }

    it('function calls stream as step deltas (arguments in pieces); submitToolOutputsStream plays the rest', async () => {
      h.upstream.reply(
        { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Seoul"}' }, { name: 'get_weather', arguments: '{"city":"Busan"}' }] },
        { text: 'Seoul is sunny and Busan is rainy.' },
      );
      const assistant = await beta.assistants.create({ model: 'gpt-4o', tools: [GET_WEATHER] });
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: 'weather in two cities' }] });
      const stream = beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
      const recording = record(stream);
      const argumentPieces: string[] = [];
      stream.on('toolCallDelta', (delta) => {
        if (delta.type === 'function' && delta.function?.arguments) argumentPieces.push(delta.function.arguments);
      });
      const waiting = await stream.finalRun();
      const names = eventNames(recording);
      expect(names.slice(0, 5)).toEqual([...RUN_START, 'thread.run.step.created', 'thread.run.step.in_progress']);
      expect(names.at(-1)).toBe('thread.run.requires_action');
      expect(names.filter((n) => n === 'thread.run.step.delta').length).toBe(2 + argumentPieces.length);
      expect(argumentPieces.join('')).toBe('{"city":"Seoul"}{"city":"Busan"}');
      const calls = waiting.required_action!.submit_tool_outputs.tool_calls;
      expect(calls.map((c) => c.function.arguments)).toEqual(['{"city":"Seoul"}', '{"city":"Busan"}']);
      await expectFinalsEqualRetrieves(h, stream, recording, waiting);

      const after = beta.threads.runs.submitToolOutputsStream(waiting.id, {
        thread_id: thread.id,
        tool_outputs: calls.map((c, i) => ({ tool_call_id: c.id, output: ['sunny', 'rainy'][i]! })),
      });
      const afterRecording = record(after);
      const done = await after.finalRun();
      expect(eventNames(afterRecording)).toEqual([
        'thread.run.step.completed',
        'thread.run.queued',
        'thread.run.in_progress',
        ...messageStep(7),
        'thread.run.completed',
      ]);
      expect(textOf((await after.finalMessages())[0]!)).toBe('Seoul is sunny and Busan is rainy.');
      await expectFinalsEqualRetrieves(h, after, afterRecording, done);
    });

    it('text before and after the tool calls of one turn: a message step before the calls step and one after it, as the hosted service ordered the steps of a turn (seed math tutor: message, code, message)', async () => {
      h.upstream.reply(
        { text: 'Let me look that up.', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Seoul"}', id: 'up_w1' }], textAfterCalls: 'One moment.' },
        { text: 'Seoul is sunny.' },
      );
      const assistant = await beta.assistants.create({ model: 'gpt-4o', tools: [GET_WEATHER] });
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: 'weather in Seoul' }] });
      const stream = beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
      const recording = record(stream);
      const waiting = await stream.finalRun();
      expect(waiting.status).toBe('requires_action');
      const names = eventNames(recording);
      expect(names.filter((n) => n === 'thread.run.step.created')).toHaveLength(3);
      expect(names.slice(-3)).toEqual(['thread.message.completed', 'thread.run.step.completed', 'thread.run.requires_action']);
      const steps = (await beta.threads.runs.steps.list(waiting.id, { thread_id: thread.id, order: 'asc' })).data;
      expect(steps.map((s) => [s.type, s.status])).toEqual([
        ['message_creation', 'completed'],
        ['tool_calls', 'in_progress'],
        ['message_creation', 'completed'],
      ]);
      expect((await stream.finalMessages()).map(textOf)).toEqual(['Let me look that up.', 'One moment.']);
      await expectFinalsEqualRetrieves(h, stream, recording, waiting);

      const call = waiting.required_action!.submit_tool_outputs.tool_calls[0]!;
      const done = await beta.threads.runs.submitToolOutputsAndPoll(waiting.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: call.id, output: 'sunny' }] });
      expect(done.status).toBe('completed');
      const texts = (await beta.threads.messages.list(thread.id, { order: 'asc' })).data.map(textOf);
      expect(texts).toEqual(['weather in Seoul', 'Let me look that up.', 'One moment.', 'Seoul is sunny.']);
      // The model reads its text after the calls where it wrote it, before their results.
      expect(h.upstream.requests[1]!.body.messages).toEqual([
        { role: 'user', content: 'weather in Seoul' },
        { role: 'assistant', content: 'Let me look that up.' },
        { role: 'assistant', content: 'One moment.', tool_calls: [{ id: 'up_w1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Seoul"}' } }] },
        { role: 'tool', tool_call_id: 'up_w1', content: 'sunny' },
      ]);
    });

    it('a poll in the middle of the answer shows the text so far, the stream goes on', async () => {
      h.upstream.reply({ text: 'one two three four five six seven eight', delayMs: 40 });
      const assistant = await beta.assistants.create({ model: 'gpt-4o' });
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: 'count' }] });
      const stream = beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
      const events = reader(stream);
      const created = await events.until('thread.message.created');
      await events.until('thread.message.delta');
      await events.until('thread.message.delta');
      const partial = await beta.threads.messages.retrieve((created.data as { id: string }).id, { thread_id: thread.id });
      expect(partial.status).toBe('in_progress');
      expect('one two three four five six seven eight'.startsWith(textOf(partial))).toBe(true);
      expect(textOf(partial).length).toBeGreaterThanOrEqual('one two'.length);
      expect(textOf(partial).length).toBeLessThan('one two three four five six seven eight'.length);
      const polled = await beta.threads.runs.list(thread.id);
      expect(polled.data[0]!.status).toBe('in_progress');
      await events.until('thread.run.completed');
      expect(textOf((await beta.threads.messages.list(thread.id)).data[0]!)).toBe('one two three four five six seven eight');
    });
  });
}
