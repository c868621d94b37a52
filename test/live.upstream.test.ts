import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { APIUserAbortError } from 'openai';
import { createUpstream, type UpstreamOptions } from '../packages/mock-server/src/live/upstream.js';
import { readTurn } from '../packages/mock-server/src/live/turn-reader.js';
import { TurnError, type TurnPiece } from '../packages/mock-server/src/engine/driver.js';
import { fakeUpstream } from './helpers/fake-upstream.js';

/** The upstream client and the turn reader against the fake upstream, in process and on a real socket. */
const fake = fakeUpstream();
const socketURL = await fake.listen();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const transports: [string, Pick<UpstreamOptions, 'baseURL' | 'fetch'>][] = [
  ['in process', { baseURL: 'http://fake-upstream.local/v1', fetch: fake.fetch }],
  ['real socket', { baseURL: socketURL }],
];

async function play(options: Partial<UpstreamOptions> & Pick<UpstreamOptions, 'baseURL'>, signal = new AbortController().signal) {
  const upstream = createUpstream({ maxRetries: 2, ...options });
  const pieces: TurnPiece[] = [];
  for await (const piece of readTurn(upstream.complete('gpt-4o', { messages: [{ role: 'user', content: 'hi' }] }, signal), new Set(['file_search']))) {
    pieces.push(piece);
  }
  return pieces;
}

const failure = (promise: Promise<unknown>) => promise.then(() => 'no error', (error: unknown) => error);

