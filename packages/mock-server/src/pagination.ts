import type { Context } from 'hono';
import { listQuery, type ListQuery } from './schemas/common.js';
import type { Page } from './store/index.js';
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
