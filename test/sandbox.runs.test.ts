import { toFile } from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';
import { TUTOR_CODE } from './helpers/tutor-code.js';

const countRows = `import csv, os
[name] = os.listdir("/mnt/data")
rows = list(csv.reader(open(f"/mnt/data/{name}", encoding="utf-8")))
open("/mnt/data/count.txt", "w").write(f"{len(rows)} rows")
len(rows)`;

const h = await startHarness({
  sandbox: { spares: 0 },
  scenarios: defineScenarios([
    {
      name: 'tutor-for-real',
      match: { message: '413' },
      script: [{ code_interpreter: { input: TUTOR_CODE } }, { say: '433^3 = 81,182,737 입니다.' }],
    },
    { name: 'rows', match: { message: 'rows' }, script: [{ code_interpreter: { input: countRows } }, { say: 'counted' }] },
    { name: 'broken', match: { message: 'sympy' }, script: [{ code_interpreter: { input: 'from sympy import isprime' } }, { say: 'no sympy' }] },
  ]),
});
afterAll(() => h.server.close());

async function codeCalls(threadId: string, runId: string) {
  const steps = await h.client.beta.threads.runs.steps.list(runId, { thread_id: threadId, order: 'asc' });
  return steps.data.flatMap((step) =>
    step.step_details.type === 'tool_calls' ? step.step_details.tool_calls.flatMap((call) => (call.type === 'code_interpreter' ? [{ step, call }] : [])) : [],
  );
}

describe('a scripted code_interpreter step without logs runs for real', { timeout: 60_000 }, () => {
  it("reports the code's actual output, then the script goes on", async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    const run = await h.client.beta.threads.createAndRunPoll({
      assistant_id: assistant.id,
      thread: { messages: [{ role: 'user', content: '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?' }] },
    });
    expect(run.status).toBe('completed');
    const [only] = await codeCalls(run.thread_id, run.id);
    expect(only!.step.status).toBe('completed');
    expect(only!.call.code_interpreter).toEqual({ input: TUTOR_CODE, outputs: [{ type: 'logs', logs: '(433, 81182737)\n' }] });
    const [answer] = (await h.client.beta.threads.messages.list(run.thread_id)).data;
    expect(answer!.content[0]).toMatchObject({ type: 'text', text: { value: '433^3 = 81,182,737 입니다.' } });
  });

  it('streams the code and its output as step deltas', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    const stream = h.client.beta.threads.createAndRunStream({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: '413?' }] } });
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
  });

  it('puts the thread\'s code_interpreter files under /mnt/data/ and makes what the code writes downloadable', async () => {
    const csv = await h.client.files.create({ file: await toFile(Buffer.from('a,b\n1,2\n3,4\n'), 'data.csv'), purpose: 'assistants' });
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    const run = await h.client.beta.threads.createAndRunPoll({
      assistant_id: assistant.id,
      thread: { messages: [{ role: 'user', content: 'count the rows', attachments: [{ file_id: csv.id, tools: [{ type: 'code_interpreter' }] }] }] },
    });
    expect(run.status).toBe('completed');
    const [only] = await codeCalls(run.thread_id, run.id);
    expect(only!.call.code_interpreter.outputs).toEqual([{ type: 'logs', logs: '3\n' }]);
    const outputs = (await h.client.files.list({ purpose: 'assistants_output' })).data;
    const written = outputs.find((file) => file.filename === '/mnt/data/count.txt');
    expect(written).toMatchObject({ purpose: 'assistants_output', bytes: 6 });
    expect(await (await h.client.files.content(written!.id)).text()).toBe('3 rows');
  });

  it('reports an import the sandbox lacks as the traceback in logs, and the run goes on', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    const run = await h.client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'sympy' }] } });
    expect(run.status).toBe('completed');
    const [only] = await codeCalls(run.thread_id, run.id);
    expect(only!.call.code_interpreter.outputs).toEqual([
      {
        type: 'logs',
        logs: 'Traceback (most recent call last):\n  File "<cell 1>", line 1, in <module>\n    from sympy import isprime\nModuleNotFoundError: No module named \'sympy\'\n',
      },
    ]);
  });
});
