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
  const { max_chunk_size_tokens: size, chunk_overlap_tokens: overlap } = strategy.static;
  const starts = tokenStarts(text);
  const total = starts.length;
  const stride = size - overlap;
  const chunks: Chunk[] = [];
  for (let first = 0; first < total; first += stride) {
    const end = Math.min(first + size, total);
    const to = end < total ? starts[end]! : text.length;
    chunks.push({ text: text.slice(starts[first]!, to).trim(), tokens: end - first });
    if (end === total) break;
  }
  return chunks;
}
