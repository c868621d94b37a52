import type { Context } from 'hono';

/** Answers with JSON that is already text (documents as stored), saving a parse and a re-serialise. */
export const jsonText = (c: Context, text: string) => c.body(text, 200, { 'content-type': 'application/json' });
