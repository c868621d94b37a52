import { describe, expect, it } from 'vitest';
import { bundledScenariosDir, loadFixtures } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';

const h = await startHarness({ scenarios: loadFixtures([bundledScenariosDir]) });
const { beta } = h.client;

const textOf = (m: { content: { type: string; text?: { value: string } }[] }) => m.content.map((p) => p.text?.value ?? '').join('');

async function mathTutor() {
  return beta.assistants.create({
    name: '수학 선생님',
    instructions: '당신은 개인 수학 선생님입니다. 수학 질문에 답하기 위해 코드를 작성하고 실행하세요.',
    tools: [{ type: 'code_interpreter' }],
    model: 'gpt-4o',
  });
}

describe('the seed notebooks, end to end through the SDK', () => {
  it('prime cube: code_interpreter, then the answer', async () => {
    const assistant = await mathTutor();
    const thread = await beta.threads.create();
    await beta.threads.messages.create(thread.id, { role: 'user', content: '413보다 큰 소수 중에서 네 번째로 작은 소수의 세제곱은 무엇인가요?' });
    const run = await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(run.status).toBe('completed');
    const messages = await beta.threads.messages.list(thread.id, { order: 'asc' });
    expect(messages.data.map(textOf).at(-1)).toBe('413보다 큰 소수는 419, 421, 431, 433 순서이므로 네 번째로 작은 소수는 433이고, 433^3 = 81,182,737 입니다.');
    const steps = await beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' });
    expect(steps.data.map((s) => s.type)).toEqual(['message_creation', 'tool_calls', 'message_creation']);
    const code = steps.data[1]!.step_details;
    expect(code.type === 'tool_calls' && code.tool_calls[0]).toMatchObject({
      type: 'code_interpreter',
      code_interpreter: { input: expect.stringContaining('from sympy import isprime'), outputs: [{ type: 'logs', logs: '(433, 81182737)' }] },
    });
  });

  it('the equation and its follow-up on the same thread', async () => {
    const assistant = await mathTutor();
    const thread = await beta.threads.create({ messages: [{ role: 'user', content: '`3x + 11 = 14` 방정식을 풀어야 해요. 도와줄 수 있나요?' }] });
    expect((await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id })).status).toBe('completed');
    await beta.threads.messages.create(thread.id, { role: 'user', content: '설명해 줄 수 있나요?' });
    const second = await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(second.status).toBe('completed');
    const texts = (await beta.threads.messages.list(thread.id, { order: 'asc' })).data.map(textOf);
    expect(texts).toHaveLength(4);
    expect(texts[1]).toBe('방정식 3x + 11 = 14의 해는 x = 1 입니다.');
    expect(texts[3]).toContain('x = 1');
  });

  it('three concurrent createThreadAndRun threads each get their own answer', async () => {
    const assistant = await mathTutor();
    const questions = ['I need to solve the equation `3x + 11 = 14`. Can you help me?', 'Could you explain linear algebra to me?', "I don't like math. What can I do?"];
    const runs = await Promise.all(
      questions.map((content) => beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content }] } })),
    );
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(new Set(runs.map((r) => r.thread_id)).size).toBe(3);
    const answers = await Promise.all(runs.map(async (r) => textOf((await beta.threads.messages.list(r.thread_id)).data[0]!)));
    expect(answers[0]).toContain('x = 1');
    expect(answers[1]).toContain('선형대수');
    expect(answers[2]).toContain('수학이 싫게');
  });

  it('fibonacci with code_interpreter', async () => {
    const assistant = await mathTutor();
    const run = await beta.threads.createAndRunPoll({
      assistant_id: assistant.id,
      thread: { messages: [{ role: 'user', content: 'Generate the first 20 fibonacci numbers with code.' }] },
    });
    const steps = await beta.threads.runs.steps.list(run.id, { thread_id: run.thread_id, order: 'asc' });
    expect(steps.data.map((s) => s.type)).toEqual(['tool_calls', 'message_creation']);
  });

  it('examine_server: a function call answered by the app', async () => {
    const assistant = await beta.assistants.create({
      model: 'gpt-4o',
      tools: [{ type: 'function', function: { name: 'examine_server', description: '서버 상태를 검사합니다.', parameters: { type: 'object', properties: {} } } }],
    });
    const thread = await beta.threads.create({ messages: [{ role: 'user', content: '데이터 서버 상태를 확인해 주세요.' }] });
    const waiting = await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(waiting.status).toBe('requires_action');
    const [call] = waiting.required_action!.submit_tool_outputs.tool_calls;
    const done = await beta.threads.runs.submitToolOutputsAndPoll(waiting.id, {
      thread_id: thread.id,
      tool_outputs: [{ tool_call_id: call!.id, output: '정상: CPU 12%, 메모리 40%' }],
    });
    expect(done.status).toBe('completed');
    expect(textOf((await beta.threads.messages.list(thread.id)).data[0]!)).toBe('검사 결과: 정상: CPU 12%, 메모리 40%');
  });

  it('the quiz: two parallel display_quiz calls answered together', async () => {
    const displayQuiz = {
      type: 'function' as const,
      function: { name: 'display_quiz', parameters: { type: 'object', properties: { title: { type: 'string' }, questions: { type: 'array' } } } },
    };
    const assistant = await beta.assistants.create({ model: 'gpt-4o', tools: [displayQuiz] });
    const thread = await beta.threads.create({ messages: [{ role: 'user', content: '수학 퀴즈를 내 주세요.' }] });
    const waiting = await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    const calls = waiting.required_action!.submit_tool_outputs.tool_calls;
    expect(calls.map((c) => [c.function.name, JSON.parse(c.function.arguments).title])).toEqual([
      ['display_quiz', '수학 퀴즈'],
      ['display_quiz', '퀴즈 피드백'],
    ]);
    const done = await beta.threads.runs.submitToolOutputsAndPoll(waiting.id, {
      thread_id: thread.id,
      tool_outputs: calls.map((c, i) => ({ tool_call_id: c.id, output: `답 ${i + 1}` })),
    });
    expect(done.status).toBe('completed');
    expect(textOf((await beta.threads.messages.list(thread.id)).data[0]!)).toBe('답변 고마워요: 답 1\n답 2');
  });
});