for (const [name, transport] of transports) {
  describe(`upstream over ${name}`, () => {
    it('text arrives as deltas, then the ending with the usage chunk; the request asks for usage', async () => {
      fake.reply({ text: 'Hello there, friend.', usage: { prompt_tokens: 9, completion_tokens: 4 } });
      const pieces = await play(transport);
      expect(pieces).toEqual([
        { type: 'text', value: 'Hello' },
        { type: 'text', value: ' there,' },
        { type: 'text', value: ' friend.' },
        {
          type: 'end',
          finish: 'stop',
          usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13, prompt_token_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
          serverCalls: [],
        },
      ]);
      expect(fake.requests[0]!.body).toMatchObject({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true } });
    });

    it('parallel tool calls accumulate by index, each with its own call_ id mapped to the upstream id', async () => {
      fake.reply({
        toolCalls: [
          { name: 'display_quiz', arguments: '{"title":"수학 퀴즈"}', id: 'call_up_1' },
          { name: 'display_quiz', arguments: '{"title":"퀴즈 피드백"}', id: 'call_up_2' },
          { name: 'file_search', arguments: '{"query":"x"}', id: 'call_up_3' },
        ],
      });
      const pieces = await play(transport);
      const opened = pieces.filter((p) => p.type === 'call');
      expect(opened.map((p) => [p.index, p.name, p.origin.upstreamId])).toEqual([
        [0, 'display_quiz', 'call_up_1'],
        [1, 'display_quiz', 'call_up_2'],
      ]);
      for (const call of opened) expect(call.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
      expect(new Set(opened.map((p) => p.id)).size).toBe(2);
      const args = (index: number) => pieces.flatMap((p) => (p.type === 'arguments' && p.index === index ? [p.value] : [])).join('');
      expect([args(0), args(1)]).toEqual(['{"title":"수학 퀴즈"}', '{"title":"퀴즈 피드백"}']);
      expect(pieces.filter((p) => p.type === 'arguments').length).toBeGreaterThan(4);
      const end = pieces.at(-1) as Extract<TurnPiece, { type: 'end' }>;
      expect(end.finish).toBe('tool_calls');
      expect(end.serverCalls).toEqual([{ id: expect.stringMatching(/^call_[A-Za-z0-9]{24}$/), name: 'file_search', origin: { upstreamId: 'call_up_3', name: 'file_search', arguments: '{"query":"x"}' } }]);
    });

    it('finish_reason length is reported', async () => {
      fake.reply({ text: 'Cut', finish: 'length' });
      expect((await play(transport)).at(-1)).toMatchObject({ type: 'end', finish: 'length' });
    });

    it('429 and 5xx are retried with the SDK policy (retry-after-ms honoured), then succeed', async () => {
      fake.reply(
        { status: 429, error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' }, headers: { 'retry-after-ms': '1' } },
        { status: 503, error: { message: 'overloaded' }, headers: { 'retry-after-ms': '1' } },
        { text: 'ok' },
      );
      expect((await play(transport)).map((p) => p.type)).toEqual(['text', 'end']);
      expect(fake.requests).toHaveLength(3);
    });

    it('429 after the retries: rate_limit_exceeded with the upstream message', async () => {
      fake.fallback(() => ({ status: 429, error: { message: 'Rate limit reached for gpt-4o.', code: 'rate_limit_exceeded' }, headers: { 'retry-after-ms': '1' } }));
      const error = await failure(play(transport));
      expect(error).toBeInstanceOf(TurnError);
      expect(error).toMatchObject({ code: 'rate_limit_exceeded', message: 'Rate limit reached for gpt-4o.' });
      expect(fake.requests).toHaveLength(3);
    });

    it('a context-length 400 is invalid_prompt, not retried', async () => {
      const message = "This model's maximum context length is 128000 tokens. However, your messages resulted in 130001 tokens.";
      fake.reply({ status: 400, error: { message, type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } });
      expect(await failure(play(transport))).toMatchObject({ code: 'invalid_prompt', message });
      expect(fake.requests).toHaveLength(1);
    });

    it('401 is server_error with the upstream message, the key taken out of it; the key goes only in the header', async () => {
      const apiKey = 'sk-proj-SECRETSECRET1234';
      fake.reply({ status: 401, error: { message: `Incorrect API key provided: ${apiKey}. You can find your API key at https://platform.openai.com.`, code: 'invalid_api_key' } });
      const error = (await failure(play({ ...transport, apiKey }))) as TurnError;
      expect(error).toMatchObject({ code: 'server_error', message: 'Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com.' });
      expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
    });

    it('without a key no Authorization header is sent', async () => {
      fake.reply({ text: 'ok' });
      await play(transport);
      expect(fake.requests[0]!.headers).not.toHaveProperty('authorization');
    });

    it('500 after the retries, and a dropped connection, are server_error', async () => {
      fake.fallback(() => ({ status: 500, error: { message: 'The server had an error while processing your request.' }, headers: { 'retry-after-ms': '1' } }));
      expect(await failure(play(transport))).toMatchObject({ code: 'server_error', message: 'The server had an error while processing your request.' });
      expect(fake.requests).toHaveLength(3);
      fake.reset();
      fake.fallback(() => ({ drop: true }));
      expect(await failure(play({ ...transport, maxRetries: 0 }))).toMatchObject({ code: 'server_error', message: expect.stringContaining('Could not reach the upstream model') });
    });

    it('a stream that stalls is given up after the stall timeout: server_error', async () => {
      fake.reply({ text: 'one two three', stallAfter: 2 });
      const error = await failure(play({ ...transport, stallTimeoutMs: 100 }));
      expect(error).toMatchObject({ code: 'server_error', message: 'The upstream model sent nothing for 0.1 s.' });
      await expect.poll(() => fake.requests[0]!.aborted).toBe(true);
    });

    it('garbage in the stream, and a stream cut before its finish, are server_error', async () => {
      fake.reply({ text: 'hello', garbage: 'data: {not json\n\n' });
      expect(await failure(play(transport))).toMatchObject({ code: 'server_error', message: expect.stringContaining('could not be read') });
      fake.reply({ text: 'hello there', endAfter: 2 });
      expect(await failure(play(transport))).toMatchObject({ code: 'server_error', message: 'The upstream model stream ended before the model finished its answer.' });
    });

    it('a stream with no usage chunk ends with usage null (the engine estimates)', async () => {
      fake.reply({ text: 'hello', usage: null });
      expect((await play(transport)).at(-1)).toMatchObject({ type: 'end', finish: 'stop', usage: null });
    });

    it('aborting stops the request at once', async () => {
      fake.reply({ text: 'one two three four five six', delayMs: 50 });
      const controller = new AbortController();
      const playing = failure(play(transport, controller.signal));
      await fake.received(1);
      controller.abort();
      expect(await playing).toBeInstanceOf(APIUserAbortError);
      await expect.poll(() => fake.requests[0]!.aborted).toBe(true);
    });
  });
}
