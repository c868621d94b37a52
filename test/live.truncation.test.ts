import { describe, expect, it } from 'vitest';
import { startLiveHarness } from './helpers/live-harness.js';

/** `truncation_strategy: auto` without `max_prompt_tokens`: the thread is fitted to the model's context window. */
const h = await startLiveHarness({ upstream: { liveOnly: true, contextTokens: 2_000 } });

describe('live truncation to the context window', () => {
  const long = (letter: string) => letter.repeat(4_000); // 1,000 tokens by the engine's count

  it("a model the server does not know gets --context-tokens' window: the oldest messages are dropped, the newest kept", async () => {
    h.upstream.reply({ text: 'Noted.' });
    const assistant = await h.client.beta.assistants.create({ model: 'my-local-model' });
    const thread = await h.client.beta.threads.create({ messages: ['a', 'b', 'c'].map((letter) => ({ role: 'user' as const, content: long(letter) })) });
    const run = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(run).toMatchObject({ status: 'completed', truncation_strategy: { type: 'auto', last_messages: null }, max_prompt_tokens: null });
    // 2,000 tokens leave the prompt 1,500: only the newest message fits.
    expect(h.upstream.requests[0]!.body.messages.map((m) => (m.content as string)[0])).toEqual(['c']);
  });

  it('a thread longer than a page of the store: the newest messages that fit go, in order, and last_messages: N keeps N', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'my-local-model' });
    const thread = await h.client.beta.threads.create();
    for (let n = 1; n <= 230; n++) await h.client.beta.threads.messages.create(thread.id, { role: 'user', content: `message ${n} ${'x'.repeat(800)}` });
    const sentNumbers = (n: number) => h.upstream.requests[n]!.body.messages.map((m) => Number((m.content as string).split(' ')[1]));
    h.upstream.reply({ text: 'Noted.' }, { text: 'Noted again.' });
    await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    // 200 tokens a message; a 2,000-token window leaves the prompt 1,500: the newest 7.
    expect(sentNumbers(0)).toEqual([224, 225, 226, 227, 228, 229, 230]);
    await h.client.beta.threads.messages.create(thread.id, { role: 'user', content: 'message 231' });
    await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, truncation_strategy: { type: 'last_messages', last_messages: 3 } });
    expect(h.upstream.requests[1]!.body.messages.map((m) => (m.content as string).slice(0, 12))).toEqual(['message 230 ', 'Noted.', 'message 231']);
  });

  it("a known model's own window applies instead (gpt-4o: 128,000 tokens): the whole thread goes", async () => {
    h.upstream.reply({ text: 'Noted.' });
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: ['a', 'b', 'c'].map((letter) => ({ role: 'user' as const, content: long(letter) })) });
    await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(h.upstream.requests[0]!.body.messages.map((m) => (m.content as string)[0])).toEqual(['a', 'b', 'c']);
  });
});
