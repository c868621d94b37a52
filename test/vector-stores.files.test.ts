import { describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import { manualClock } from '@assistants-mock/server';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const clock = manualClock();
const h = await startHarness({ clock });
const nowSeconds = () => Math.floor(clock.now() / 1000);
const AUTO = { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } };

const upload = async (client: OpenAI, content: string | Buffer, filename = 'notes.txt') =>
  client.files.create({ file: await toFile(Buffer.from(content), filename), purpose: 'assistants' });

describe('vector store files', () => {
  it('attaches a file: in_progress in the create response, completed with its bytes on the next read', async () => {
    const file = await upload(h.client, '햄릿: 사느냐 죽느냐, 그것이 문제로다.');
    const store = await h.client.vectorStores.create({});
    const created = await h.client.vectorStores.files.create(store.id, { file_id: file.id, attributes: { act: 3, hero: true } });
    expect(created).toEqual({
      id: file.id,
      object: 'vector_store.file',
      usage_bytes: 0,
      created_at: nowSeconds(),
      vector_store_id: store.id,
      status: 'in_progress',
      last_error: null,
      chunking_strategy: AUTO,
      attributes: { act: 3, hero: true },
    });
    const read = await h.client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id });
    expect(read).toEqual({ ...created, status: 'completed', usage_bytes: Buffer.byteLength('햄릿: 사느냐 죽느냐, 그것이 문제로다.') });
  });

  it('reports a static chunking strategy as given and defaults attributes to {}', async () => {
    const file = await upload(h.client, 'x');
    const store = await h.client.vectorStores.create({});
    const strategy = { type: 'static' as const, static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 100 } };
    const created = await h.client.vectorStores.files.create(store.id, { file_id: file.id, chunking_strategy: strategy });
    expect([created.chunking_strategy, created.attributes]).toEqual([strategy, {}]);
  });

  it('finishes createAndPoll and uploadAndPoll without waiting out the SDK default interval', async () => {
    const store = await h.client.vectorStores.create({});
    const polled = await h.client.vectorStores.files.createAndPoll(store.id, { file_id: (await upload(h.client, 'a')).id });
    expect(polled.status).toBe('completed');
    const uploaded = await h.client.vectorStores.files.uploadAndPoll(store.id, await toFile(Buffer.from('b'), 'b.md'));
    expect(uploaded.status).toBe('completed');
    expect((await h.client.vectorStores.retrieve(store.id)).file_counts.completed).toBe(2);
  });

  it('updates attributes, lists with filter, deletes the attachment but not the file', async () => {
    const client = h.clientFor(uniqueKey('vsf-list'));
    const good = await upload(client, 'good');
    const bad = await upload(client, Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image.png');
    const store = await client.vectorStores.create({ file_ids: [good.id, bad.id] });
    const updated = await client.vectorStores.files.update(good.id, { vector_store_id: store.id, attributes: { lang: 'ko' } });
    expect(updated.attributes).toEqual({ lang: 'ko' });
    const ids = async (filter?: 'completed' | 'failed' | 'in_progress') =>
      (await client.vectorStores.files.list(store.id, { ...(filter && { filter }), order: 'asc' })).data.map((f) => f.id);
    expect(await ids()).toEqual([good.id, bad.id]);
    expect(await ids('completed')).toEqual([good.id]);
    expect(await ids('failed')).toEqual([bad.id]);
    expect(await ids('in_progress')).toEqual([]);
    const deleted = await client.vectorStores.files.delete(good.id, { vector_store_id: store.id });
    expect(deleted).toEqual({ id: good.id, object: 'vector_store.file.deleted', deleted: true });
    expect(await ids()).toEqual([bad.id]);
    expect((await client.files.retrieve(good.id)).id).toBe(good.id);
    expect((await client.vectorStores.retrieve(store.id)).file_counts).toEqual({ in_progress: 0, completed: 0, failed: 1, cancelled: 0, total: 1 });
  });

  it('fails an unsupported or unreadable file with last_error and leaves the rest working', async () => {
    const client = h.clientFor(uniqueKey('vsf-failed'));
    const cases: [string, Buffer, string, string][] = [
      ['image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'unsupported_file', 'The file type is not supported.'],
      ['notes.txt', Buffer.from([0xff, 0xfe, 0xfd]), 'invalid_file', 'The file could not be parsed: it is not valid UTF-8 text.'],
      ['broken.pdf', Buffer.from('%PDF-1.7 this is not a pdf'), 'invalid_file', 'The file could not be parsed: it is not a readable PDF.'],
      ['empty.md', Buffer.from('  \n'), 'invalid_file', 'The file could not be parsed: it contains no text.'],
    ];
    const good = await upload(client, '레어티즈: 누이야, 잘 있거라.');
    const files = [good, ...(await Promise.all(cases.map(([name, bytes]) => upload(client, bytes, name))))];
    const store = await client.vectorStores.create({ file_ids: files.map((f) => f.id) });
    for (const [i, [, , code, message]] of cases.entries()) {
      const attached = await client.vectorStores.files.retrieve(files[i + 1]!.id, { vector_store_id: store.id });
      expect([attached.status, attached.usage_bytes, attached.last_error]).toEqual(['failed', 0, { code, message }]);
    }
    expect((await client.vectorStores.retrieve(store.id)).file_counts).toEqual({ in_progress: 0, completed: 1, failed: 4, cancelled: 0, total: 5 });
    const hits = await client.vectorStores.search(store.id, { query: '누이야' });
    expect(hits.data.map((hit) => hit.file_id)).toEqual([good.id]);
  });

  it('keeps one attachment when a file is attached twice, re-indexed with the newer request', async () => {
    const file = await upload(h.client, 'twice');
    const store = await h.client.vectorStores.create({ file_ids: [file.id, file.id] });
    expect(store.file_counts.total).toBe(1);
    const again = await h.client.vectorStores.files.create(store.id, { file_id: file.id, attributes: { v: 2 } });
    expect([again.status, again.attributes]).toEqual(['in_progress', { v: 2 }]);
    const list = await h.client.vectorStores.files.list(store.id);
    expect(list.data.map((f) => [f.id, f.status])).toEqual([[file.id, 'completed']]);
    expect((await h.client.vectorStores.retrieve(store.id)).file_counts.total).toBe(1);
    expect((await h.client.vectorStores.search(store.id, { query: 'twice' })).data).toHaveLength(1);
  });

  it('returns the parsed text as a file content page', async () => {
    const file = await upload(h.client, '<html><body><h1>햄릿</h1><p>덴마크의 왕자 &amp; 오필리아</p><script>x()</script></body></html>', 'page.html');
    const store = await h.client.vectorStores.create({ file_ids: [file.id] });
    const page = await h.client.vectorStores.files.content(file.id, { vector_store_id: store.id });
    expect(page.data).toEqual([{ type: 'text', text: '햄릿\n\n덴마크의 왕자 & 오필리아' }]);
  });

  it('answers unknown stores, files and attachments with the real errors', async () => {
    const store = await h.client.vectorStores.create({});
    const file = await upload(h.client, 'x');
    const notAttached = await apiError(h.client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id }));
    expect([notAttached.status, notAttached.body.message]).toEqual([404, `No file found with id '${file.id}' in vector store '${store.id}'.`]);
    const noFile = await apiError(h.client.vectorStores.files.create(store.id, { file_id: 'file-nope' }));
    expect([noFile.status, noFile.body.message]).toEqual([404, 'Files [file-nope] were not found']);
    const noStore = await apiError(h.client.vectorStores.files.create('vs_nope', { file_id: file.id }));
    expect([noStore.status, noStore.body.message]).toEqual([404, "No vector store found with id 'vs_nope'."]);
    const missing = await apiError(h.client.vectorStores.files.create(store.id, {} as never));
    expect(missing.body).toEqual({ message: "Missing required parameter: 'file_id'.", type: 'invalid_request_error', param: 'file_id', code: 'missing_required_parameter' });
    const tooManyAttributes = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i]));
    const attributes = await apiError(h.client.vectorStores.files.create(store.id, { file_id: file.id, attributes: tooManyAttributes }));
    expect([attributes.status, attributes.body.param, attributes.body.code]).toEqual([400, 'attributes', 'object_above_max_size']);
  });
});

