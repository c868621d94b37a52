import { beforeAll, describe, expect, it } from 'vitest';
import type { Message } from 'openai/resources/beta/threads/messages';
import { startHarness } from './helpers/harness.js';
import { getList, idsOf } from './helpers/lists.js';
import { ownerOf } from '@assistants-mock/server';

const h = await startHarness();
const COUNT = 100_000;
const OWNER = ownerOf('sk-test-default');
let threadId: string;
const idAt = (i: number) => `msg_${String(i).padStart(24, '0')}`;
/** Every 1,000th message belongs to a run, so a `run_id` page has to skip far along the thread. */
const runOf = (i: number) => (i % 1_000 === 0 ? 'run_sparse' : undefined);

beforeAll(async () => {
  threadId = (await h.client.beta.threads.create()).id;
  const { store } = h.server;
  // Seeded straight through the store in one transaction: 100k HTTP requests would only test the client.
  store.transaction(() => {
    for (let i = 0; i < COUNT; i++) {
      const runId = runOf(i);
      const message: Message = {
        id: idAt(i),
        object: 'thread.message',
        created_at: 1_767_225_600 + Math.floor(i / 100),
        assistant_id: runId ? 'asst_seeded' : null,
        thread_id: threadId,
        run_id: runId ?? null,
        role: runId ? 'assistant' : 'user',
        content: [{ type: 'text', text: { value: `message ${i}`, annotations: [] } }],
        attachments: [],
        metadata: {},
        status: 'completed',
        incomplete_details: null,
        completed_at: null,
        incomplete_at: null,
      };
      store.messages.insert({ owner: OWNER, parentId: threadId, ...(runId && { tag: runId }) }, message);
    }
  });
}, 60_000);

const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.ceil((to - from) / step) }, (_, k) => idAt(from + k * step));

describe('a thread with 100,000 messages', () => {
  it('serves the newest page, the oldest page and pages deep in the middle', async () => {
    const path = `/threads/${threadId}/messages`;
    expect(idsOf(await getList(h, path))).toEqual({
      ids: range(COUNT - 20, COUNT).reverse(), first_id: idAt(COUNT - 1), last_id: idAt(COUNT - 20), has_more: true,
    });
    expect(idsOf(await getList(h, path, { order: 'asc', limit: 100 }))).toMatchObject({ ids: range(0, 100), has_more: true });
    expect(idsOf(await getList(h, path, { order: 'asc', limit: 50, after: idAt(50_000) }))).toMatchObject({ ids: range(50_001, 50_051), has_more: true });
    expect(idsOf(await getList(h, path, { limit: 3, after: idAt(50_000) }))).toMatchObject({ ids: [idAt(49_999), idAt(49_998), idAt(49_997)] });
    expect(idsOf(await getList(h, path, { order: 'asc', limit: 4, before: idAt(70_000) }))).toMatchObject({ ids: range(69_996, 70_000) });
    expect(idsOf(await getList(h, path, { order: 'asc', after: idAt(COUNT - 3) }))).toEqual({
      ids: range(COUNT - 2, COUNT), first_id: idAt(COUNT - 2), last_id: idAt(COUNT - 1), has_more: false,
    });
  });

  it('filters a sparse run_id across the whole thread', async () => {
    const page = await h.client.beta.threads.messages.list(threadId, { run_id: 'run_sparse', order: 'asc', limit: 100 });
    expect(page.data.map((m) => m.id)).toEqual(range(0, COUNT, 1_000));
    expect(page.has_more).toBe(false);
    const tail = await h.client.beta.threads.messages.list(threadId, { run_id: 'run_sparse', limit: 2, after: idAt(1_000) });
    expect(tail.data.map((m) => m.id)).toEqual([idAt(0)]);
  });

  it('walks the SDK pages across a 1,000-message stretch without gaps', async () => {
    const seen: string[] = [];
    for await (const message of h.client.beta.threads.messages.list(threadId, { order: 'asc', limit: 100, after: idAt(89_999) })) {
      seen.push(message.id);
      if (seen.length === 1_000) break;
    }
    expect(seen).toEqual(range(90_000, 91_000));
  });
});
