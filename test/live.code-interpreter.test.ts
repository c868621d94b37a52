import { describe, expect, it } from 'vitest';
import { toFile } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CodeInterpreterToolCall, RunStep } from 'openai/resources/beta/threads/runs/steps';
import { eventNames, record } from './helpers/assistant-stream.js';
import { expectFinalsEqualRetrieves } from './helpers/stream-runs.js';
import { startLiveHarness, textOf, type LiveHarness } from './helpers/live-harness.js';
import { TUTOR_CODE } from './helpers/tutor-code.js';

/**
 * code_interpreter in live runs: the model is offered a `python` function, its call runs in the
 * thread's Python sandbox as a completed code_interpreter step (never `requires_action`), and the
 * model reads what the code printed in its next turn.
 */
const harnesses: Record<string, LiveHarness> = {
  'in process': await startLiveHarness({ sandbox: { spares: 0 }, upstream: { liveOnly: true } }),
  'over HTTP, upstream on a socket': await startLiveHarness({ sandbox: { spares: 0 }, over: 'http', upstreamOver: 'http', upstream: { liveOnly: true } }),
};

const QUESTION = '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?';
const ANSWER = '413보다 큰 네 번째 소수는 433이고, 433^3 = 81,182,737 입니다.';
const CALL_ID = /^call_[A-Za-z0-9]{24}$/;
const SYMPY_TRACEBACK =
  'Traceback (most recent call last):\n  File "<cell 1>", line 1, in <module>\n    from sympy import isprime\nModuleNotFoundError: No module named \'sympy\'\n';

const codeCall = (code: string, id = 'call_up_code') => ({ name: 'python', arguments: JSON.stringify({ code }), id });

