import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const h = await startHarness();

describe('objects are scoped to the API key that created them', () => {
  it('another key gets 404 for every object and an empty assistants list', async () => {
    const alice = h.clientFor(uniqueKey('alice'));
    const bob = h.clientFor(uniqueKey('bob'));
    const assistant = await alice.beta.assistants.create({ model: 'gpt-4o', name: 'private' });
    const thread = await alice.beta.threads.create({ messages: [{ role: 'user', content: 'secret' }] });
    const [message] = (await alice.beta.threads.messages.list(thread.id)).data;

    const attempts: [() => Promise<unknown>, string][] = [
      [() => bob.beta.assistants.retrieve(assistant.id), `No assistant found with id '${assistant.id}'.`],
      [() => bob.beta.assistants.update(assistant.id, { name: 'stolen' }), `No assistant found with id '${assistant.id}'.`],
      [() => bob.beta.assistants.delete(assistant.id), `No assistant found with id '${assistant.id}'.`],
      [() => bob.beta.threads.retrieve(thread.id), `No thread found with id '${thread.id}'.`],
      [() => bob.beta.threads.update(thread.id, { metadata: { x: 'y' } }), `No thread found with id '${thread.id}'.`],
      [() => bob.beta.threads.delete(thread.id), `No thread found with id '${thread.id}'.`],
      [() => bob.beta.threads.messages.list(thread.id), `No thread found with id '${thread.id}'.`],
      [() => bob.beta.threads.messages.create(thread.id, { role: 'user', content: 'intrude' }), `No thread found with id '${thread.id}'.`],
      [() => bob.beta.threads.messages.retrieve(message!.id, { thread_id: thread.id }), `No thread found with id '${thread.id}'.`],
      [() => bob.beta.threads.messages.update(message!.id, { thread_id: thread.id, metadata: {} }), `No thread found with id '${thread.id}'.`],
      [() => bob.beta.threads.messages.delete(message!.id, { thread_id: thread.id }), `No thread found with id '${thread.id}'.`],
    ];
    for (const [attempt, message] of attempts) {
      const caught = await apiError(attempt());
      expect(caught.error, message).toBeInstanceOf(OpenAI.NotFoundError);
      expect(caught.body.message).toBe(message);
    }
    expect(await bob.beta.assistants.list()).toMatchObject({ data: [], has_more: false });

    // Nothing bob tried touched alice's objects.
    expect(await alice.beta.assistants.retrieve(assistant.id)).toEqual(assistant);
    expect(await alice.beta.threads.retrieve(thread.id)).toEqual(thread);
    expect((await alice.beta.threads.messages.list(thread.id)).data).toEqual([message]);
  });

  it('lists only the caller’s assistants, with cursors from another key naming nothing', async () => {
    const alice = h.clientFor(uniqueKey('alice'));
    const bob = h.clientFor(uniqueKey('bob'));
    const mine = [await alice.beta.assistants.create({ model: 'a' }), await alice.beta.assistants.create({ model: 'a' })];
    const theirs = await bob.beta.assistants.create({ model: 'b' });
    expect((await alice.beta.assistants.list()).data.map((a) => a.id)).toEqual([mine[1]!.id, mine[0]!.id]);
    expect((await bob.beta.assistants.list()).data.map((a) => a.id)).toEqual([theirs.id]);
    expect((await bob.beta.assistants.list({ after: mine[1]!.id })).data).toEqual([]);
  });
});
