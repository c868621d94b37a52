import { describe, expect, it } from 'vitest';
import { apiError } from './helpers/errors.js';
import { contractTargets } from './helpers/contract-targets.js';
import { CONTRACT_SCENARIOS } from './helpers/contract-scenarios.js';

/**
 * Protocol suite, part 1: create/retrieve/update/delete and the errors around them, written once and
 * run against every target (see helpers/contract-targets.ts).
 */
const targets = await contractTargets(CONTRACT_SCENARIOS);

for (const target of targets) {
  const { client } = target;

  describe(`contract: resources on ${target.name}`, { timeout: target.timeoutMs }, () => {
    it('assistants: create, retrieve, update, list, delete', async () => {
      const created = await target.assistant({ name: 'Contract', instructions: 'Be brief.', metadata: { suite: 'contract' } });
      expect(created).toMatchObject({
        id: expect.stringMatching(/^asst_/),
        object: 'assistant',
        name: 'Contract',
        description: null,
        model: target.model,
        instructions: 'Be brief.',
        tools: [],
        metadata: { suite: 'contract' },
      });
      await expect(client.beta.assistants.retrieve(created.id)).resolves.toEqual(created);
      const updated = await client.beta.assistants.update(created.id, { name: 'Contract 2', metadata: { suite: 'contract', round: '2' } });
      expect(updated).toMatchObject({ id: created.id, name: 'Contract 2', instructions: 'Be brief.', metadata: { suite: 'contract', round: '2' } });
      const listed = await client.beta.assistants.list({ limit: 100 });
      expect(listed.data.map((a) => a.id)).toContain(created.id);
      await expect(client.beta.assistants.delete(created.id)).resolves.toEqual({ id: created.id, object: 'assistant.deleted', deleted: true });
      const gone = await apiError(client.beta.assistants.retrieve(created.id));
      expect(gone).toMatchObject({
        status: 404,
        body: { message: `No assistant found with id '${created.id}'.`, type: 'invalid_request_error', param: null, code: null },
      });
    });

    it('threads: create with messages, retrieve, update, delete', async () => {
      const thread = await target.thread({ messages: [{ role: 'user', content: 'first' }], metadata: { suite: 'contract' } });
      expect(thread).toMatchObject({ id: expect.stringMatching(/^thread_/), object: 'thread', metadata: { suite: 'contract' } });
      await expect(client.beta.threads.retrieve(thread.id)).resolves.toEqual(thread);
      await expect(client.beta.threads.update(thread.id, { metadata: { suite: 'contract', round: '2' } })).resolves.toMatchObject({
        metadata: { suite: 'contract', round: '2' },
      });
      await expect(client.beta.threads.delete(thread.id)).resolves.toEqual({ id: thread.id, object: 'thread.deleted', deleted: true });
      await expect(apiError(client.beta.threads.retrieve(thread.id))).resolves.toMatchObject({
        status: 404,
        body: { message: `No thread found with id '${thread.id}'.` },
      });
    });

    it('messages: create, retrieve, update, delete', async () => {
      const thread = await target.thread();
      const message = await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'Hello there', metadata: { n: '1' } });
      expect(message).toMatchObject({
        id: expect.stringMatching(/^msg_/),
        object: 'thread.message',
        thread_id: thread.id,
        role: 'user',
        status: 'completed',
        assistant_id: null,
        run_id: null,
        attachments: [],
        metadata: { n: '1' },
        content: [{ type: 'text', text: { value: 'Hello there', annotations: [] } }],
      });
      await expect(client.beta.threads.messages.retrieve(message.id, { thread_id: thread.id })).resolves.toEqual(message);
      const updated = await client.beta.threads.messages.update(message.id, { thread_id: thread.id, metadata: { n: '2' } });
      expect(updated.metadata).toEqual({ n: '2' });
      await expect(client.beta.threads.messages.delete(message.id, { thread_id: thread.id })).resolves.toEqual({
        id: message.id,
        object: 'thread.message.deleted',
        deleted: true,
      });
      await expect(apiError(client.beta.threads.messages.retrieve(message.id, { thread_id: thread.id }))).resolves.toMatchObject({
        status: 404,
        body: { message: `No message found with id '${message.id}'.` },
      });
    });

    it('request errors name the parameter', async () => {
      await expect(apiError(client.beta.assistants.create({} as never))).resolves.toMatchObject({
        status: 400,
        body: { message: "Missing required parameter: 'model'.", type: 'invalid_request_error', param: 'model', code: 'missing_required_parameter' },
      });
      await expect(apiError(client.beta.assistants.create({ model: target.model, colour: 'red' } as never))).resolves.toMatchObject({
        status: 400,
        body: { message: "Unknown parameter: 'colour'.", param: 'colour', code: 'unknown_parameter' },
      });
      await expect(apiError(client.beta.threads.messages.list('thread_doesnotexist'))).resolves.toMatchObject({
        status: 404,
        body: { message: "No thread found with id 'thread_doesnotexist'." },
      });
    });
  });
}
