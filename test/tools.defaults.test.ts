import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';

const h = await startHarness({
  scenarios: defineScenarios([{ name: 'hello', match: { message: 'hello' }, script: [{ say: 'Hi!' }] }]),
});

// What the real service echoed for these requests (seed notebooks 000 and 002).
const FILE_SEARCH = { type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0 } } };
const EXAMINE_SERVER = {
  type: 'function',
  function: {
    name: 'examine_server',
    description: '데이터 서버가 정상적으로 작동중인지 검사합니다.',
    parameters: { type: 'object', properties: {} },
    strict: false,
  },
};
const examineServer = { type: 'function' as const, function: { name: 'examine_server', description: '데이터 서버가 정상적으로 작동중인지 검사합니다.' } };

describe('tools read back with the defaults the real service fills in', () => {
  it('an assistant echoes them on create, retrieve, list and modify', async () => {
    const created = await h.client.beta.assistants.create({ model: 'gpt-4o-mini', tools: [{ type: 'file_search' }, examineServer] });
    expect(created.tools).toEqual([FILE_SEARCH, EXAMINE_SERVER]);
    expect((await h.client.beta.assistants.retrieve(created.id)).tools).toEqual([FILE_SEARCH, EXAMINE_SERVER]);
    const listed = (await h.client.beta.assistants.list()).data.find((a) => a.id === created.id);
    expect(listed!.tools).toEqual([FILE_SEARCH, EXAMINE_SERVER]);
    const updated = await h.client.beta.assistants.update(created.id, { tools: [{ type: 'code_interpreter' }, { type: 'file_search' }] });
    expect(updated.tools).toEqual([{ type: 'code_interpreter' }, FILE_SEARCH]);
  });

  it('keeps what the request set: max_num_results, the threshold, parameters and strict; `auto` reads back as its ranker', async () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const created = await h.client.beta.assistants.create({
      model: 'gpt-4o',
      tools: [
        { type: 'file_search', file_search: { max_num_results: 5, ranking_options: { ranker: 'auto', score_threshold: 0.4 } } },
        { type: 'function', function: { name: 'weather', parameters, strict: true } },
        { type: 'function', function: { name: 'nullable_strict', strict: null } },
      ],
    });
    expect(created.tools).toEqual([
      { type: 'file_search', file_search: { max_num_results: 5, ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.4 } } },
      { type: 'function', function: { name: 'weather', parameters, strict: true } },
      { type: 'function', function: { name: 'nullable_strict', parameters: { type: 'object', properties: {} }, strict: false } },
    ]);
  });

  it("a run copies the assistant's filled-in tools, and fills in the tools a request overrides them with", async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o-mini', tools: [{ type: 'file_search' }, examineServer] });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'hello' }] });
    const copied = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(copied.tools).toEqual([FILE_SEARCH, EXAMINE_SERVER]);
    const overridden = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, tools: [examineServer] });
    expect(overridden.tools).toEqual([EXAMINE_SERVER]);
    const viaThreadAndRun = await h.client.beta.threads.createAndRun({
      assistant_id: assistant.id,
      thread: { messages: [{ role: 'user', content: 'hello' }] },
      tools: [{ type: 'file_search' }],
    });
    expect(viaThreadAndRun.tools).toEqual([FILE_SEARCH]);
    const streamed = h.client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    let createdEvent: unknown;
    streamed.on('event', (event) => {
      if (event.event === 'thread.run.created') createdEvent = event.data;
    });
    await streamed.finalRun();
    expect((createdEvent as { tools: unknown }).tools).toEqual([FILE_SEARCH, EXAMINE_SERVER]);
  });
});

describe('an assistant modify, as the real service answered it', () => {
  it("reads `response_format: auto` back as {type: 'text'} unless the modify sets it (seed 002, cell 15)", async () => {
    const created = await h.client.beta.assistants.create({ model: 'gpt-4o', name: 'Math Tutor2' });
    expect(created.response_format).toBe('auto');
    const updated = await h.client.beta.assistants.update(created.id, { tools: [{ type: 'code_interpreter' }] });
    expect(updated).toMatchObject({ response_format: { type: 'text' }, tools: [{ type: 'code_interpreter' }], tool_resources: { code_interpreter: { file_ids: [] } } });
    expect((await h.client.beta.assistants.retrieve(created.id)).response_format).toEqual({ type: 'text' });
    expect((await h.client.beta.assistants.update(created.id, { response_format: 'auto' })).response_format).toBe('auto');
    const json = { type: 'json_object' as const };
    const withJson = await h.client.beta.assistants.create({ model: 'gpt-4o', response_format: json });
    expect((await h.client.beta.assistants.update(withJson.id, { name: 'x' })).response_format).toEqual(json);
  });
});
