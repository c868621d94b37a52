import { describe, expect, it } from 'vitest';
import { toFile } from 'openai';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';
import { textPdf } from './helpers/pdf.js';

const h = await startHarness();

const OPHELIA_PDF = [
  '제3막 제1장. 성 안의 방.',
  '오필리아: 왕자님, 그동안 안녕하셨어요?',
  '햄릿: 고맙소, 잘 지냈소, 잘, 잘.',
  '오필리아: 왕자님께 받은 선물을 돌려드리려고 오래전부터 벼르고 있었어요.',
  '햄릿: 아니, 난 아무것도 준 적이 없소.',
];
const HAMLET_TEXT = [
  '제1막 제2장. 성 안의 회의실.',
  '햄릿: 아, 너무나도 더럽혀진 이 육신이 녹고 녹아 이슬로 화해 버렸으면!',
  '약한 자여, 그대의 이름은 여자로다!',
].join('\n');

describe('the seed notebook flow: Hamlet in Korean, file_search over it', () => {
  it('uploads a Korean text and PDF, indexes them, wires an assistant and finds the right chunk', async () => {
    const { client } = h;
    const store = await client.vectorStores.create({ name: 'Hamlet' });
    const batch = await client.vectorStores.fileBatches.uploadAndPoll(store.id, {
      files: [await toFile(Buffer.from(HAMLET_TEXT), 'hamlet-act1.txt'), await toFile(textPdf(OPHELIA_PDF), 'hamlet-act3.pdf')],
    });
    expect([batch.status, batch.file_counts]).toEqual(['completed', { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 }]);

    const files = await client.vectorStores.files.list(store.id, { order: 'asc' });
    const [text, pdf] = await Promise.all(files.data.map((file) => client.files.retrieve(file.id)));
    expect(new Set([text!.filename, pdf!.filename])).toEqual(new Set(['hamlet-act1.txt', 'hamlet-act3.pdf']));
    const pdfFile = [text!, pdf!].find((file) => file.filename.endsWith('.pdf'))!;
    const parsed = await client.vectorStores.files.content(pdfFile.id, { vector_store_id: store.id });
    expect(parsed.data.map((part) => part.text)).toEqual([OPHELIA_PDF.join('\n')]);

    const assistant = await client.beta.assistants.create({
      model: 'gpt-4o',
      name: '오필리아',
      instructions: '너는 햄릿의 오필리아야. 파일의 대사를 인용해서 대답해.',
      tools: [{ type: 'file_search' }],
    });
    const updated = await client.beta.assistants.update(assistant.id, {
      tool_resources: { file_search: { vector_store_ids: [store.id] } },
    });
    expect(updated.tool_resources).toEqual({ file_search: { vector_store_ids: [store.id] } });

    const hits = await client.vectorStores.search(store.id, { query: '왕자님께 받은 선물' });
    expect(hits.data[0]).toMatchObject({ file_id: pdfFile.id, filename: 'hamlet-act3.pdf' });
    expect(hits.data[0]!.content[0]!.text).toContain('왕자님께 받은 선물을 돌려드리려고');
    const frailty = await client.vectorStores.search(store.id, { query: '약한 자여 그대의 이름은' });
    expect(frailty.data.map((hit) => hit.filename)).toEqual(['hamlet-act1.txt']);
  });

  it('makes a store for tool_resources vector_stores on assistants and threads (threads: 7-day expiry)', async () => {
    const { client } = h;
    const file = await client.files.create({ file: await toFile(Buffer.from(HAMLET_TEXT), 'hamlet.txt'), purpose: 'assistants' });
    const assistant = await client.beta.assistants.create({
      model: 'gpt-4o',
      tools: [{ type: 'file_search' }],
      tool_resources: { file_search: { vector_stores: [{ file_ids: [file.id], metadata: { source: 'assistant' } }] } },
    });
    const assistantStoreId = assistant.tool_resources!.file_search!.vector_store_ids![0]!;
    const assistantStore = await client.vectorStores.retrieve(assistantStoreId);
    expect(assistantStore).toMatchObject({ name: null, metadata: { source: 'assistant' }, expires_at: null, status: 'completed' });
    expect(assistantStore.file_counts.completed).toBe(1);

    const thread = await client.beta.threads.create({
      tool_resources: {
        file_search: {
          vector_stores: [{ file_ids: [file.id], chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } } }],
        },
      },
    });
    const threadStoreId = thread.tool_resources!.file_search!.vector_store_ids![0]!;
    expect(threadStoreId).toMatch(/^vs_/);
    const threadStore = await client.vectorStores.retrieve(threadStoreId);
    expect(threadStore.expires_after).toEqual({ anchor: 'last_active_at', days: 7 });
    expect(threadStore.expires_at).toBe(threadStore.last_active_at! + 7 * 86_400);
    const attached = await client.vectorStores.files.retrieve(file.id, { vector_store_id: threadStoreId });
    expect(attached.chunking_strategy).toEqual({ type: 'static', static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } });
    expect((await client.vectorStores.search(threadStoreId, { query: '이슬로' })).data).toHaveLength(1);
  });

  it('creates nothing when a helper names an unknown file', async () => {
    const client = h.clientFor('sk-seed-unknown-file');
    const error = await apiError(
      client.beta.assistants.create({ model: 'gpt-4o', tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-nope'] }] } } }),
    );
    expect([error.status, error.body.message]).toEqual([404, 'Files [file-nope] were not found']);
    expect((await client.beta.assistants.list()).data).toEqual([]);
    expect((await client.vectorStores.list()).data).toEqual([]);
  });
});
