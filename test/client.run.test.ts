import { describe, expect, it } from 'vitest';
import { defineTool, type RunEvent, type RunResult } from '@assistants-mock/client';
import { bundledScenariosDir, defineScenarios, loadFixtures } from '@assistants-mock/fixtures';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { recordingClient, submissions } from './helpers/assistants-client.js';

const h = await startHarness({
  scenarios: [
    ...defineScenarios([
      {
        name: 'two-rounds',
        match: { message: 'two rounds' },
        script: [
          { call: { lookup: { term: 'cube' } } },
          { call: { lookup: { term: 'prime' } } },
          { say: 'Found: {{outputs.lookup}}' },
        ],
      },
    ]),
    ...loadFixtures([bundledScenariosDir]),
  ],
});

const quizQuestion = { type: 'object', properties: { question_text: { type: 'string' }, question_type: { enum: ['FREE_RESPONSE', 'MULTIPLE_CHOICE'] }, choices: { type: 'array', items: { type: 'string' } } }, required: ['question_text', 'question_type'] };
const displayQuiz = defineTool<{ title: string; questions: { question_text: string }[] }>({
  name: 'display_quiz',
  description: 'Shows a quiz to the student and returns the answers',
  parameters: { type: 'object', properties: { title: { type: 'string' }, questions: { type: 'array', items: quizQuestion } }, required: ['title', 'questions'] },
  handler: async ({ title, questions }) => ({ title, answers: questions.map((q) => `answer to ${q.question_text}`) }),
});
const examineServer = defineTool({ name: 'examine_server', parameters: { type: 'object', properties: {} }, handler: () => 'CPU 12%, disk 40%' });
const lookup = defineTool<{ term: string }>({
  name: 'lookup',
  parameters: { type: 'object', properties: { term: { type: 'string' } }, required: ['term'] },
  handler: ({ term }) => `${term}!`,
});

async function setup(name: string, tools: { definition: object }[] = [], extra: { type: 'code_interpreter' }[] = []) {
  const key = uniqueKey(name);
  const { client, requests } = recordingClient(h, key);
  const assistant = await client.openai.beta.assistants.create({
    model: 'gpt-4o',
    name: '수학 선생님',
    tools: [...extra, ...tools.map((tool) => tool.definition as never)],
  });
  return { client, requests, assistant };
}

