import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { z } from 'zod';
import { ApiError, unsupportedContentType } from './errors.js';
import { JsonPrescan } from './json-prescan.js';
import { hideProtoKeys, restoreProtoKeys } from './proto-keys.js';
import { parseOrThrow } from './validation.js';

const INVALID_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

/** Bytes scanned between two turns of the event loop, so a large body never holds it for long. */
const SCAN_SLICE_BYTES = 64 * 1024;

/**
 * Reads a JSON body (an absent body is `{}`) and validates it against `schema`. The body's structure is
 * checked against the schema's bounds while it arrives, before anything is parsed (json-prescan.ts).
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const { value, protoKey } = await readJsonWith(c, schema);
  if (!protoKey) return parseOrThrow(schema, value);
  return restoreProtoKeys(parseOrThrow(schema, hideProtoKeys(value)));
}

/** A JSON body with no schema of its own: only the generic bounds apply. */
export async function readJson(c: Context): Promise<unknown> {
  return (await readJsonWith(c, undefined)).value;
}

async function readJsonWith(c: Context, schema: z.ZodType | undefined): Promise<{ value: unknown; protoKey: boolean }> {
  const contentType = c.req.header('content-type') ?? '';
  const isJson = !contentType || /^application\/(.+\+)?json\b/i.test(contentType);
  const prescan = new JsonPrescan(schema);
  const chunks: Uint8Array[] = [];
  let sinceTurn = 0;
  for await (const chunk of bodyChunks(c)) {
    // The rest of a refused body is still read (and dropped): the connection then serves the next request.
    if (prescan.refused) continue;
    chunks.push(chunk);
    if (!isJson) continue;
    prescan.scan(chunk);
    sinceTurn += chunk.length;
    if (sinceTurn >= SCAN_SLICE_BYTES) {
      sinceTurn = 0;
      await nextTurn();
    }
  }
  prescan.finish();
  if (prescan.refused) throw prescan.refused;
  const text = new TextDecoder().decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  if (text.trim() === '') return { value: {}, protoKey: false };
  if (!isJson) throw unsupportedContentType(contentType, 'application/json');
  try {
    return { value: JSON.parse(text), protoKey: prescan.result.protoKey };
  } catch {
    throw new ApiError(400, { message: INVALID_JSON });
  }
}

/**
 * The body's bytes as they arrive: straight from Node's request when @hono/node-server serves it and
 * nothing has opened the body yet (cheaper than the web stream over it), else from the web Request (in
 * process, or a chunked body the size limit is already counting).
 */
async function* bodyChunks(c: Context): AsyncGenerator<Uint8Array> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && incoming.headers['content-length'] !== undefined && incoming.headers['transfer-encoding'] === undefined && !incoming.readableDidRead) {
    yield* incoming;
    return;
  }
  const reader = c.req.raw.body?.getReader();
  if (!reader) return;
  for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
}

/** Drops keys whose value is `undefined`, so a modify only touches what the request names. */
export function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
