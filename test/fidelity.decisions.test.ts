import { describe, expect, it } from 'vitest';
import { toFile } from 'openai';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

/**
 * Cases the seeds do not show, each decided here: what the mock does and why. Where the real
 * service's answer is not on record, the test names the choice so a later finding changes one place.
 */
const h = await startHarness({
  scenarios: defineScenarios([{ name: 'search', match: { message: 'search' }, script: [{ file_search: { query: 'refund' } }, { say: 'Done.' }] }]),
});

describe('tool_resources.file_search with both vector_store_ids and vector_stores', () => {
  it('is refused: the spec makes them a oneOf (worded as the file-batch endpoint words its own pair)', async () => {
    const both = { file_search: { vector_store_ids: ['vs_a'], vector_stores: [{ file_ids: [] }] } };
    for (const call of [
      () => h.client.beta.assistants.create({ model: 'gpt-4o', tool_resources: both }),
      () => h.client.beta.threads.create({ tool_resources: both }),
    ]) {
      const { status, body } = await apiError(call());
      expect(status).toBe(400);
      expect(body).toEqual({
        message: "Invalid 'tool_resources.file_search.vector_stores': 'vector_store_ids' and 'vector_stores' are mutually exclusive: provide only one of them.",
        type: 'invalid_request_error',
        param: 'tool_resources.file_search.vector_stores',
        code: 'invalid_value',
      });
    }
  });
});

describe('vector_store_ids that name no vector store', () => {
  // Not on record for the real service; the mock keeps them as given (as it keeps code_interpreter
  // file_ids), and a run's file_search searches only the stores that exist.
  it('are kept as given, and a run searching them finds nothing and completes', async () => {
    const assistant = await h.client.beta.assistants.create({
      model: 'gpt-4o',
      tools: [{ type: 'file_search' }],
      tool_resources: { file_search: { vector_store_ids: ['vs_missing'] } },
    });
    expect(assistant.tool_resources).toEqual({ file_search: { vector_store_ids: ['vs_missing'] } });
    const run = await h.client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'search' }] } });
    expect(run.status).toBe('completed');
    const steps = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id: run.thread_id, order: 'asc' })).data;
    const call = steps[0]!.step_details.type === 'tool_calls' ? steps[0]!.step_details.tool_calls[0] : undefined;
    expect(call).toMatchObject({ type: 'file_search', file_search: { results: [] } });
  });
});

describe('a file attached to a message for code_interpreter only', () => {
  it('is echoed on the message and makes no vector store; the thread’s tool_resources stay as they were', async () => {
    const file = await h.client.files.create({ file: await toFile(Buffer.from('a,b\n1,2\n'), 'data.csv'), purpose: 'assistants' });
    const storesBefore = (await h.client.vectorStores.list()).data.length;
    const thread = await h.client.beta.threads.create({
      messages: [{ role: 'user', content: 'analyse', attachments: [{ file_id: file.id, tools: [{ type: 'code_interpreter' }] }] }],
    });
    expect(thread.tool_resources).toEqual({});
    const [message] = (await h.client.beta.threads.messages.list(thread.id)).data;
    expect(message!.attachments).toEqual([{ file_id: file.id, tools: [{ type: 'code_interpreter' }] }]);
    expect((await h.client.vectorStores.list()).data.length).toBe(storesBefore);
    const unknown = await apiError(
      h.client.beta.threads.messages.create(thread.id, { role: 'user', content: 'x', attachments: [{ file_id: 'file-nope', tools: [{ type: 'code_interpreter' }] }] }),
    );
    expect(unknown.status).toBe(404);
  });
});

describe('an `after` cursor that names no object', () => {
  it('gives an empty page (has_more false, first_id and last_id null), not an error', async () => {
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'one' }, { role: 'user', content: 'two' }] });
    const response = await h.raw(`/threads/${thread.id}/messages?after=msg_unknown`, { headers: { 'OpenAI-Beta': 'assistants=v2' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
    const assistants = await h.client.beta.assistants.list({ after: 'asst_unknown' });
    expect(assistants.data).toEqual([]);
  });
});
