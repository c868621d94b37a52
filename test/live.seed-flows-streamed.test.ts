import { describe, expect, it } from 'vitest';
import { toFile } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { eventNames, expand, helperNames, messageStep, record, RUN_START } from './helpers/assistant-stream.js';
import { expectFinalsEqualRetrieves, STREAM_STARTERS } from './helpers/stream-runs.js';
import { startLiveHarness, textOf, type LiveHarness } from './helpers/live-harness.js';
import { CALL_ID, DISPLAY_QUIZ, EXAMINE_SERVER } from './helpers/seed-tools.js';

/**
 * The seed notebooks' flows played by a "model" (the fake upstream), streamed with every helper of the
 * Node SDK (`runs.stream`, `runs.createAndStream`, `threads.createAndRunStream`,
 * `submitToolOutputsStream`; `textDelta`, `toolCallCreated`, `toolCallDelta`, `finalRun`,
 * `finalMessages`), on both transports, with the checks of the scripted streaming tests: the events in
 * order, the helpers' view, statuses, steps, usage, errors, and what the stream built equal to what a
 * retrieve returns (every response and event is checked against the OpenAPI schema by the harness).
 * `live.seed-flows.test.ts` plays the same flows polled (`createAndPoll`, `submitToolOutputsAndPoll`).
 */
const harnesses: Record<string, LiveHarness> = {
  'in process, upstream in process': await startLiveHarness({ upstream: { liveOnly: true } }),
  'over HTTP, upstream on a socket': await startLiveHarness({ over: 'http', upstreamOver: 'http', upstream: { liveOnly: true } }),
};

const AFTER_OUTPUTS = ['thread.run.step.completed', 'thread.run.queued', 'thread.run.in_progress'];
/** A tool_calls step as it streams: created, then one delta per call header and argument piece. */
const callsStep = (deltas: number) => ['thread.run.step.created', 'thread.run.step.in_progress', ...expand(['thread.run.step.delta', deltas])];
/** The fake upstream cuts arguments into pieces of four characters, each one delta. */
const pieces = (args: string) => Math.ceil(args.length / 4);

