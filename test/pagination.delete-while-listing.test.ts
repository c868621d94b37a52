import { describe, expect, it } from 'vitest';
import { startHarness, uniqueKey } from './helpers/harness.js';

const h = await startHarness();

describe('deleting what a list returns, while auto-paginating through it', () => {
  it('visits every assistant once: the next page starts after the deleted cursor', async () => {
    const client = h.clientFor(uniqueKey('cleanup'));
    const created = [];
    for (let i = 0; i < 45; i++) created.push((await client.beta.assistants.create({ model: 'gpt-4o', name: `a${i}` })).id);
    const deleted: string[] = [];
    for await (const assistant of client.beta.assistants.list({ limit: 10 })) {
      await client.beta.assistants.delete(assistant.id);
      deleted.push(assistant.id);
    }
    expect(deleted).toEqual([...created].reverse());
    expect((await client.beta.assistants.list()).data).toEqual([]);
  });

  it('does the same for messages, files and vector-store files', async () => {
    const client = h.clientFor(uniqueKey('cleanup-2'));
    const thread = await client.beta.threads.create({ messages: Array.from({ length: 25 }, (_, i) => ({ role: 'user' as const, content: `m${i}` })) });
    let messages = 0;
    for await (const message of client.beta.threads.messages.list(thread.id, { limit: 10, order: 'asc' })) {
      await client.beta.threads.messages.delete(message.id, { thread_id: thread.id });
      messages++;
    }
    expect(messages).toBe(25);

    const store = await client.vectorStores.create({});
    const files = [];
    for (let i = 0; i < 12; i++) files.push(await client.files.create({ file: new File([`text ${i}`], `f${i}.txt`), purpose: 'assistants' }));
    await client.vectorStores.fileBatches.createAndPoll(store.id, { file_ids: files.map((f) => f.id) });
    let detached = 0;
    for await (const file of client.vectorStores.files.list(store.id, { limit: 5 })) {
      await client.vectorStores.files.delete(file.id, { vector_store_id: store.id });
      detached++;
    }
    expect(detached).toBe(12);
    let removed = 0;
    for await (const file of client.files.list({ limit: 5 })) {
      await client.files.delete(file.id);
      removed++;
    }
    expect(removed).toBe(12);
  });

  it('an id that never existed still gives an empty page', async () => {
    const client = h.clientFor(uniqueKey('never'));
    await client.beta.assistants.create({ model: 'gpt-4o' });
    const page = await client.beta.assistants.list({ after: 'asst_doesnotexist' });
    expect(page.data).toEqual([]);
  });
});
