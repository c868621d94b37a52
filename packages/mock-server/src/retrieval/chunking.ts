import type { StaticFileChunkingStrategyObject } from 'openai/resources/vector-stores/vector-stores';
import { badRequest } from '../errors.js';

/** `chunking_strategy` as requests give it (`auto` or `static`). */
export type ChunkingRequest =
  | { type: 'auto' }
  | { type: 'static'; static: { max_chunk_size_tokens: number; chunk_overlap_tokens: number } };

/** The documented `auto` strategy: 800-token chunks overlapping by 400. */
export const AUTO_CHUNKING: StaticFileChunkingStrategyObject = {
  type: 'static',
  static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 },
};

/** The strategy a vector-store file reports (always the `static` form) or the 400 for a bad overlap. */
export function resolveChunking(request: ChunkingRequest | undefined, param = 'chunking_strategy'): StaticFileChunkingStrategyObject {
  if (!request || request.type === 'auto') return AUTO_CHUNKING;
  const { max_chunk_size_tokens: size, chunk_overlap_tokens: overlap } = request.static;
  if (overlap > size / 2) {
    throw badRequest(
      `Invalid '${param}.static.chunk_overlap_tokens': the overlap must not exceed half of max_chunk_size_tokens (${size}), but got ${overlap}.`,
      `${param}.static.chunk_overlap_tokens`,
      'invalid_value',
    );
  }
  return { type: 'static', static: { max_chunk_size_tokens: size, chunk_overlap_tokens: overlap } };
}

/**
 * A deterministic stand-in for a BPE tokenizer. One token is: a Han, Hangul, Hiragana or Katakana
 * character (GPT tokenizers spend about one token per CJK character or Hangul syllable); or a run of
 * up to 4 other letters, digits or marks (about 4 characters per token for English); or any other
 * visible character. Leading whitespace belongs to the token that follows it.
 */
const CJK = String.raw`\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}`;
const TOKEN = new RegExp(String.raw`\s*(?:[${CJK}]|[[\p{L}\p{N}\p{M}]--[${CJK}]]{1,4}|\S)`, 'gv');

/** Start offsets of the tokens of `text` (a typed array: a 50 MB text has millions of them). */
export function tokenStarts(text: string): Uint32Array {
  let starts = new Uint32Array(Math.max(16, text.length >> 2));
  let count = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    if (count === starts.length) {
      const grown = new Uint32Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[count++] = match.index;
  }
  return starts.subarray(0, count);
}

export const countTokens = (text: string) => tokenStarts(text).length;

export interface Chunk {
  text: string;
  tokens: number;
}

/** Windows of `max_chunk_size_tokens` tokens, each starting `max - overlap` tokens after the last. */
export function chunkText(text: string, strategy: StaticFileChunkingStrategyObject): Chunk[] {
  return [...chunkSlices(text, strategy, Infinity)].flat();
}

/**
 * The chunks of `chunkText`, made a slice of about `sliceChars` characters of text at a time: a large
 * file is indexed between requests, and only the token offsets of the chunks still open are kept.
 */
export function* chunkSlices(text: string, strategy: StaticFileChunkingStrategyObject, sliceChars: number): Generator<Chunk[]> {
  const { max_chunk_size_tokens: size, chunk_overlap_tokens: overlap } = strategy.static;
  const stride = size - overlap;
  // Sticky, and `test` rather than `exec` (no match object per token): tokens follow one another with
  // no gap (whitespace belongs to the token after it), so a token starts where the last one ended,
  // and only whitespace at the end of the text is no token. Its own lastIndex: slices of files interleave.
  const token = new RegExp(TOKEN.source, 'vy');
  let starts = new Uint32Array(Math.max(16, size * 2));
  let base = 0; // the token number of starts[0]
  let count = 0; // tokens seen so far
  let first = 0; // the token that starts the next chunk
  let done = false;
  while (!done) {
    const until = token.lastIndex + sliceChars;
    while (token.lastIndex < until) {
      const start = token.lastIndex;
      if (!token.test(text)) {
        done = true;
        break;
      }
      if (count - base === starts.length) {
        // Drop the offsets before the next chunk's first token, or grow if all are still needed.
        const keep = starts.subarray(first - base, count - base);
        const next = keep.length * 2 > starts.length ? new Uint32Array(starts.length * 2) : starts;
        next.set(keep);
        starts = next;
        base = first;
      }
      starts[count++ - base] = start;
    }
    const chunks: Chunk[] = [];
    while (first < count) {
      const end = first + size;
      if (end < count) chunks.push({ text: text.slice(starts[first - base]!, starts[end - base]!).trim(), tokens: size });
      else if (done) chunks.push({ text: text.slice(starts[first - base]!).trim(), tokens: count - first });
      else break;
      if (end >= count) break;
      first += stride;
    }
    if (done) first = count;
    yield chunks;
  }
}
