import { describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import { manualClock } from '@assistants-mock/server';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const clock = manualClock();
const h = await startHarness({ clock });
const nowSeconds = () => Math.floor(clock.now() / 1000);
const DAY = 86_400;

const upload = async (client: OpenAI, text: string, filename = 'notes.txt') =>
  client.files.create({ file: await toFile(Buffer.from(text), filename), purpose: 'assistants' });

describe('vector stores', () => {
  it('creates an empty store, completed at once, with the real shape', async () => {
    const store = await h.client.vectorStores.create({ name: 'hamlet', metadata: { play: 'hamlet' } });
    expect(store.id).toMatch(/^vs_[A-Za-z0-9]{24}$/);
    expect(store).toEqual({
      id: store.id,
      object: 'vector_store',
      created_at: nowSeconds(),
      name: 'hamlet',
      usage_bytes: 0,
      file_counts: { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 },
      status: 'completed',
      expires_at: null,
      last_active_at: nowSeconds(),
      metadata: { play: 'hamlet' },
    });
    expect(await h.client.vectorStores.retrieve(store.id)).toEqual(store);
  });

  it('answers a store made without a name with name null, as the real service does', async () => {
    expect((await h.client.vectorStores.create({})).name).toBeNull();
  });

  it('shows files in_progress on create and completed on the next read, with true counts and bytes', async () => {
    const a = await upload(h.client, '오필리아: 왕자님, 안녕하셨어요?');
    const b = await upload(h.client, '햄릿: 고맙소, 잘 지냈소.');
    const store = await h.client.vectorStores.create({ file_ids: [a.id, b.id] });
    expect(store.status).toBe('in_progress');
    expect(store.file_counts).toEqual({ in_progress: 2, completed: 0, failed: 0, cancelled: 0, total: 2 });
    expect(store.usage_bytes).toBe(0);
    const { data, response } = await h.client.vectorStores.retrieve(store.id).withResponse();
    expect(data.status).toBe('completed');
    expect(data.file_counts).toEqual({ in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 });
    expect(data.usage_bytes).toBe(Buffer.byteLength('오필리아: 왕자님, 안녕하셨어요?') + Buffer.byteLength('햄릿: 고맙소, 잘 지냈소.'));
    expect(response.headers.get('openai-poll-after-ms')).toBeNull();
  });

  it('sends openai-poll-after-ms while a store is in progress', async () => {
    const response = await h.raw('/vector_stores', {
      method: 'POST',
      headers: { 'openai-beta': 'assistants=v2' },
      json: { file_ids: [(await upload(h.client, 'x')).id] },
    });
    expect(response.headers.get('openai-poll-after-ms')).toBe('10');
  });

  it('modifies name, metadata and expiry; null removes the expiry policy', async () => {
    const store = await h.client.vectorStores.create({ name: 'a' });
    const modified = await h.client.vectorStores.update(store.id, {
      name: 'b',
      metadata: { k: 'v' },
      expires_after: { anchor: 'last_active_at', days: 2 },
    });
    expect(modified).toEqual({
      ...store,
      name: 'b',
      metadata: { k: 'v' },
      expires_after: { anchor: 'last_active_at', days: 2 },
      expires_at: store.last_active_at! + 2 * DAY,
    });
    const untouched = await h.client.vectorStores.update(store.id, { metadata: { k: 'w' } });
    expect(untouched.expires_after).toEqual({ anchor: 'last_active_at', days: 2 });
    const cleared = await h.client.vectorStores.update(store.id, { name: null, expires_after: null });
    expect(cleared).toEqual({ ...store, name: null, metadata: { k: 'w' } });
  });

  it('expires after its policy: status expired and no more searches, until then search keeps it alive', async () => {
    const client = h.clientFor(uniqueKey('vs-expiry'));
    const store = await client.vectorStores.create({ expires_after: { anchor: 'last_active_at', days: 1 } });
    expect(store.expires_at).toBe(store.last_active_at! + DAY);
    clock.advance(DAY * 1000 - 1000);
    await client.vectorStores.search(store.id, { query: 'anything' });
    const touched = await client.vectorStores.retrieve(store.id);
    expect(touched.last_active_at).toBe(nowSeconds());
    expect(touched.expires_at).toBe(nowSeconds() + DAY);
    clock.advance(DAY * 1000);
    expect((await client.vectorStores.retrieve(store.id)).status).toBe('expired');
    const error = await apiError(client.vectorStores.search(store.id, { query: 'anything' }));
    expect([error.status, error.body.message]).toEqual([400, `Vector store '${store.id}' has expired.`]);
  });

  it('lists with pagination and deletes with the real body', async () => {
    const client = h.clientFor(uniqueKey('vs-list'));
    const [a, b, c] = [await client.vectorStores.create({ name: 'a' }), await client.vectorStores.create({ name: 'b' }), await client.vectorStores.create({ name: 'c' })];
    const page = await client.vectorStores.list({ limit: 2 });
    expect([page.data.map((s) => s.id), page.has_more]).toEqual([[c.id, b.id], true]);
    expect((await client.vectorStores.list({ order: 'asc', after: a.id })).data.map((s) => s.id)).toEqual([b.id, c.id]);
    expect(await client.vectorStores.delete(b.id)).toEqual({ id: b.id, object: 'vector_store.deleted', deleted: true });
    expect((await client.vectorStores.list()).data.map((s) => s.id)).toEqual([c.id, a.id]);
  });

  it('answers unknown ids with the real 404 wording, per API key', async () => {
    const store = await h.client.vectorStores.create({});
    const other = h.clientFor(uniqueKey('vs-other'));
    for (const call of [other.vectorStores.retrieve(store.id), other.vectorStores.delete(store.id), h.client.vectorStores.retrieve('vs_missing')]) {
      const error = await apiError(call);
      expect(error.error).toBeInstanceOf(OpenAI.NotFoundError);
      expect(error.body.message).toMatch(/^No vector store found with id '(vs_missing|vs_\w{24})'\.$/);
    }
  });

  it('requires the OpenAI-Beta header, like assistants', async () => {
    const response = await h.raw('/vector_stores');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_beta');
  });

  it('validates the body: file_ids up to 500, expiry days 1..365, chunking overlap at most half', async () => {
    const tooMany = await apiError(h.client.vectorStores.create({ file_ids: Array.from({ length: 501 }, (_, i) => `file-${i}`) }));
    expect(tooMany.body).toEqual({
      message: "Invalid 'file_ids': array too long. Expected an array with maximum length 500, but got an array with length 501 instead.",
      type: 'invalid_request_error',
      param: 'file_ids',
      code: 'array_above_max_length',
    });
    const days = await apiError(h.client.vectorStores.create({ expires_after: { anchor: 'last_active_at', days: 0 } }));
    expect([days.status, days.body.param]).toEqual([400, 'expires_after.days']);
    const overlap = await apiError(
      h.client.vectorStores.create({ chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 51 } } }),
    );
    expect(overlap.body).toEqual({
      message: "Invalid 'chunking_strategy.static.chunk_overlap_tokens': the overlap must not exceed half of max_chunk_size_tokens (100), but got 51.",
      type: 'invalid_request_error',
      param: 'chunking_strategy.static.chunk_overlap_tokens',
      code: 'invalid_value',
    });
    const unknown = await apiError(h.client.vectorStores.create({ file_ids: ['file-nope'] }));
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Files [file-nope] were not found']);
  });
});
