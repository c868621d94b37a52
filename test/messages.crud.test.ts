import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { Message } from 'openai/resources/beta/threads/messages';
import { ownerOf, manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';
import { getList, idsOf } from './helpers/lists.js';

const clock = manualClock(Date.UTC(2026, 2, 1, 12));
const h = await startHarness({ clock });
const messages = h.client.beta.threads.messages;
const newThread = () => h.client.beta.threads.create();

describe('messages', () => {
  it('creates a user message from a string with the real defaults', async () => {
    const thread = await newThread();
    const message = await messages.create(thread.id, { role: 'user', content: 'What is 2 + 2?' });
    expect(message.id).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(message).toEqual({
      id: message.id,
      object: 'thread.message',
      created_at: Math.floor(clock.now() / 1000),
      assistant_id: null,
      thread_id: thread.id,
      run_id: null,
      role: 'user',
      content: [{ type: 'text', text: { value: 'What is 2 + 2?', annotations: [] } }],
      attachments: [],
      metadata: {},
      status: 'completed',
      incomplete_details: null,
      completed_at: null,
      incomplete_at: null,
    } satisfies Message);
  });

  it('creates a message from text, image_file and image_url parts, keeping their order', async () => {
    const thread = await newThread();
    const message = await messages.create(thread.id, {
      role: 'user',
      content: [
        { type: 'text', text: 'Compare these:' },
        { type: 'image_file', image_file: { file_id: 'file-img1' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'high' } },
        { type: 'image_file', image_file: { file_id: 'file-img2', detail: 'low' } },
      ],
    });
    expect(message.content).toEqual([
      { type: 'text', text: { value: 'Compare these:', annotations: [] } },
      { type: 'image_file', image_file: { file_id: 'file-img1', detail: 'auto' } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'high' } },
      { type: 'image_file', image_file: { file_id: 'file-img2', detail: 'low' } },
    ]);
  });

  it('keeps attachments with their tools, and an assistant role with no run', async () => {
    const thread = await newThread();
    const upload = (name: string) => h.client.files.create({ file: new File(['Ophelia returns the gifts.'], name), purpose: 'assistants' });
    const [a, b] = await Promise.all([upload('a.txt'), upload('b.txt')]);
    const message = await messages.create(thread.id, {
      role: 'assistant',
      content: 'See the files.',
      attachments: [{ file_id: a.id, tools: [{ type: 'file_search' }, { type: 'code_interpreter' }] }, { file_id: b.id }],
      metadata: { source: 'import' },
    });
    expect(message).toMatchObject({
      role: 'assistant',
      assistant_id: null,
      run_id: null,
      attachments: [
        { file_id: a.id, tools: [{ type: 'file_search' }, { type: 'code_interpreter' }] },
        { file_id: b.id, tools: [] },
      ],
      metadata: { source: 'import' },
    });
    // A file attached for file_search goes into the thread's own vector store, made on first use.
    const { tool_resources } = await h.client.beta.threads.retrieve(thread.id);
    const [storeId] = tool_resources?.file_search?.vector_store_ids ?? [];
    const files = await h.client.vectorStores.files.list(storeId!);
    expect(files.data.map((f) => f.id)).toEqual([a.id]);
  });

  it('refuses attachments of files that do not exist', async () => {
    const thread = await newThread();
    const error = await apiError(messages.create(thread.id, { role: 'user', content: 'x', attachments: [{ file_id: 'file-nope', tools: [{ type: 'file_search' }] }] }));
    expect(error.status).toBe(404);
    expect((await messages.list(thread.id)).data).toEqual([]);
  });

  it('retrieves a message exactly as created', async () => {
    const thread = await newThread();
    const message = await messages.create(thread.id, { role: 'user', content: [{ type: 'text', text: 'hi' }] });
    expect(await messages.retrieve(message.id, { thread_id: thread.id })).toEqual(message);
  });

  it('modifies only metadata', async () => {
    const thread = await newThread();
    const message = await messages.create(thread.id, { role: 'user', content: 'x', metadata: { a: '1' } });
    const modified = await messages.update(message.id, { thread_id: thread.id, metadata: { b: '2' } });
    expect(modified).toEqual({ ...message, metadata: { b: '2' } });
    expect(await messages.update(message.id, { thread_id: thread.id })).toEqual(modified);
    expect(await messages.retrieve(message.id, { thread_id: thread.id })).toEqual(modified);

    const { body } = await apiError(messages.update(message.id, { thread_id: thread.id, content: 'new' } as never));
    expect(body).toEqual({ message: "Unknown parameter: 'content'.", type: 'invalid_request_error', param: 'content', code: 'unknown_parameter' });
  });

  it('deletes a message', async () => {
    const thread = await newThread();
    const [keep, drop] = [
      await messages.create(thread.id, { role: 'user', content: 'keep' }),
      await messages.create(thread.id, { role: 'user', content: 'drop' }),
    ];
    expect(await messages.delete(drop.id, { thread_id: thread.id })).toEqual({ id: drop.id, object: 'thread.message.deleted', deleted: true });
    const gone = await apiError(messages.retrieve(drop.id, { thread_id: thread.id }));
    expect(gone.error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(gone.body).toEqual({ message: `No message found with id '${drop.id}'.`, type: 'invalid_request_error', param: null, code: null });
    expect((await apiError(messages.delete(drop.id, { thread_id: thread.id }))).status).toBe(404);
    expect((await messages.list(thread.id)).data.map((m) => m.id)).toEqual([keep.id]);
  });

  it('does not find a message through another thread', async () => {
    const [a, b] = [await newThread(), await newThread()];
    const message = await messages.create(a.id, { role: 'user', content: 'in a' });
    const { status, body } = await apiError(messages.retrieve(message.id, { thread_id: b.id }));
    expect([status, body.message]).toEqual([404, `No message found with id '${message.id}'.`]);
  });

  it('lists newest first by default, oldest first with order=asc', async () => {
    const thread = await newThread();
    const created: Message[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(await messages.create(thread.id, { role: 'user', content: `m${i}` }));
      clock.advance(1_000);
    }
    const ids = created.map((m) => m.id);
    const desc = await messages.list(thread.id);
    expect(desc.data.map((m) => m.id)).toEqual([...ids].reverse());
    expect(desc.data).toEqual([...created].reverse());
    const asc = await messages.list(thread.id, { order: 'asc' });
    expect(asc.data.map((m) => m.id)).toEqual(ids);
  });

  it('pages with limit, after and before in both orders', async () => {
    const thread = await h.client.beta.threads.create({
      messages: Array.from({ length: 7 }, (_, i) => ({ role: 'user' as const, content: `m${i}` })),
    });
    const all = (await messages.list(thread.id, { order: 'asc' })).data.map((m) => m.id);
    const page = async (query: Record<string, string | number | undefined>) => idsOf(await getList(h, `/threads/${thread.id}/messages`, query));
    expect(await page({ order: 'asc', limit: 3 })).toEqual({ ids: all.slice(0, 3), first_id: all[0], last_id: all[2], has_more: true });
    expect(await page({ order: 'asc', limit: 3, after: all[2] })).toEqual({ ids: all.slice(3, 6), first_id: all[3], last_id: all[5], has_more: true });
    expect(await page({ order: 'asc', limit: 3, after: all[5] })).toEqual({ ids: all.slice(6), first_id: all[6], last_id: all[6], has_more: false });
    expect(await page({ order: 'asc', after: all[6] })).toEqual({ ids: [], first_id: null, last_id: null, has_more: false });
    expect(await page({ order: 'asc', limit: 2, before: all[4] })).toEqual({ ids: all.slice(2, 4), first_id: all[2], last_id: all[3], has_more: true });
    expect(await page({ order: 'asc', limit: 7 })).toMatchObject({ ids: all, has_more: false });

    const rev = [...all].reverse();
    expect(await page({ order: 'desc', limit: 3 })).toEqual({ ids: rev.slice(0, 3), first_id: rev[0], last_id: rev[2], has_more: true });
    expect(await page({ order: 'desc', limit: 3, after: rev[2] })).toEqual({ ids: rev.slice(3, 6), first_id: rev[3], last_id: rev[5], has_more: true });
    expect(await page({ order: 'desc', limit: 2, before: rev[4] })).toEqual({ ids: rev.slice(2, 4), first_id: rev[2], last_id: rev[3], has_more: true });
    expect(await page({ order: 'desc', before: rev[0] })).toEqual({ ids: [], first_id: null, last_id: null, has_more: false });
    expect(await page({ order: 'desc', after: rev[1], before: rev[5] })).toEqual({ ids: rev.slice(2, 5), first_id: rev[2], last_id: rev[4], has_more: false });
  });

  it('filters by run_id', async () => {
    const thread = await newThread();
    const userMessage = await messages.create(thread.id, { role: 'user', content: 'question' });
    // Only runs write messages with a run_id; seed two runs' replies straight into the store.
    const reply = (runId: string, text: string): Message => ({
      ...userMessage,
      id: `msg_${runId}${text}`.padEnd(28, '0'),
      role: 'assistant',
      assistant_id: 'asst_seeded',
      run_id: runId,
      content: [{ type: 'text', text: { value: text, annotations: [] } }],
    });
    const scope = (tag: string) => ({ owner: ownerOf('sk-test-default'), parentId: thread.id, tag });
    h.server.store.transaction(() => {
      h.server.store.messages.insert(scope('run_one'), reply('run_one', 'a'));
      h.server.store.messages.insert(scope('run_two'), reply('run_two', 'b'));
      h.server.store.messages.insert(scope('run_one'), reply('run_one', 'c'));
    });
    const byRun = async (run_id: string) => (await messages.list(thread.id, { run_id, order: 'asc' })).data.map((m) => m.content);
    const text = (value: string) => [{ type: 'text', text: { value, annotations: [] } }];
    expect(await byRun('run_one')).toEqual([text('a'), text('c')]);
    expect(await byRun('run_two')).toEqual([text('b')]);
    expect(await byRun('run_none')).toEqual([]);
    expect((await messages.list(thread.id)).data).toHaveLength(4);
  });

  it('rejects invalid message bodies naming the param', async () => {
    const thread = await newThread();
    const cases: [unknown, string, string, string][] = [
      [{ content: 'x' }, 'role', 'missing_required_parameter', "Missing required parameter: 'role'."],
      [{ role: 'user' }, 'content', 'missing_required_parameter', "Missing required parameter: 'content'."],
      [{ role: 'system', content: 'x' }, 'role', 'invalid_value', "Invalid value: 'system'. Supported values are: 'user' and 'assistant'."],
      [{ role: 'user', content: [] }, 'content', 'empty_array', "Invalid 'content': empty array. Expected an array with minimum length 1, but got an empty array instead."],
      [{ role: 'user', content: 42 }, 'content', 'invalid_type', "Invalid type for 'content': expected one of a string or an array, but got an integer instead."],
      [{ role: 'user', content: [{ type: 'audio' }] }, 'content[0].type', 'invalid_value', "Invalid value: 'audio'. Supported values are: 'image_file', 'image_url', and 'text'."],
      [{ role: 'user', content: [{ type: 'text' }] }, 'content[0].text', 'missing_required_parameter', "Missing required parameter: 'content[0].text'."],
      [{ role: 'user', content: [{ type: 'image_file', image_file: {} }] }, 'content[0].image_file.file_id', 'missing_required_parameter', "Missing required parameter: 'content[0].image_file.file_id'."],
      [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'max' } }] }, 'content[0].image_url.detail', 'invalid_value', "Invalid value: 'max'. Supported values are: 'auto', 'low', and 'high'."],
      [{ role: 'user', content: 'x', attachments: [{ file_id: 'f', tools: [{ type: 'function' }] }] }, 'attachments[0].tools[0].type', 'invalid_value', "Invalid value: 'function'. Supported values are: 'code_interpreter' and 'file_search'."],
      [{ role: 'user', content: 'x', attachments: 'file-1' }, 'attachments', 'invalid_type', "Invalid type for 'attachments': expected an array, but got a string instead."],
    ];
    for (const [body, param, code, message] of cases) {
      const error = await apiError(messages.create(thread.id, body as never));
      expect(error.error, JSON.stringify(body)).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.body, JSON.stringify(body)).toEqual({ message, type: 'invalid_request_error', param, code });
    }
  });

  it('answers 404 for a message in a thread that does not exist', async () => {
    const { status, body } = await apiError(messages.create('thread_missing', { role: 'user', content: 'x' }));
    expect([status, body.message]).toEqual([404, "No thread found with id 'thread_missing'."]);
    const retrieve = await apiError(messages.retrieve('msg_x', { thread_id: 'thread_missing' }));
    expect(retrieve.body.message).toBe("No thread found with id 'thread_missing'.");
  });
});