for (const [name, h] of Object.entries(harnesses)) {
  const { beta } = h.client;
  const sent = (n: number) => h.upstream.requests[n]!.body.messages as ChatCompletionMessageParam[];

  describe(`live seed flows, streamed (${name})`, () => {
    for (const [starter, start] of Object.entries(STREAM_STARTERS)) {
      it(`the math tutor answers without code (${starter}): each upstream delta a textDelta, the upstream's usage on the step and the run`, async () => {
        const answer = '413보다 큰 소수는 419, 421, 431, 433 이므로 433^3 = 81,182,737 입니다.';
        h.upstream.reply({ text: answer, usage: { prompt_tokens: 57, completion_tokens: 41 } });
        const assistant = await beta.assistants.create({ name: '수학 선생님', instructions: '당신은 개인 수학 선생님입니다.', tools: [{ type: 'code_interpreter' }], model: 'gpt-4o' });
        const stream = await start(h, assistant.id, '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?');
        const recording = record(stream);
        const deltas: string[] = [];
        stream.on('textDelta', (delta) => deltas.push(delta.value ?? ''));
        const run = await stream.finalRun();
        const words = answer.split(' ').length;
        const created = starter === 'threads.createAndRunStream' ? ['thread.created'] : [];
        expect(eventNames(recording)).toEqual([...created, ...RUN_START, ...messageStep(words), 'thread.run.completed']);
        expect(deltas.join('')).toBe(answer);
        expect(helperNames(recording)).toEqual(['textCreated', ...expand(['textDelta', words]), 'textDone', 'messageDone', 'runStepDone']);
        expect(run).toMatchObject({ status: 'completed', last_error: null, usage: { prompt_tokens: 57, completion_tokens: 41, total_tokens: 98 } });
        const steps = (await beta.threads.runs.steps.list(run.id, { thread_id: run.thread_id })).data;
        expect(steps.map((s) => [s.type, s.status, s.usage?.total_tokens])).toEqual([['message_creation', 'completed', 98]]);
        expect((await stream.finalMessages()).map(textOf)).toEqual([answer]);
        expect(h.upstream.requests[0]!.body.tools?.map((tool) => tool.type === 'function' && tool.function.name)).toEqual(['python']);
        await expectFinalsEqualRetrieves(h, stream, recording, run);
      });
    }

    it('examine_server (runs.stream, then submitToolOutputsStream): the call streams as toolCallCreated/toolCallDelta, the answer after the output', async () => {
      h.upstream.reply(
        { toolCalls: [{ name: 'examine_server', arguments: '{}', id: 'call_upstream_1' }], usage: { prompt_tokens: 30, completion_tokens: 5 } },
        { text: '검사 결과: 정상입니다.', usage: { prompt_tokens: 50, completion_tokens: 12 } },
      );
      const assistant = await beta.assistants.create({ model: 'gpt-4o', tools: [EXAMINE_SERVER] });
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: '데이터 서버 상태를 확인해 주세요.' }] });
      const stream = beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
      const recording = record(stream);
      const waiting = await stream.finalRun();
      expect(eventNames(recording)).toEqual([...RUN_START, ...callsStep(1 + pieces('{}')), 'thread.run.requires_action']);
      expect(helperNames(recording)).toEqual(['toolCallCreated', 'toolCallDelta', 'toolCallDone']);
      const [created] = recording.helpers.find((helper) => helper.name === 'toolCallCreated')!.args as [{ id: string; function: { name: string } }];
      expect(created).toMatchObject({ id: expect.stringMatching(CALL_ID), type: 'function', function: { name: 'examine_server' } });
      const [call] = waiting.required_action!.submit_tool_outputs.tool_calls;
      expect(call).toEqual({ id: created.id, type: 'function', function: { name: 'examine_server', arguments: '{}' } });
      await expectFinalsEqualRetrieves(h, stream, recording, waiting);

      const after = beta.threads.runs.submitToolOutputsStream(waiting.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: call!.id, output: '정상: CPU 12%' }] });
      const afterRecording = record(after);
      const done = await after.finalRun();
      expect(eventNames(afterRecording)).toEqual([...AFTER_OUTPUTS, ...messageStep(3), 'thread.run.completed']);
      expect(done).toMatchObject({ status: 'completed', usage: { prompt_tokens: 80, completion_tokens: 17, total_tokens: 97 } });
      expect((await after.finalMessages()).map(textOf)).toEqual(['검사 결과: 정상입니다.']);
      expect(sent(1).slice(-2)).toEqual([
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_upstream_1', type: 'function', function: { name: 'examine_server', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_upstream_1', content: '정상: CPU 12%' },
      ]);
      const steps = (await beta.threads.runs.steps.list(done.id, { thread_id: thread.id, order: 'asc' })).data;
      expect(steps.map((s) => [s.type, s.status, s.usage?.total_tokens])).toEqual([
        ['tool_calls', 'completed', 35],
        ['message_creation', 'completed', 62],
      ]);
      await expectFinalsEqualRetrieves(h, after, afterRecording, done);
    });

    it('the quiz (threads.createAndRunStream): two parallel display_quiz calls stream their arguments by index, each with its own id', async () => {
      const quiz = JSON.stringify({ title: '수학 퀴즈', questions: [{ question_text: '2+2?', question_type: 'FREE_RESPONSE' }] });
      const feedback = JSON.stringify({ title: '퀴즈 피드백', questions: [] });
      h.upstream.reply({ toolCalls: [{ name: 'display_quiz', arguments: quiz, id: 'up_q1' }, { name: 'display_quiz', arguments: feedback, id: 'up_q2' }] }, { text: '답변 고마워요.' });
      const assistant = await beta.assistants.create({ model: 'gpt-4o', tools: [DISPLAY_QUIZ] });
      const stream = beta.threads.createAndRunStream({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: '수학 퀴즈를 내 주세요.' }] } });
      const recording = record(stream);
      const argumentsByIndex: string[] = [];
      stream.on('toolCallDelta', (delta) => {
        if (delta.type === 'function') argumentsByIndex[delta.index] = (argumentsByIndex[delta.index] ?? '') + (delta.function?.arguments ?? '');
      });
      const waiting = await stream.finalRun();
      expect(eventNames(recording)).toEqual(['thread.created', ...RUN_START, ...callsStep(2 + pieces(quiz) + pieces(feedback)), 'thread.run.requires_action']);
      expect(argumentsByIndex).toEqual([quiz, feedback]);
      const callHelpers = (args: string) => ['toolCallCreated', ...expand(['toolCallDelta', pieces(args)]), 'toolCallDone'];
      expect(helperNames(recording)).toEqual([...callHelpers(quiz), ...callHelpers(feedback)]);
      const calls = waiting.required_action!.submit_tool_outputs.tool_calls;
      expect(calls.map((c) => [c.id, c.function.name, c.function.arguments])).toEqual([
        [expect.stringMatching(CALL_ID), 'display_quiz', quiz],
        [expect.stringMatching(CALL_ID), 'display_quiz', feedback],
      ]);
      expect(calls[0]!.id).not.toBe(calls[1]!.id);
      await expectFinalsEqualRetrieves(h, stream, recording, waiting);

      const after = beta.threads.runs.submitToolOutputsStream(waiting.id, { thread_id: waiting.thread_id, tool_outputs: calls.map((c, i) => ({ tool_call_id: c.id, output: `답 ${i + 1}` })) });
      const afterRecording = record(after);
      const done = await after.finalRun();
      expect(eventNames(afterRecording)).toEqual([...AFTER_OUTPUTS, ...messageStep(2), 'thread.run.completed']);
      expect(done.status).toBe('completed');
      expect(sent(1).slice(-2)).toEqual([
        { role: 'tool', tool_call_id: 'up_q1', content: '답 1' },
        { role: 'tool', tool_call_id: 'up_q2', content: '답 2' },
      ]);
      await expectFinalsEqualRetrieves(h, after, afterRecording, done);
    });

    it("Ophelia (runs.createAndStream): the file_search step streams first, then the answer whose marker arrives as a file_citation annotation on its delta", async () => {
      const file = await h.client.files.create({
        file: await toFile(Buffer.from('오필리아: 왕자님, 오래전부터 돌려드리고 싶었던 정표들이 있사옵니다. 부디 받아 주소서.'), 'hamlet.txt'),
        purpose: 'assistants',
      });
      const store = await h.client.vectorStores.create({ name: 'Hamlet', file_ids: [file.id] });
      const assistant = await beta.assistants.create({ model: 'gpt-4o-mini', name: 'Ophelia', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: [store.id] } } });
      const marker = '【0:0†hamlet.txt】';
      h.upstream.reply({ toolCalls: [{ name: 'file_search', arguments: '{"query":"정표"}', id: 'up_fs' }] }, { text: ['아, 그 정표들 말씀이시군요', marker, '.'] });
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: '햄릿이 준 선물은?' }] });
      const stream = beta.threads.runs.createAndStream(thread.id, { assistant_id: assistant.id });
      const recording = record(stream);
      const annotations: unknown[] = [];
      stream.on('textDelta', (delta) => annotations.push(...(delta.annotations ?? [])));
      const run = await stream.finalRun();
      expect(eventNames(recording)).toEqual([...RUN_START, ...callsStep(1), 'thread.run.step.completed', ...messageStep(3), 'thread.run.completed']);
      const text = `아, 그 정표들 말씀이시군요${marker}.`;
      const citation = { type: 'file_citation', text: marker, start_index: text.indexOf(marker), end_index: text.indexOf(marker) + marker.length, file_citation: { file_id: file.id } };
      expect(annotations).toEqual([{ index: 0, ...citation }]);
      const [message] = await stream.finalMessages();
      expect(textOf(message!)).toBe(text);
      const retrieved = await beta.threads.messages.retrieve(message!.id, { thread_id: thread.id });
      expect(retrieved.content[0]).toEqual({ type: 'text', text: { value: text, annotations: [citation] } });
      const [search] = await stream.finalRunSteps();
      expect(search!.step_details).toMatchObject({ type: 'tool_calls', tool_calls: [{ id: expect.stringMatching(CALL_ID), type: 'file_search' }] });
      expect(sent(1).at(-1)).toEqual({ role: 'tool', tool_call_id: 'up_fs', content: expect.stringMatching(/^【0:0†hamlet\.txt】\n오필리아/) });
      await expectFinalsEqualRetrieves(h, stream, recording, run);
    });

    it('a multi-turn thread (createAndRunStream, then runs.stream on it): the second turn is sent the first answer', async () => {
      const explanation = '3x = 3 이므로 x = 1 이에요.';
      h.upstream.reply({ text: 'x = 1 입니다.' }, { text: explanation });
      const assistant = await beta.assistants.create({ model: 'gpt-4o', instructions: '수학 선생님' });
      const first = await beta.threads.createAndRunStream({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: '3x + 11 = 14 를 풀어 주세요.' }] } }).finalRun();
      expect(first.status).toBe('completed');
      await beta.threads.messages.create(first.thread_id, { role: 'user', content: '설명해 줄 수 있나요?' });
      const stream = beta.threads.runs.stream(first.thread_id, { assistant_id: assistant.id });
      const recording = record(stream);
      const second = await stream.finalRun();
      expect(eventNames(recording)).toEqual([...RUN_START, ...messageStep(explanation.split(' ').length), 'thread.run.completed']);
      expect((await stream.finalMessages()).map(textOf)).toEqual([explanation]);
      expect(sent(1)).toEqual([
        { role: 'system', content: '수학 선생님' },
        { role: 'user', content: '3x + 11 = 14 를 풀어 주세요.' },
        { role: 'assistant', content: 'x = 1 입니다.' },
        { role: 'user', content: '설명해 줄 수 있나요?' },
      ]);
      await expectFinalsEqualRetrieves(h, stream, recording, second);
    });

    it('errors reach the stream: a 429 fails the run (rate_limit_exceeded); an answer broken mid-stream ends its message and step with the run', async () => {
      h.upstream.fallback(() => ({ status: 429, error: { message: 'Rate limit reached for gpt-4o.', code: 'rate_limit_exceeded' }, headers: { 'retry-after-ms': '1' } }));
      const assistant = await beta.assistants.create({ model: 'gpt-4o' });
      const limited = beta.threads.createAndRunStream({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'hi' }] } });
      const limitedRecording = record(limited);
      expect(await limited.finalRun()).toMatchObject({ status: 'failed', last_error: { code: 'rate_limit_exceeded', message: 'Rate limit reached for gpt-4o.' } });
      expect(eventNames(limitedRecording)).toEqual(['thread.created', ...RUN_START, 'thread.run.failed']);

      h.upstream.reset();
      h.upstream.reply({ text: 'I was saying something', garbage: 'data: {not json\n\n' });
      const broken = beta.threads.createAndRunStream({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'hi' }] } });
      const recording = record(broken);
      const run = await broken.finalRun();
      expect(run).toMatchObject({ status: 'failed', last_error: { code: 'server_error' } });
      expect(eventNames(recording).slice(-3)).toEqual(['thread.message.incomplete', 'thread.run.step.failed', 'thread.run.failed']);
      const [message] = (await beta.threads.messages.list(run.thread_id)).data;
      expect(message).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'run_failed' } });
      expect(textOf(message!)).toBe('I was saying something');
    });
  });
}
