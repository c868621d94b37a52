import { describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import { manualClock } from '@assistants-mock/server';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const clock = manualClock();
const h = await startHarness({ clock });
const nowSeconds = () => Math.floor(clock.now() / 1000);

const upload = async (client: OpenAI, content: string | Buffer, filename = 'notes.txt') =>
  client.files.create({ file: await toFile(Buffer.from(content), filename), purpose: 'assistants' });

describe('file batches', () => {
  it('creates a batch from file_ids: in_progress, then completed with its files', async () => {
    const [a, b] = [await upload(h.client, '왕비: 오필리아, 네 아름다움이'), await upload(h.client, '왕: 덴마크의 왕관을')];
    const store = await h.client.vectorStores.create({});
    const batch = await h.client.vectorStores.fileBatches.create(store.id, { file_ids: [a.id, b.id], attributes: { act: 1 } });
    expect(batch.id).toMatch(/^vsfb_[A-Za-z0-9]{24}$/);
    expect(batch).toEqual({
      id: batch.id,
      object: 'vector_store.files_batch',
      created_at: nowSeconds(),
      vector_store_id: store.id,
      status: 'in_progress',
      file_counts: { in_progress: 2, completed: 0, failed: 0, cancelled: 0, total: 2 },
    });
    const done = await h.client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: store.id });
    expect(done).toEqual({ ...batch, status: 'completed', file_counts: { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 } });
    const files = await h.client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: store.id, order: 'asc' });
    expect(files.data.map((f) => [f.id, f.attributes])).toEqual([[a.id, { act: 1 }], [b.id, { act: 1 }]]);
  });

  it('takes per-file attributes and chunking from `files`', async () => {
    const [a, b] = [await upload(h.client, 'a'), await upload(h.client, 'b')];
    const store = await h.client.vectorStores.create({});
    const strategy = { type: 'static' as const, static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 } };
    const batch = await h.client.vectorStores.fileBatches.createAndPoll(store.id, {
      files: [{ file_id: a.id, attributes: { n: 1 }, chunking_strategy: strategy }, { file_id: b.id }],
    });
    expect(batch.status).toBe('completed');
    const files = await h.client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: store.id, order: 'asc' });
    expect(files.data.map((f) => [f.attributes, f.chunking_strategy?.type === 'static' && f.chunking_strategy.static.max_chunk_size_tokens])).toEqual([
      [{ n: 1 }, 100],
      [{}, 800],
    ]);
  });

  it('uploads and polls files in milliseconds with the SDK helper', async () => {
    const store = await h.client.vectorStores.create({});
    const batch = await h.client.vectorStores.fileBatches.uploadAndPoll(store.id, {
      files: [await toFile(Buffer.from('a,b\n1,2\n'), 'table.csv'), await toFile(Buffer.from('{"k":"값"}'), 'data.json'), await toFile(Buffer.from([1, 2]), 'blob.bin')],
    });
    expect([batch.status, batch.file_counts]).toEqual(['completed', { in_progress: 0, completed: 2, failed: 1, cancelled: 0, total: 3 }]);
    const failed = await h.client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: store.id, filter: 'failed' });
    expect(failed.data.map((f) => f.last_error?.code)).toEqual(['unsupported_file']);
  });

  it('refuses file_ids with files, neither of them, more than 2000 files and unknown files', async () => {
    const store = await h.client.vectorStores.create({});
    const file = await upload(h.client, 'x');
    const both = await apiError(h.client.vectorStores.fileBatches.create(store.id, { file_ids: [file.id], files: [{ file_id: file.id }] }));
    expect(both.body).toEqual({
      message: "'file_ids' and 'files' are mutually exclusive: provide only one of them.",
      type: 'invalid_request_error',
      param: 'files',
      code: 'invalid_value',
    });
    const neither = await apiError(h.client.vectorStores.fileBatches.create(store.id, {}));
    expect(neither.body).toEqual({ message: "Missing required parameter: 'file_ids'.", type: 'invalid_request_error', param: 'file_ids', code: 'missing_required_parameter' });
    const tooMany = await apiError(h.client.vectorStores.fileBatches.create(store.id, { file_ids: Array.from({ length: 2001 }, (_, i) => `file-${i}`) }));
    expect([tooMany.status, tooMany.body.param, tooMany.body.code]).toEqual([400, 'file_ids', 'array_above_max_length']);
    const empty = await apiError(h.client.vectorStores.fileBatches.create(store.id, { file_ids: [] }));
    expect([empty.status, empty.body.code]).toEqual([400, 'empty_array']);
    const unknown = await apiError(h.client.vectorStores.fileBatches.create(store.id, { file_ids: [file.id, 'file-a', 'file-b'] }));
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Files [file-a, file-b] were not found']);
    expect((await h.client.vectorStores.retrieve(store.id)).file_counts.total).toBe(0);
    const noBatch = await apiError(h.client.vectorStores.fileBatches.retrieve('vsfb_nope', { vector_store_id: store.id }));
    expect([noBatch.status, noBatch.body.message]).toEqual([404, `No file batch found with id 'vsfb_nope' in vector store '${store.id}'.`]);
  });

  it('accepts a batch of exactly 2000 files', async () => {
    const client = h.clientFor(uniqueKey('batch-2000'));
    const file = await upload(client, 'one');
    const store = await client.vectorStores.create({});
    const batch = await client.vectorStores.fileBatches.create(store.id, { file_ids: Array.from({ length: 2000 }, () => file.id) });
    expect(batch.file_counts.total).toBe(1);
  });
});

describe('cancelling a batch', () => {
  it('cancels the files still in progress; a finished batch cannot be cancelled', async () => {
    const slowClock = manualClock();
    const slow = await startHarness({ clock: slowClock, fileProcessingMs: 1000 });
    const first = await upload(slow.client, '먼저 끝난 파일');
    const store = await slow.client.vectorStores.create({ file_ids: [first.id] });
    slowClock.advance(1000);
    const [a, b] = [await upload(slow.client, '취소될 파일 하나'), await upload(slow.client, '취소될 파일 둘')];
    const batch = await slow.client.vectorStores.fileBatches.create(store.id, { file_ids: [a.id, b.id] });
    const cancelled = await slow.client.vectorStores.fileBatches.cancel(batch.id, { vector_store_id: store.id });
    expect([cancelled.status, cancelled.file_counts]).toEqual(['cancelled', { in_progress: 0, completed: 0, failed: 0, cancelled: 2, total: 2 }]);
    slowClock.advance(5000);
    expect((await slow.client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: store.id })).status).toBe('cancelled');
    expect((await slow.client.vectorStores.retrieve(store.id)).file_counts).toEqual({ in_progress: 0, completed: 1, failed: 0, cancelled: 2, total: 3 });
    expect((await slow.client.vectorStores.search(store.id, { query: '취소될' })).data).toEqual([]);
    const again = await apiError(slow.client.vectorStores.fileBatches.cancel(batch.id, { vector_store_id: store.id }));
    expect([again.status, again.body.message]).toEqual([400, "Cannot cancel vector store file batch with status 'cancelled'."]);
  });
});
