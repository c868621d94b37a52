import { describe, expect, it } from 'vitest';
import { toFile } from 'openai';
import { bundledScenariosDir, loadFixtures } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';
import { textPdf } from './helpers/pdf.js';

const h = await startHarness({ scenarios: loadFixtures([bundledScenariosDir]) });
const INCLUDE_CONTENT = 'step_details.tool_calls[*].file_search.results[*].content' as const;

const OPHELIA_PDF = [
  '제3막 제1장. 성 안의 방.',
  '오필리아: 왕자님, 그동안 안녕하셨어요?',
  '햄릿: 고맙소, 잘 지냈소, 잘, 잘.',
  '오필리아: 왕자님께 받은 선물을 돌려드리려고 오래전부터 벼르고 있었어요.',
];
const HAMLET_TEXT = '제1막 제2장. 성 안의 회의실.\n햄릿: 아, 너무나도 더럽혀진 이 육신이 녹고 녹아 이슬로 화해 버렸으면!';

describe('file_search in a run: the Ophelia role-play over an uploaded Korean Hamlet', () => {
  it('searches the assistant’s store and cites the file it found', async () => {
    const { client } = h;
    const store = await client.vectorStores.create({ name: 'Hamlet' });
    await client.vectorStores.fileBatches.uploadAndPoll(store.id, {
      files: [await toFile(Buffer.from(HAMLET_TEXT), 'hamlet-act1.txt'), await toFile(textPdf(OPHELIA_PDF), 'hamlet-act3.pdf')],
    });
    const pdf = (await client.files.list({ purpose: 'assistants' })).data.find((f) => f.filename === 'hamlet-act3.pdf')!;
    const assistant = await client.beta.assistants.create({
      model: 'gpt-4o',
      name: 'Ophelia',
      instructions: '너는 햄릿의 오필리아야. 파일의 대사를 인용해서 대답해.',
      tools: [{ type: 'file_search' }],
    });
    await client.beta.assistants.update(assistant.id, { tool_resources: { file_search: { vector_store_ids: [store.id] } } });

    const run = await client.beta.threads.createAndRunPoll({
      assistant_id: assistant.id,
      thread: { messages: [{ role: 'user', content: '햄릿 왕자님께 받은 선물은 어떻게 할 생각인가요?' }] },
    });
    expect(run.status).toBe('completed');

    const [answer] = (await client.beta.threads.messages.list(run.thread_id)).data;
    const part = answer!.content[0]!;
    if (part.type !== 'text') throw new Error('expected text');
    const [citation] = part.text.annotations;
    expect(citation).toMatchObject({ type: 'file_citation', file_citation: { file_id: pdf.id }, text: '【1:0†hamlet-act3.pdf】' });
    expect(part.text.value.slice(citation!.start_index, citation!.end_index)).toBe(citation!.text);

    const [searchStep] = (await client.beta.threads.runs.steps.list(run.id, { thread_id: run.thread_id, order: 'asc' })).data;
    const call = searchStep!.step_details.type === 'tool_calls' ? searchStep!.step_details.tool_calls[0] : undefined;
    if (call?.type !== 'file_search') throw new Error('expected a file_search call');
    expect(call.file_search.results![0]).toEqual({ file_id: pdf.id, file_name: 'hamlet-act3.pdf', score: expect.any(Number) });
    expect(call.file_search.results![0]!.score).toBeGreaterThan(0);
    expect(call.file_search.results![0]!.score).toBeLessThanOrEqual(1);

    const withContent = await client.beta.threads.runs.steps.retrieve(searchStep!.id, {
      thread_id: run.thread_id,
      run_id: run.id,
      include: [INCLUDE_CONTENT],
    });
    const included = withContent.step_details.type === 'tool_calls' ? withContent.step_details.tool_calls[0] : undefined;
    if (included?.type !== 'file_search') throw new Error('expected a file_search call');
    expect(included.file_search.results![0]!.content![0]!.text).toContain('왕자님께 받은 선물을 돌려드리려고');

    const store2 = await client.vectorStores.retrieve(store.id);
    expect(store2.last_active_at).toBeGreaterThanOrEqual(run.created_at);
  });

  it('a thread’s own store is searched too', async () => {
    const { client } = h;
    const file = await client.files.create({ file: await toFile(textPdf(OPHELIA_PDF), 'act3.pdf'), purpose: 'assistants' });
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', name: 'Ophelia', tools: [{ type: 'file_search' }] });
    const thread = await client.beta.threads.create({
      messages: [{ role: 'user', content: '햄릿에게 무엇을 돌려주려 하나요?' }],
      tool_resources: { file_search: { vector_stores: [{ file_ids: [file.id] }] } },
    });
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(run.status).toBe('completed');
    const [answer] = (await client.beta.threads.messages.list(thread.id)).data;
    const part = answer!.content[0]!;
    expect(part.type === 'text' && part.text.annotations.map((a) => a.type === 'file_citation' && a.file_citation.file_id)).toEqual([file.id]);
  });

  it('a file attached to the message for file_search is searched and cited', async () => {
    const { client } = h;
    const file = await client.files.create({ file: await toFile(textPdf(OPHELIA_PDF), 'act3.pdf'), purpose: 'assistants' });
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', name: 'Ophelia', tools: [{ type: 'file_search' }] });
    const run = await client.beta.threads.createAndRunPoll({
      assistant_id: assistant.id,
      thread: {
        messages: [{ role: 'user', content: '햄릿 왕자님의 선물 이야기를 해 줘.', attachments: [{ file_id: file.id, tools: [{ type: 'file_search' }] }] }],
      },
    });
    expect(run.status).toBe('completed');
    const [answer] = (await client.beta.threads.messages.list(run.thread_id)).data;
    const part = answer!.content[0]!;
    expect(part.type === 'text' && part.text.annotations.map((a) => a.type === 'file_citation' && a.file_citation.file_id)).toEqual([file.id]);
  });
});