for (const [name, h] of Object.entries(harnesses)) {
  const { beta } = h.client;
  const sent = (n: number) => h.upstream.requests[n]!.body.messages as ChatCompletionMessageParam[];
  const tutor = () => beta.assistants.create({ name: '수학 선생님', instructions: '당신은 개인 수학 선생님입니다.', model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
  const stepsOf = async (threadId: string, runId: string) => (await beta.threads.runs.steps.list(runId, { thread_id: threadId, order: 'asc' })).data;
  const codeOfStep = (step: RunStep) => (step.step_details.type === 'tool_calls' ? (step.step_details.tool_calls[0] as CodeInterpreterToolCall) : undefined);

  describe(`live code_interpreter (${name})`, () => {
    it('the math tutor runs its code for real: the step shows the input and the logs, the model reads them and answers', async () => {
      h.upstream.reply(
        { toolCalls: [codeCall(TUTOR_CODE)], usage: { prompt_tokens: 120, completion_tokens: 80 } },
        { text: ANSWER, usage: { prompt_tokens: 230, completion_tokens: 30 } },
      );
      const assistant = await tutor();
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: QUESTION }] });
      const run = await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
      expect(run).toMatchObject({ status: 'completed', required_action: null, last_error: null, usage: { prompt_tokens: 350, completion_tokens: 110, total_tokens: 460 } });

      const [code, message] = await stepsOf(thread.id, run.id);
      expect(code).toMatchObject({ type: 'tool_calls', status: 'completed', usage: { prompt_tokens: 120, completion_tokens: 80, total_tokens: 200 } });
      expect(codeOfStep(code!)).toEqual({
        id: expect.stringMatching(CALL_ID),
        type: 'code_interpreter',
        code_interpreter: { input: TUTOR_CODE, outputs: [{ type: 'logs', logs: '(433, 81182737)\n' }] },
      });
      expect(message).toMatchObject({ type: 'message_creation', status: 'completed' });
      expect(textOf((await beta.threads.messages.list(thread.id)).data[0]!)).toBe(ANSWER);

      // Offered as a function with one `code` argument; the next turn carries the call and its logs.
      const offered = h.upstream.requests[0]!.body.tools!;
      expect(offered).toHaveLength(1);
      expect(offered[0]).toMatchObject({ type: 'function', function: { name: 'python', parameters: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] } } });
      // The system message: the tutor's instructions, then how to use the tool.
      expect(sent(0)[0]).toEqual({ role: 'system', content: expect.stringMatching(/^당신은 개인 수학 선생님입니다\.\n\nWhen you send Python code to the python tool[^]*\/mnt\/data\//) });
      expect(sent(1).slice(-2)).toEqual([
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_up_code', type: 'function', function: { name: 'python', arguments: JSON.stringify({ code: TUTOR_CODE }) } }] },
        { role: 'tool', tool_call_id: 'call_up_code', content: '(433, 81182737)\n' },
      ]);
      expect(h.upstream.requests).toHaveLength(2);
    });

    it('an error comes back as the traceback in logs, the model reads it and the run goes on', async () => {
      h.upstream.reply({ toolCalls: [codeCall('from sympy import isprime')] }, { toolCalls: [codeCall(TUTOR_CODE, 'call_up_again')] }, { text: ANSWER });
      const assistant = await tutor();
      const run = await beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: QUESTION }] } });
      expect(run.status).toBe('completed');
      const steps = await stepsOf(run.thread_id, run.id);
      expect(steps.map((step) => step.type)).toEqual(['tool_calls', 'tool_calls', 'message_creation']);
      expect(codeOfStep(steps[0]!)!.code_interpreter.outputs).toEqual([{ type: 'logs', logs: SYMPY_TRACEBACK }]);
      expect(codeOfStep(steps[1]!)!.code_interpreter.outputs).toEqual([{ type: 'logs', logs: '(433, 81182737)\n' }]);
      expect(sent(1).at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_up_code', content: SYMPY_TRACEBACK });
      // Both rounds, in order, in the last turn's prompt.
      expect(sent(2).slice(-4).map((m) => m.role)).toEqual(['assistant', 'tool', 'assistant', 'tool']);
      expect(sent(2).at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_up_again', content: '(433, 81182737)\n' });
    });

    it("the thread's variables persist across calls; code that prints nothing tells the model so", async () => {
      h.upstream.reply({ toolCalls: [codeCall('x = 433 ** 3')] }, { toolCalls: [codeCall('print(f"{x:,}")')] }, { text: '81,182,737' });
      const assistant = await tutor();
      const run = await beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: '433 cubed?' }] } });
      expect(run.status).toBe('completed');
      const [first, second] = await stepsOf(run.thread_id, run.id);
      expect(codeOfStep(first!)!.code_interpreter.outputs).toEqual([]);
      expect(codeOfStep(second!)!.code_interpreter.outputs).toEqual([{ type: 'logs', logs: '81,182,737\n' }]);
      expect(sent(1).at(-1)).toMatchObject({ role: 'tool', content: 'The code ran and printed nothing.' });
    });

    it('text before the call is a message step of its own; the files given to code_interpreter are under /mnt/data/', async () => {
      const csv = await h.client.files.create({ file: await toFile(Buffer.from('a,b\n1,2\n3,4\n'), 'data.csv'), purpose: 'assistants' });
      const count = 'import csv, os\nlen(list(csv.reader(open("/mnt/data/" + os.listdir("/mnt/data")[0]))))';
      h.upstream.reply({ text: 'Let me count them.', toolCalls: [codeCall(count)] }, { text: 'There are 3 rows.' });
      const assistant = await beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
      const run = await beta.threads.createAndRunPoll({
        assistant_id: assistant.id,
        thread: { messages: [{ role: 'user', content: 'count the rows', attachments: [{ file_id: csv.id, tools: [{ type: 'code_interpreter' }] }] }] },
      });
      expect(run.status).toBe('completed');
      const steps = await stepsOf(run.thread_id, run.id);
      expect(steps.map((step) => [step.type, step.status])).toEqual([
        ['message_creation', 'completed'],
        ['tool_calls', 'completed'],
        ['message_creation', 'completed'],
      ]);
      expect(codeOfStep(steps[1]!)!.code_interpreter.outputs).toEqual([{ type: 'logs', logs: '3\n' }]);
      const texts = (await beta.threads.messages.list(run.thread_id, { order: 'asc' })).data.filter((m) => m.role === 'assistant').map(textOf);
      expect(texts).toEqual(['Let me count them.', 'There are 3 rows.']);
    });

    it('a cancel while the code runs ends the run cancelled: no code step is recorded and the model is not asked again', async () => {
      h.upstream.reply({ toolCalls: [codeCall('import time\nstart = time.time()\nwhile time.time() < start + 1.5: pass\nprint("late")')] }, { text: 'never asked' });
      const assistant = await tutor();
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: 'spin' }] });
      const run = await beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
      await expect.poll(() => h.upstream.requests.length).toBe(1);
      await beta.threads.runs.cancel(run.id, { thread_id: thread.id });
      const ended = await beta.threads.runs.poll(run.id, { thread_id: thread.id });
      expect(ended.status).toBe('cancelled');
      // Past the time the code takes: its end changes nothing.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect((await beta.threads.runs.retrieve(run.id, { thread_id: thread.id })).status).toBe('cancelled');
      const steps = await stepsOf(thread.id, run.id);
      expect(steps.some((step) => codeOfStep(step)?.type === 'code_interpreter')).toBe(false);
      expect(h.upstream.requests).toHaveLength(1);
    });

    it('streamed: the code step streams its input and logs, then the answer; never requires_action; the finals equal the retrieves', async () => {
      h.upstream.reply({ toolCalls: [codeCall(TUTOR_CODE)] }, { text: ANSWER });
      const assistant = await tutor();
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: QUESTION }] });
      const stream = beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
      const recording = record(stream);
      let input = '';
      const logs: string[] = [];
      stream.on('toolCallDelta', (delta) => {
        if (delta.type !== 'code_interpreter') return;
        input += delta.code_interpreter?.input ?? '';
        for (const output of delta.code_interpreter?.outputs ?? []) if (output.type === 'logs') logs.push(output.logs ?? '');
      });
      const run = await stream.finalRun();
      expect(run.status).toBe('completed');
      expect(input).toBe(TUTOR_CODE);
      expect(logs).toEqual(['(433, 81182737)\n']);
      const names = eventNames(recording);
      expect(names).not.toContain('thread.run.requires_action');
      const codeStep = names.indexOf('thread.run.step.created');
      expect(names.slice(codeStep, codeStep + 2)).toEqual(['thread.run.step.created', 'thread.run.step.in_progress']);
      expect(names.filter((n) => n === 'thread.run.step.completed')).toHaveLength(2);
      expect(names.at(-1)).toBe('thread.run.completed');
      await expectFinalsEqualRetrieves(h, stream, recording, run);
    });
  });
}
