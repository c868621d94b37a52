import OpenAI, { toFile } from 'openai';
import { afterAll, expect, it } from 'vitest';
import { createMockServer } from '../server.js';
import { ownerOf } from '../owner.js';
import { runCodeCall } from './code-step.js';
import { createSandboxPool } from './pool.js';

const server = createMockServer();
const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-code-step', fetch: server.fetch, maxRetries: 0 });
const sandbox = createSandboxPool({ spares: 0 });
afterAll(async () => {
  await sandbox.close();
  await server.close();
});

it("runs a call with the assistant's and the thread's code_interpreter files under /mnt/data/, and stores what it writes", { timeout: 60_000 }, async () => {
  const scores = await client.files.create({ file: await toFile(Buffer.from('name,score\n민준,90\n서연,85\n'), 'scores.csv'), purpose: 'assistants' });
  const extra = await client.files.create({ file: await toFile(Buffer.from('지호,70\n'), 'more.csv'), purpose: 'assistants' });
  const assistant = await client.beta.assistants.create({
    model: 'gpt-4o',
    tools: [{ type: 'code_interpreter' }],
    tool_resources: { code_interpreter: { file_ids: [scores.id] } },
  });
  const thread = await client.beta.threads.create({
    messages: [{ role: 'user', content: '평균을 구해 주세요.', attachments: [{ file_id: extra.id, tools: [{ type: 'code_interpreter' }] }] }],
  });
  const code = [
    'import os',
    `rows = open("/mnt/data/${scores.id}", encoding="utf-8").read().splitlines()[1:] + open("/mnt/data/${extra.id}", encoding="utf-8").read().splitlines()`,
    'mean = sum(int(row.split(",")[1]) for row in rows) / len(rows)',
    'open("/mnt/data/mean.txt", "w").write(f"{mean:.1f}")',
    'print(sorted(os.listdir("/mnt/data")) == sorted([' + `"${scores.id}", "${extra.id}", "mean.txt"` + ']))',
    'mean',
  ].join('\n');

  const result = await runCodeCall(
    { store: server.store, sandbox, owner: ownerOf('sk-code-step'), assistantId: assistant.id, threadId: thread.id, nowMs: Date.now() },
    code,
  );

  expect(result.outputs).toEqual([{ type: 'logs', logs: 'True\n81.66666666666667\n' }]);
  expect(result.files).toHaveLength(1);
  const [written] = result.files;
  const stored = await client.files.retrieve(written!.id);
  expect(stored).toMatchObject({ object: 'file', filename: '/mnt/data/mean.txt', purpose: 'assistants_output', bytes: 4, status: 'processed' });
  expect(await (await client.files.content(written!.id)).text()).toBe('81.7');
});