for (const mode of ['poll', 'stream'] as const) {
  describe(`run() by ${mode}`, () => {
    it('answers two parallel calls with both outputs in one submit_tool_outputs request', async () => {
      const { client, requests, assistant } = await setup(`quiz-${mode}`, [displayQuiz]);
      const result = await client.run({ assistantId: assistant.id, message: '퀴즈를 내 주세요', tools: [displayQuiz], mode });

      expect(result.status).toBe('completed');
      const sent = submissions(requests);
      expect(sent).toHaveLength(1);
      const [first, second] = result.toolCalls;
      expect(sent[0]!.body).toEqual({
        tool_outputs: [
          { tool_call_id: first!.id, output: JSON.stringify({ title: '수학 퀴즈', answers: ['answer to 2의 제곱은?', 'answer to 다음 중 소수는?'] }) },
          { tool_call_id: second!.id, output: JSON.stringify({ title: '퀴즈 피드백', answers: [] }) },
        ],
        ...(mode === 'stream' && { stream: true }),
      });
      expect(result.toolCalls.map((call) => [call.name, call.error])).toEqual([
        ['display_quiz', undefined],
        ['display_quiz', undefined],
      ]);
      expect(result.text).toBe(`답변 고마워요: ${first!.output}\n${second!.output}`);
    });

    it('returns the final run, its messages oldest first with their text, its steps and its tool calls', async () => {
      const { client, assistant } = await setup(`server-${mode}`, [examineServer]);
      const result = await client.run({ assistantId: assistant.id, message: '서버 상태를 확인해 줘', tools: [examineServer], mode });

      expect(result).toMatchObject({ status: 'completed', threadId: result.run.thread_id, run: { status: 'completed', assistant_id: assistant.id } });
      expect(result.messages.map((m) => [m.role, m.run_id, m.text])).toEqual([
        ['assistant', result.run.id, '데이터 서버의 상태를 확인하기 위해 검사해보겠습니다.'],
        ['assistant', result.run.id, '검사 결과: CPU 12%, disk 40%'],
      ]);
      expect(result.text).toBe('데이터 서버의 상태를 확인하기 위해 검사해보겠습니다.\n\n검사 결과: CPU 12%, disk 40%');
      expect(result.steps.map((s) => [s.type, s.status])).toEqual([
        ['message_creation', 'completed'],
        ['tool_calls', 'completed'],
        ['message_creation', 'completed'],
      ]);
      expect(result.toolCalls).toEqual([
        { id: expect.stringMatching(/^call_/), name: 'examine_server', arguments: '{}', args: {}, output: 'CPU 12%, disk 40%' },
      ]);
      expect(result.steps[1]!.step_details).toMatchObject({ tool_calls: [{ id: result.toolCalls[0]!.id, function: { output: 'CPU 12%, disk 40%' } }] });
    });

    it('goes through several requires_action rounds, one submission each', async () => {
      const { client, requests, assistant } = await setup(`rounds-${mode}`, [lookup]);
      const result = await client.run({ assistantId: assistant.id, message: 'two rounds please', tools: [lookup], mode });
      expect(result.text).toBe('Found: prime!');
      expect(result.toolCalls.map((call) => [call.args, call.output])).toEqual([
        [{ term: 'cube' }, 'cube!'],
        [{ term: 'prime' }, 'prime!'],
      ]);
      expect(submissions(requests)).toHaveLength(2);
    });

    it('continues an existing thread, sending the new message with the run in one request', async () => {
      const { client, requests, assistant } = await setup(`follow-up-${mode}`, [], [{ type: 'code_interpreter' }]);
      const first = await client.run({ assistantId: assistant.id, message: '3x + 11 = 14 를 풀어 주세요', mode });
      requests.length = 0;
      const second = await client.run({ assistantId: assistant.id, threadId: first.threadId, message: '설명해 주세요', mode });

      expect(second.threadId).toBe(first.threadId);
      expect(second.text).toMatch(/^물론이죠\. 3x \+ 11 = 14에서/);
      const creates = requests.filter((r) => r.method === 'POST' && r.path === `/threads/${first.threadId}/runs`);
      expect(creates.map((r) => r.body)).toEqual([
        { assistant_id: assistant.id, additional_messages: [{ role: 'user', content: '설명해 주세요' }], ...(mode === 'stream' && { stream: true }) },
      ]);
      expect(requests.some((r) => r.path.endsWith('/messages') && r.method === 'POST')).toBe(false);
      const conversation = await client.listMessages(first.threadId);
      expect(conversation.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    });
  });
}

/** The result without what differs between two runs of the same scenario (ids, timestamps). */
function shape(result: RunResult) {
  return {
    status: result.status,
    text: result.text,
    messages: result.messages.map((m) => ({ role: m.role, status: m.status, text: m.text, content: m.content })),
    steps: result.steps.map((s) => ({ type: s.type, status: s.status, usage: s.usage, details: s.step_details.type })),
    toolCalls: result.toolCalls.map(({ id: _id, ...call }) => call),
    usage: result.run.usage,
  };
}

describe('poll and stream', () => {
  it('give the same result for the same scenario', async () => {
    for (const [message, tools] of [
      ['퀴즈를 내 주세요', [displayQuiz]],
      ['413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?', []],
    ] as const) {
      const { client, assistant } = await setup('parity', [...tools], [{ type: 'code_interpreter' }]);
      const polled = await client.run({ assistantId: assistant.id, message, tools, mode: 'poll' });
      const streamed = await client.run({ assistantId: assistant.id, message, tools, mode: 'stream' });
      expect(shape(streamed)).toEqual(shape(polled));
      expect(polled.status).toBe('completed');
    }
  });

  it('report the same messages, steps and tool calls; streaming also every status and the text deltas', async () => {
    const kinds = async (mode: 'poll' | 'stream') => {
      const { client, assistant } = await setup(`events-${mode}`, [examineServer]);
      const events: RunEvent[] = [];
      await client.run({ assistantId: assistant.id, message: '서버 점검', tools: [examineServer], mode, onEvent: (e) => events.push(e) });
      return events;
    };
    const [polled, streamed] = await Promise.all([kinds('poll'), kinds('stream')]);
    const statuses = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'run.status' ? [e.status] : []));
    const summary = (events: RunEvent[]) => ({
      messages: events.flatMap((e) => (e.type === 'message.done' ? [e.message.text] : [])),
      steps: events.flatMap((e) => (e.type === 'step.done' ? [e.step.type] : [])).sort(),
      tools: events.flatMap((e) => (e.type.startsWith('tool_call.') ? [e.type] : [])),
    });
    expect(summary(polled)).toEqual(summary(streamed));
    expect(summary(streamed)).toEqual({
      messages: ['데이터 서버의 상태를 확인하기 위해 검사해보겠습니다.', '검사 결과: CPU 12%, disk 40%'],
      steps: ['message_creation', 'message_creation', 'tool_calls'],
      tools: ['tool_call.started', 'tool_call.finished'],
    });
    // The stream sees every status; polling sees those it happens to read (the mock moves on between reads).
    expect(statuses(streamed)).toEqual(['queued', 'in_progress', 'requires_action', 'queued', 'in_progress', 'completed']);
    expect(statuses(polled)).toEqual(['queued', 'requires_action', 'queued', 'completed']);
    expect(polled.some((e) => e.type === 'message.delta')).toBe(false);
    const deltas = streamed.flatMap((e) => (e.type === 'message.delta' ? [e] : []));
    expect(deltas.length).toBeGreaterThan(2);
    const firstMessageId = deltas[0]!.messageId;
    const ofFirst = deltas.filter((d) => d.messageId === firstMessageId);
    expect(ofFirst.map((d) => d.delta).join('')).toBe('데이터 서버의 상태를 확인하기 위해 검사해보겠습니다.');
    expect(ofFirst.at(-1)!.text).toBe('데이터 서버의 상태를 확인하기 위해 검사해보겠습니다.');
  });
});
