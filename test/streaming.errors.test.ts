import { afterEach, describe, expect, it, vi } from 'vitest';
import OpenAI from 'openai';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness, type Harness } from './helpers/harness.js';
import { reader } from './helpers/assistant-stream.js';
import { parseSseBody } from './helpers/sse.js';

const scenarios = defineScenarios([{ name: 'slow-answer', match: { message: 'tell me slowly' }, script: [{ say: 'one two three', pace: 1000 }] }]);

const clock = manualClock();
// Each server-side failure below breaks its server for good, so each test has its own.
const forSdk = await startHarness({ scenarios, clock });
const forRaw = await startHarness({ scenarios, clock });
const forDelete = await startHarness({ scenarios, clock });

const SERVER_ERROR = { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null };

async function threadAndAssistant(h: Harness) {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
  const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'tell me slowly' }] });
  return { assistant_id: assistant.id, thread_id: thread.id };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an error while a run streams', () => {
  it('reaches the SDK as an APIError carrying the OpenAI error object', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { assistant_id, thread_id } = await threadAndAssistant(forSdk);
    const stream = forSdk.client.beta.threads.runs.stream(thread_id, { assistant_id });
    const outcome = stream.finalRun().then(
      () => null,
      (error: unknown) => error,
    );
    await reader(stream).until('thread.message.delta');
    await forSdk.server.close(); // the database goes away under the stream
    clock.advance(1000);

    const error = await outcome;
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: undefined, error: SERVER_ERROR, message: SERVER_ERROR.message });
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0]![0])).toContain('The database connection is not open');
  });

  it('is sent as `event: error` with `{"error": {...}}` as the last frame, with no done after it', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { assistant_id, thread_id } = await threadAndAssistant(forRaw);
    const response = await forRaw.raw(`/threads/${thread_id}/runs`, {
      method: 'POST',
      json: { assistant_id, stream: true },
      headers: { 'OpenAI-Beta': 'assistants=v2' },
    });
    const body = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: thread.message.delta')) text += (await body.read()).value;
    await forRaw.server.close();
    clock.advance(1000);
    for (let chunk = await body.read(); !chunk.done; chunk = await body.read()) text += chunk.value;

    const frames = parseSseBody(text);
    expect(frames.map((f) => f.event).slice(-2)).toEqual(['thread.message.delta', 'error']);
    expect(frames.at(-1)!.data).toBe(JSON.stringify({ error: SERVER_ERROR }));
  });

  it('ends with an error naming the run when its thread is deleted under the stream', async () => {
    const { assistant_id, thread_id } = await threadAndAssistant(forDelete);
    const stream = forDelete.client.beta.threads.runs.stream(thread_id, { assistant_id });
    const outcome = stream.finalRun().then(
      () => null,
      (error: unknown) => error,
    );
    await reader(stream).until('thread.message.delta');
    const runId = stream.currentRun()!.id;
    await forDelete.client.beta.threads.delete(thread_id);
    clock.advance(1000);
    expect(await outcome).toMatchObject({
      status: undefined,
      error: { message: `No run found with id '${runId}'.`, type: 'invalid_request_error', param: null, code: null },
    });
  });
});
