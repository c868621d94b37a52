import type { Context } from 'hono';
import { listQuery, type ListQuery } from './schemas/common.js';
import type { Page, StoredDocument } from './store/index.js';
import { parseOrThrow } from './validation.js';

/** Reads `limit`, `order`, `after`, `before` from the query string (400 with `param` if invalid). */
export function readListQuery(c: Context, schema = listQuery): ListQuery {
  return parseOrThrow(schema, c.req.query());
}

/** The list envelope every list endpoint returns; `first_id`/`last_id` are null on an empty page. */
export function listResponse<T extends { id: string }>(page: Page<T>) {
  return {
    object: 'list' as const,
    data: page.data,
    first_id: page.data[0]?.id ?? null,
    last_id: page.data.at(-1)?.id ?? null,
    has_more: page.hasMore,
  };
}

/** The same envelope as JSON text around items kept as stored, for lists that skip parsing each item. */
export function listResponseText(page: Page<StoredDocument>): string {
  const first = page.data[0]?.id ?? null;
  const last = page.data.at(-1)?.id ?? null;
  return `{"object":"list","data":[${page.data.map((item) => item.json).join(',')}],"first_id":${JSON.stringify(first)},"last_id":${JSON.stringify(last)},"has_more":${page.hasMore}}`;
}
