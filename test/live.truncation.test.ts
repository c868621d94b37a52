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

  it("a known model's own window applies instead (gpt-4o: 128,000 tokens): the whole thread goes", async () => {
    h.upstream.reply({ text: 'Noted.' });
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: ['a', 'b', 'c'].map((letter) => ({ role: 'user' as const, content: long(letter) })) });
    await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(h.upstream.requests[0]!.body.messages.map((m) => (m.content as string)[0])).toEqual(['a', 'b', 'c']);
  });
});
