import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { ownerOf, manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const clock = manualClock(Date.UTC(2026, 2, 1, 12));
const h = await startHarness({ clock });
const nowSeconds = () => Math.floor(clock.now() / 1000);

describe('threads', () => {
  it('creates an empty thread with the real defaults', async () => {
    const thread = await h.client.beta.threads.create();
    expect(thread.id).toMatch(/^thread_[A-Za-z0-9]{24}$/);
    expect(thread).toEqual({ id: thread.id, object: 'thread', created_at: nowSeconds(), metadata: {}, tool_resources: {} });
  });

  it('creates a thread with messages, tool_resources and metadata', async () => {
    const thread = await h.client.beta.threads.create({
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: [{ type: 'text', text: 'Hi there' }], metadata: { turn: '2' } },
      ],
      tool_resources: { code_interpreter: { file_ids: ['file-abc'] }, file_search: { vector_store_ids: ['vs_abc'] } },
      metadata: { user: 'u1' },
    });
    expect(thread).toMatchObject({
      metadata: { user: 'u1' },
      tool_resources: { code_interpreter: { file_ids: ['file-abc'] }, file_search: { vector_store_ids: ['vs_abc'] } },
    });
    const messages = await h.client.beta.threads.messages.list(thread.id, { order: 'asc' });
    expect(messages.data.map((m) => [m.role, m.content, m.metadata, m.thread_id])).toEqual([
      ['user', [{ type: 'text', text: { value: 'Hello', annotations: [] } }], {}, thread.id],
      ['assistant', [{ type: 'text', text: { value: 'Hi there', annotations: [] } }], { turn: '2' }, thread.id],
    ]);
  });

  it('keeps the order of the initial messages, which share one created_at', async () => {
    const contents = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const thread = await h.client.beta.threads.create({ messages: contents.map((content) => ({ role: 'user', content })) });
    const page = await h.client.beta.threads.messages.list(thread.id, { order: 'asc', limit: 100 });
    expect(page.data.map((m) => m.content[0]?.type === 'text' && m.content[0].text.value)).toEqual(contents);
    const desc = await h.client.beta.threads.messages.list(thread.id, { limit: 100 });
    expect(desc.data.map((m) => m.id)).toEqual(page.data.map((m) => m.id).reverse());
  });

  it('retrieves a thread exactly as created', async () => {
    const thread = await h.client.beta.threads.create({ metadata: { a: 'b' } });
    expect(await h.client.beta.threads.retrieve(thread.id)).toEqual(thread);
  });

  it('modifies metadata and tool_resources, leaving what the request does not name', async () => {
    const thread = await h.client.beta.threads.create({
      metadata: { keep: 'me' },
      tool_resources: { code_interpreter: { file_ids: ['file-1'] } },
    });
    clock.advance(5_000);
    const renamed = await h.client.beta.threads.update(thread.id, { metadata: { replaced: 'yes' } });
    expect(renamed).toEqual({ ...thread, metadata: { replaced: 'yes' } });
    const retooled = await h.client.beta.threads.update(thread.id, { tool_resources: { file_search: { vector_store_ids: ['vs_1'] } } });
    expect(retooled).toEqual({ ...renamed, tool_resources: { file_search: { vector_store_ids: ['vs_1'] } } });
    expect(await h.client.beta.threads.update(thread.id, {})).toEqual(retooled);
    expect(await h.client.beta.threads.retrieve(thread.id)).toEqual(retooled);
  });

  it('clears metadata with null', async () => {
    const thread = await h.client.beta.threads.create({ metadata: { a: 'b' } });
    expect(await h.client.beta.threads.update(thread.id, { metadata: null })).toMatchObject({ metadata: {} });
  });

  it('deletes a thread and its messages', async () => {
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'bye' }] });
    const [message] = (await h.client.beta.threads.messages.list(thread.id)).data;
    expect(await h.client.beta.threads.delete(thread.id)).toEqual({ id: thread.id, object: 'thread.deleted', deleted: true });

    const gone = await apiError(h.client.beta.threads.retrieve(thread.id));
    expect(gone.error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(gone.body.message).toBe(`No thread found with id '${thread.id}'.`);
    expect((await apiError(h.client.beta.threads.messages.list(thread.id))).status).toBe(404);
    expect(h.server.store.messages.get({ owner: ownerOf('sk-test-default'), parentId: thread.id }, message!.id)).toBeUndefined();
    expect((await apiError(h.client.beta.threads.delete(thread.id))).body.message).toBe(`No thread found with id '${thread.id}'.`);
  });

  it('deleting one thread leaves the messages of another alone', async () => {
    const [a, b] = await Promise.all([
      h.client.beta.threads.create({ messages: [{ role: 'user', content: 'a' }] }),
      h.client.beta.threads.create({ messages: [{ role: 'user', content: 'b' }] }),
    ]);
    await h.client.beta.threads.delete(a!.id);
    expect((await h.client.beta.threads.messages.list(b!.id)).data).toHaveLength(1);
  });

  it('rejects an invalid thread body naming the nested param', async () => {
    const cases: [unknown, string, string][] = [
      [{ messages: [{ role: 'user' }] }, 'messages[0].content', 'missing_required_parameter'],
      [{ messages: [{ content: 'x' }] }, 'messages[0].role', 'missing_required_parameter'],
      [{ messages: [{ role: 'user', content: 'x', extra: 1 }] }, 'messages[0].extra', 'unknown_parameter'],
      [{ messages: 'hello' }, 'messages', 'invalid_type'],
      [{ tool_resources: { code_interpreter: { file_ids: Array.from({ length: 21 }, (_, i) => `f${i}`) } } }, 'tool_resources.code_interpreter.file_ids', 'array_above_max_length'],
      [{ tool_resources: { file_search: { vector_store_ids: ['a', 'b'] } } }, 'tool_resources.file_search.vector_store_ids', 'array_above_max_length'],
      [{ metadata: { k: 1 } }, 'metadata.k', 'invalid_type'],
    ];
    for (const [body, param, code] of cases) {
      const { status, body: error } = await apiError(h.client.beta.threads.create(body as never));
      expect([status, error.param, error.code], JSON.stringify(body).slice(0, 100)).toEqual([400, param, code]);
    }
  });

  it('on modify, takes vector store ids but not the vector_stores helper', async () => {
    const thread = await h.client.beta.threads.create();
    const { body } = await apiError(
      h.client.beta.threads.update(thread.id, { tool_resources: { file_search: { vector_stores: [{}] } } } as never),
    );
    expect(body).toEqual({
      message: "Unknown parameter: 'tool_resources.file_search.vector_stores'.",
      type: 'invalid_request_error',
      param: 'tool_resources.file_search.vector_stores',
      code: 'unknown_parameter',
    });
  });
});