describe('deleting a file', () => {
  it('removes it from every vector store, updating counts, bytes and search', async () => {
    const client = h.clientFor(uniqueKey('vsf-delete'));
    const kept = await upload(client, '호레이쇼: 안녕히 주무시옵소서, 왕자님.');
    const gone = await upload(client, '유령: 기억하라, 나를 기억하라.');
    const first = await client.vectorStores.create({ file_ids: [kept.id, gone.id] });
    const second = await client.vectorStores.create({ file_ids: [gone.id] });
    await client.files.delete(gone.id);
    const [a, b] = [await client.vectorStores.retrieve(first.id), await client.vectorStores.retrieve(second.id)];
    expect([a.file_counts.total, a.usage_bytes]).toEqual([1, Buffer.byteLength('호레이쇼: 안녕히 주무시옵소서, 왕자님.')]);
    expect([b.file_counts.total, b.usage_bytes, b.status]).toEqual([0, 0, 'completed']);
    expect((await client.vectorStores.files.list(first.id)).data.map((f) => f.id)).toEqual([kept.id]);
    expect((await client.vectorStores.search(first.id, { query: '기억하라' })).data).toEqual([]);
  });

  it('leaves an assistant that uses its store working: the store stays, empty of that file', async () => {
    const client = h.clientFor(uniqueKey('vsf-assistant'));
    const file = await upload(client, '오필리아의 노래');
    const assistant = await client.beta.assistants.create({
      model: 'gpt-4o',
      tools: [{ type: 'file_search' }],
      tool_resources: { file_search: { vector_stores: [{ file_ids: [file.id] }] } },
    });
    const storeId = assistant.tool_resources!.file_search!.vector_store_ids![0]!;
    await client.files.delete(file.id);
    expect(await client.beta.assistants.retrieve(assistant.id)).toEqual(assistant);
    expect((await client.vectorStores.retrieve(storeId)).file_counts.total).toBe(0);
    const modified = await client.beta.assistants.update(assistant.id, { name: 'still usable' });
    expect(modified.tool_resources).toEqual(assistant.tool_resources);
  });
});

describe('indexing time on the injected clock', () => {
  it('keeps files in_progress until fileProcessingMs has passed, then completed', async () => {
    const slowClock = manualClock();
    const slow = await startHarness({ clock: slowClock, fileProcessingMs: 5000 });
    const file = await upload(slow.client, '폴로니어스: 무엇보다도, 네 자신에게 진실하라.');
    const store = await slow.client.vectorStores.create({ file_ids: [file.id] });
    const { data, response } = await slow.client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id }).withResponse();
    expect(data.status).toBe('in_progress');
    expect(response.headers.get('openai-poll-after-ms')).toBe('10');
    expect((await slow.client.vectorStores.files.list(store.id, { filter: 'in_progress' })).data).toHaveLength(1);
    expect((await slow.client.vectorStores.search(store.id, { query: '진실하라' })).data).toEqual([]);
    slowClock.advance(5000);
    expect((await slow.client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id })).status).toBe('completed');
    expect((await slow.client.vectorStores.retrieve(store.id)).status).toBe('completed');
    expect((await slow.client.vectorStores.search(store.id, { query: '진실하라' })).data).toHaveLength(1);
  });
});
