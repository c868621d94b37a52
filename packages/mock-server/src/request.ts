import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, unsupportedContentType } from './errors.js';
import { parseOrThrow } from './validation.js';

const INVALID_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

/** Reads a JSON body (an absent body is `{}`) and validates it against `schema`. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseOrThrow(schema, await readJson(c));
}

export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const contentType = c.req.header('content-type') ?? '';
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw unsupportedContentType(contentType, 'application/json');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, { message: INVALID_JSON });
  }
}

/** Drops keys whose value is `undefined`, so a modify only touches what the request names. */
export function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
