import { describe, expect, it } from 'vitest';
import { toFile } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { startLiveHarness, textOf, type LiveHarness } from './helpers/live-harness.js';
import { CALL_ID, DISPLAY_QUIZ, EXAMINE_SERVER } from './helpers/seed-tools.js';

/**
 * The seed notebooks' flows played by a "model" (the fake upstream) instead of scenarios, polled
 * through the official SDK, on both transports: what the app sees, and what the model was sent.
 */
const harnesses: Record<string, LiveHarness> = {
  'in process, upstream in process': await startLiveHarness({ upstream: { liveOnly: true } }),
  'over HTTP, upstream on a socket': await startLiveHarness({ over: 'http', upstreamOver: 'http', upstream: { liveOnly: true } }),
};


for (const [name, h] of Object.entries(harnesses)) {
  const { beta } = h.client;
  const sent = (n: number) => h.upstream.requests[n]!.body.messages as ChatCompletionMessageParam[];

  describe(`live seed flows (${name})`, () => {
    it('the math tutor answers without code: one message, usage from the upstream, code_interpreter offered as the python tool', async () => {
      const answer = '413보다 큰 소수는 419, 421, 431, 433 순서이므로 네 번째는 433이고, 433^3 = 81,182,737 입니다.';
      h.upstream.reply({ text: answer, usage: { prompt_tokens: 57, completion_tokens: 41 } });
      const assistant = await beta.assistants.create({
        name: '수학 선생님',
        instructions: '당신은 개인 수학 선생님입니다.',
        tools: [{ type: 'code_interpreter' }],
        model: 'gpt-4o',
        temperature: 0.2,
      });
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?' }] });
      const run = await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, additional_instructions: '한국어로 답하세요.' });
      expect(run).toMatchObject({ status: 'completed', usage: { prompt_tokens: 57, completion_tokens: 41, total_tokens: 98 }, last_error: null });
      const [message] = (await beta.threads.messages.list(run.thread_id)).data;
      expect(message).toMatchObject({ role: 'assistant', status: 'completed', run_id: run.id, assistant_id: assistant.id });
      expect(textOf(message!)).toBe(answer);
      const steps = (await beta.threads.runs.steps.list(run.id, { thread_id: run.thread_id })).data;
      expect(steps).toHaveLength(1);
      expect(steps[0]).toMatchObject({
        type: 'message_creation',
        status: 'completed',
        step_details: { message_creation: { message_id: message!.id } },
        usage: { prompt_tokens: 57, completion_tokens: 41, total_tokens: 98 },
      });
      const request = h.upstream.requests[0]!.body;
      expect(request).toMatchObject({ model: 'gpt-4o', temperature: 0.2, top_p: 1, stream: true, stream_options: { include_usage: true } });
      // code_interpreter is offered as a function the server runs (live.code-interpreter.test.ts plays it).
      expect(request.tools?.map((tool) => tool.type === 'function' && tool.function.name)).toEqual(['python']);
      expect(request.messages).toEqual([
        { role: 'system', content: expect.stringMatching(/^당신은 개인 수학 선생님입니다\.\n한국어로 답하세요\.\n\nWhen you send Python code to the python tool/) },
        { role: 'user', content: '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?' },
      ]);
    });

    it('examine_server: the call gets a call_ id of its own, the output goes back under the upstream id', async () => {
      h.upstream.reply(
        { toolCalls: [{ name: 'examine_server', arguments: '{}', id: 'call_upstream_1' }], usage: { prompt_tokens: 30, completion_tokens: 5 } },
        { text: '검사 결과: 정상: CPU 12%, 메모리 40%', usage: { prompt_tokens: 50, completion_tokens: 12 } },
      );
      const assistant = await beta.assistants.create({ model: 'gpt-4o', tools: [EXAMINE_SERVER] });
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: '데이터 서버 상태를 확인해 주세요.' }] });
      const waiting = await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
      expect(waiting.status).toBe('requires_action');
      const [call] = waiting.required_action!.submit_tool_outputs.tool_calls;
      expect(call).toEqual({ id: expect.stringMatching(CALL_ID), type: 'function', function: { name: 'examine_server', arguments: '{}' } });
      // As the assistant reads it back: with the `strict: false` the service fills in.
      expect(h.upstream.requests[0]!.body.tools).toEqual([{ type: 'function', function: { ...EXAMINE_SERVER.function, strict: false } }]);

      const done = await beta.threads.runs.submitToolOutputsAndPoll(waiting.id, {
        thread_id: thread.id,
        tool_outputs: [{ tool_call_id: call!.id, output: '정상: CPU 12%, 메모리 40%' }],
      });
      expect(done).toMatchObject({ status: 'completed', usage: { prompt_tokens: 80, completion_tokens: 17, total_tokens: 97 } });
      expect(textOf((await beta.threads.messages.list(thread.id)).data[0]!)).toBe('검사 결과: 정상: CPU 12%, 메모리 40%');
      expect(sent(1).slice(-2)).toEqual([
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_upstream_1', type: 'function', function: { name: 'examine_server', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_upstream_1', content: '정상: CPU 12%, 메모리 40%' },
      ]);
      const steps = (await beta.threads.runs.steps.list(done.id, { thread_id: thread.id, order: 'asc' })).data;
      expect(steps.map((s) => [s.type, s.status, s.usage?.total_tokens])).toEqual([
        ['tool_calls', 'completed', 35],
        ['message_creation', 'completed', 62],
      ]);
      expect(steps[0]!.step_details).toEqual({
        type: 'tool_calls',
        tool_calls: [{ id: call!.id, type: 'function', function: { name: 'examine_server', arguments: '{}', output: '정상: CPU 12%, 메모리 40%' } }],
      });
    });

    it("the quiz: two parallel display_quiz calls, each with its own id, answered together", async () => {
      const quiz = JSON.stringify({ title: '수학 퀴즈', questions: [{ question_text: '2+2?', question_type: 'FREE_RESPONSE' }] });
      const feedback = JSON.stringify({ title: '퀴즈 피드백', questions: [] });
      h.upstream.reply(
        { toolCalls: [{ name: 'display_quiz', arguments: quiz, id: 'up_q1' }, { name: 'display_quiz', arguments: feedback, id: 'up_q2' }] },
        { text: '답변 고마워요: 답 1\n답 2' },
      );
      const assistant = await beta.assistants.create({ model: 'gpt-4o', tools: [DISPLAY_QUIZ] });
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: '수학 퀴즈를 내 주세요.' }] });
      const waiting = await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
      const calls = waiting.required_action!.submit_tool_outputs.tool_calls;
      expect(calls.map((c) => [c.function.name, JSON.parse(c.function.arguments).title])).toEqual([
        ['display_quiz', '수학 퀴즈'],
        ['display_quiz', '퀴즈 피드백'],
      ]);
      expect(calls.map((c) => c.id)).toEqual([expect.stringMatching(CALL_ID), expect.stringMatching(CALL_ID)]);
      expect(calls[0]!.id).not.toBe(calls[1]!.id);
      expect(h.upstream.requests[0]!.body.parallel_tool_calls).toBe(true);
      const done = await beta.threads.runs.submitToolOutputsAndPoll(waiting.id, {
        thread_id: thread.id,
        tool_outputs: calls.map((c, i) => ({ tool_call_id: c.id, output: `답 ${i + 1}` })),
      });
      expect(done.status).toBe('completed');
      expect(sent(1).slice(-3)).toEqual([
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'up_q1', type: 'function', function: { name: 'display_quiz', arguments: quiz } },
            { id: 'up_q2', type: 'function', function: { name: 'display_quiz', arguments: feedback } },
          ],
        },
        { role: 'tool', tool_call_id: 'up_q1', content: '답 1' },
        { role: 'tool', tool_call_id: 'up_q2', content: '답 2' },
      ]);
    });

    it('Ophelia: the model searches the files, the server answers with marked chunks, its markers become file_citation annotations', async () => {
      const file = await h.client.files.create({
        file: await toFile(Buffer.from('오필리아: 왕자님, 오래전부터 돌려드리고 싶었던 정표들이 있사옵니다. 부디 받아 주소서.'), 'hamlet.txt'),
        purpose: 'assistants',
      });
      const store = await h.client.vectorStores.create({ name: "Hamlet", file_ids: [file.id] });
      const assistant = await beta.assistants.create({
        model: 'gpt-4o-mini',
        name: 'Ophelia',
        tools: [{ type: 'file_search' }],
        tool_resources: { file_search: { vector_store_ids: [store.id] } },
      });
      h.upstream.reply({ toolCalls: [{ name: 'file_search', arguments: '{"query":"정표"}', id: 'up_fs' }] });
      h.upstream.fallback((request) => {
        const results = request.body.messages.find((m) => m.role === 'tool')!.content as string;
        const marker = results.match(/【\d+:0†[^】]+】/)![0];
        return { text: `아, 그 정표들 말씀이시군요. 오래전부터 돌려드리고 싶었사옵니다${marker}.` };
      });
      const run = await beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: '햄릿이 준 선물은?' }] } });
      expect(run.status).toBe('completed');
      expect(h.upstream.requests[0]!.body.tools).toEqual([expect.objectContaining({ type: 'function', function: expect.objectContaining({ name: 'file_search' }) })]);

      const steps = (await beta.threads.runs.steps.list(run.id, { thread_id: run.thread_id, order: 'asc', include: ['step_details.tool_calls[*].file_search.results[*].content'] })).data;
      expect(steps.map((s) => s.type)).toEqual(['tool_calls', 'message_creation']);
      const search = steps[0]!.step_details.type === 'tool_calls' ? steps[0]!.step_details.tool_calls[0]! : null;
      expect(search).toMatchObject({ id: expect.stringMatching(CALL_ID), type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0 } } });
      const results = search?.type === 'file_search' ? search.file_search.results! : [];
      expect(results[0]).toMatchObject({ file_id: file.id, file_name: 'hamlet.txt', content: [{ type: 'text', text: expect.stringContaining('정표') }] });
      // The model was given the chunk under its marker, as the answer to its own call.
      expect(sent(1).slice(-2)).toEqual([
        { role: 'assistant', content: null, tool_calls: [{ id: 'up_fs', type: 'function', function: { name: 'file_search', arguments: '{"query":"정표"}' } }] },
        { role: 'tool', tool_call_id: 'up_fs', content: expect.stringMatching(/^【0:0†hamlet\.txt】\n오필리아: 왕자님/) },
      ]);

      const [message] = (await beta.threads.messages.list(run.thread_id)).data;
      const text = message!.content[0]!.type === 'text' ? message!.content[0]!.text : null;
      const marker = '【0:0†hamlet.txt】';
      expect(text!.value).toBe(`아, 그 정표들 말씀이시군요. 오래전부터 돌려드리고 싶었사옵니다${marker}.`);
      const start = text!.value.indexOf(marker);
      expect(text!.annotations).toEqual([{ type: 'file_citation', text: marker, start_index: start, end_index: start + marker.length, file_citation: { file_id: file.id } }]);
    });

    it('an uploaded image goes to the model as a data URL beside the text', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201d2b5a0a50000000049454e44ae426082', 'hex');
      const image = await h.client.files.create({ file: await toFile(png, 'dot.png'), purpose: 'vision' });
      h.upstream.reply({ text: 'A single dot.' });
      const assistant = await beta.assistants.create({ model: 'gpt-4o' });
      const run = await beta.threads.createAndRunPoll({
        assistant_id: assistant.id,
        thread: { messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_file', image_file: { file_id: image.id, detail: 'low' } }] }] },
      });
      expect(run.status).toBe('completed');
      expect(sent(0)).toEqual([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}`, detail: 'low' } },
          ],
        },
      ]);
    });

    it('a multi-turn thread: the second run sends the first answer back as the assistant', async () => {
      h.upstream.reply({ text: 'x = 1 입니다.' }, { text: '3x = 3 이므로 x = 1 이에요.' });
      const assistant = await beta.assistants.create({ model: 'gpt-4o', instructions: '수학 선생님' });
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: '3x + 11 = 14 를 풀어 주세요.' }] });
      expect((await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id })).status).toBe('completed');
      await beta.threads.messages.create(thread.id, { role: 'user', content: '설명해 줄 수 있나요?' });
      expect((await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id })).status).toBe('completed');
      expect(sent(1)).toEqual([
        { role: 'system', content: '수학 선생님' },
        { role: 'user', content: '3x + 11 = 14 를 풀어 주세요.' },
        { role: 'assistant', content: 'x = 1 입니다.' },
        { role: 'user', content: '설명해 줄 수 있나요?' },
      ]);
      const texts = (await beta.threads.messages.list(thread.id, { order: 'asc' })).data.map(textOf);
      expect(texts).toEqual(['3x + 11 = 14 를 풀어 주세요.', 'x = 1 입니다.', '설명해 줄 수 있나요?', '3x = 3 이므로 x = 1 이에요.']);
    });
  });
}
