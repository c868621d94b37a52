import { describe, expect, it } from 'vitest';
import { apiError } from './helpers/errors.js';
import { contractTargets } from './helpers/contract-targets.js';
import { CONTRACT_SCENARIOS } from './helpers/contract-scenarios.js';

/** Protocol suite, part 2: cursor pagination, as every list endpoint serves it. */
const targets = await contractTargets(CONTRACT_SCENARIOS);

for (const target of targets) {
  const { client } = target;
  /** A list response as it is on the wire (the SDK's page object hides `first_id`/`last_id`). */
  const listBody = (path: string, query: Record<string, unknown> = {}) =>
    client.get<Record<string, unknown>>(path, { query, headers: { 'OpenAI-Beta': 'assistants=v2' } });

  describe(`contract: pagination on ${target.name}`, { timeout: target.timeoutMs }, () => {
    it('pages through a list with limit, after and before, in both orders', async () => {
      const thread = await target.thread({ messages: ['m0', 'm1', 'm2', 'm3', 'm4'].map((content) => ({ role: 'user' as const, content })) });
      const textOf = (page: { data: { content: { type: string; text?: { value: string } }[] }[] }) =>
        page.data.map((m) => m.content[0]?.text?.value);
      const messages = client.beta.threads.messages;

      const newest = await messages.list(thread.id, { limit: 2 });
      expect(textOf(newest)).toEqual(['m4', 'm3']);
      expect(newest.has_more).toBe(true);
      await expect(listBody(`/threads/${thread.id}/messages`, { limit: 2 })).resolves.toMatchObject({
        object: 'list',
        first_id: newest.data[0]!.id,
        last_id: newest.data[1]!.id,
        has_more: true,
      });

      const first = await messages.list(thread.id, { order: 'asc', limit: 2 });
      expect(textOf(first)).toEqual(['m0', 'm1']);
      const second = await messages.list(thread.id, { order: 'asc', limit: 2, after: first.data[1]!.id });
      expect(textOf(second)).toEqual(['m2', 'm3']);
      const last = await messages.list(thread.id, { order: 'asc', limit: 2, after: second.data[1]!.id });
      expect(textOf(last)).toEqual(['m4']);
      expect(last.has_more).toBe(false);
      const back = await messages.list(thread.id, { order: 'asc', limit: 2, before: last.data[0]!.id });
      expect(textOf(back)).toEqual(['m2', 'm3']);

      // The SDK's auto-pagination follows `after` until `has_more` is false.
      const all: string[] = [];
      for await (const message of messages.list(thread.id, { order: 'asc', limit: 2 })) all.push(message.content[0]!.type === 'text' ? message.content[0]!.text.value : '');
      expect(all).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    });

    it('an empty list', async () => {
      const thread = await target.thread();
      await expect(listBody(`/threads/${thread.id}/messages`)).resolves.toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
    });

    it('limit is 1..100 and order asc|desc', async () => {
      await expect(apiError(client.beta.assistants.list({ limit: 0 }))).resolves.toMatchObject({
        status: 400,
        body: { message: "Invalid 'limit': integer below minimum value. Expected a value >= 1, but got 0 instead.", param: 'limit', code: 'integer_below_min_value' },
      });
      await expect(apiError(client.beta.assistants.list({ limit: 101 }))).resolves.toMatchObject({
        status: 400,
        body: { message: "Invalid 'limit': integer above maximum value. Expected a value <= 100, but got 101 instead.", param: 'limit', code: 'integer_above_max_value' },
      });
      await expect(apiError(client.beta.assistants.list({ order: 'up' as never }))).resolves.toMatchObject({
        status: 400,
        body: { message: "Invalid value: 'up'. Supported values are: 'asc' and 'desc'.", param: 'order', code: 'invalid_value' },
      });
    });
  });
}
