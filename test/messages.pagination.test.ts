import { beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';
import { getList, idsOf } from './helpers/lists.js';

const clock = manualClock();
const h = await startHarness({ clock });
const COUNT = 1_000;
let threadId: string;
/** Message ids in creation order. */
let created: string[];

beforeAll(async () => {
  threadId = (await h.client.beta.threads.create()).id;
  created = [];
  for (let i = 0; i < COUNT; i++) {
    created.push((await h.client.beta.threads.messages.create(threadId, { role: 'user', content: `m${i}` })).id);
    // Several messages share each second, so order within a second must come from creation order.
    if (i % 7 === 6) clock.advance(1_000);
  }
});

describe('message pagination', () => {
  it('auto-pagination with `for await` visits every message once, newest first', async () => {
    const seen: string[] = [];
    for await (const message of h.client.beta.threads.messages.list(threadId, { limit: 100 })) seen.push(message.id);
    expect(seen).toEqual([...created].reverse());
  });

  it('auto-pagination visits every message once, oldest first, with an uneven page size', async () => {
    const seen: string[] = [];
    for await (const message of h.client.beta.threads.messages.list(threadId, { order: 'asc', limit: 33 })) seen.push(message.id);
    expect(seen).toEqual(created);
  });

  it('walks page by page with the default limit of 20 and stops on has_more: false', async () => {
    let page = await h.client.beta.threads.messages.list(threadId, { order: 'asc' });
    let pages = 1;
    const seen = page.data.map((m) => m.id);
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      pages++;
      seen.push(...page.data.map((m) => m.id));
    }
    expect(pages).toBe(COUNT / 20);
    expect(page.has_more).toBe(false);
    expect(seen).toEqual(created);
  });

  it('reports first_id, last_id and has_more exactly at the edges', async () => {
    const path = `/threads/${threadId}/messages`;
    expect(idsOf(await getList(h, path, { order: 'asc', limit: 100 }))).toEqual({
      ids: created.slice(0, 100), first_id: created[0], last_id: created[99], has_more: true,
    });
    expect(idsOf(await getList(h, path, { order: 'asc', limit: 100, after: created[899] }))).toEqual({
      ids: created.slice(900), first_id: created[900], last_id: created[999], has_more: false,
    });
    expect(idsOf(await getList(h, path, { order: 'asc', limit: 99, after: created[899] }))).toEqual({
      ids: created.slice(900, 999), first_id: created[900], last_id: created[998], has_more: true,
    });
    expect(idsOf(await getList(h, path, { limit: 1 }))).toEqual({
      ids: [created[999]], first_id: created[999], last_id: created[999], has_more: true,
    });
    expect(idsOf(await getList(h, path, { limit: 5, before: created[3] }))).toEqual({
      ids: [created[8], created[7], created[6], created[5], created[4]], first_id: created[8], last_id: created[4], has_more: true,
    });
    expect(await getList(h, path, { after: created[0] })).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  it('rejects a limit outside 1..100 naming `limit`', async () => {
    const cases: [number, string, string][] = [
      [0, 'integer_below_min_value', "Invalid 'limit': integer below minimum value. Expected a value >= 1, but got 0 instead."],
      [101, 'integer_above_max_value', "Invalid 'limit': integer above maximum value. Expected a value <= 100, but got 101 instead."],
    ];
    for (const [limit, code, message] of cases) {
      const error = await apiError(h.client.beta.threads.messages.list(threadId, { limit }));
      expect(error.error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.body).toEqual({ message, type: 'invalid_request_error', param: 'limit', code });
    }
  });

  it('rejects a limit or order of the wrong kind', async () => {
    const limit = await apiError(h.client.beta.threads.messages.list(threadId, { limit: 'ten' as never }));
    expect(limit.body).toEqual({
      message: "Invalid type for 'limit': expected an integer, but got a string instead.",
      type: 'invalid_request_error',
      param: 'limit',
      code: 'invalid_type',
    });
    const order = await apiError(h.client.beta.threads.messages.list(threadId, { order: 'newest' as never }));
    expect(order.body).toEqual({
      message: "Invalid value: 'newest'. Supported values are: 'asc' and 'desc'.",
      type: 'invalid_request_error',
      param: 'order',
      code: 'invalid_value',
    });
  });
});
