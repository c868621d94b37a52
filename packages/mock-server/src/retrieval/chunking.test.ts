import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { AUTO_CHUNKING, chunkSlices, chunkText, countTokens, resolveChunking, tokenStarts, type Chunk } from './chunking.js';

describe('token approximation', () => {
  it('counts a CJK character or Hangul syllable as one token, other words per 4 characters', () => {
    expect(countTokens('오필리아')).toBe(4);
    expect(countTokens('ハムレット 哈姆雷特')).toBe(9);
    expect(countTokens('Hello, world 123456!')).toBe(8); // Hell o , _worl d _1234 56 !
    expect(countTokens('  \n ')).toBe(0);
  });
});

describe('chunking', () => {
  const words = Array.from({ length: 250 }, (_, i) => `a${i}`);
  const text = words.join(' ');
  const strategy = (max: number, overlap: number) => resolveChunking({ type: 'static', static: { max_chunk_size_tokens: max, chunk_overlap_tokens: overlap } });

  it('cuts windows of max tokens, each starting max - overlap tokens after the previous', () => {
    const chunks = chunkText(text, strategy(100, 50));
    expect(chunks.map((chunk) => chunk.tokens)).toEqual([100, 100, 100, 100]);
    expect(chunks.map((chunk) => [chunk.text.split(' ')[0], chunk.text.split(' ').at(-1)])).toEqual([
      ['a0', 'a99'],
      ['a50', 'a149'],
      ['a100', 'a199'],
      ['a150', 'a249'],
    ]);
  });

  it('makes one chunk of a short text and none of an empty one', () => {
    expect(chunkText('짧은 글', AUTO_CHUNKING)).toEqual([{ text: '짧은 글', tokens: 3 }]);
    expect(chunkText('', AUTO_CHUNKING)).toEqual([]);
  });

  it('resolves auto to 800/400 and refuses an overlap above half the chunk size', () => {
    expect(resolveChunking(undefined)).toEqual({ type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } });
    expect(resolveChunking({ type: 'auto' })).toEqual(AUTO_CHUNKING);
    expect(strategy(100, 50).static).toEqual({ max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 });
    expect(() => strategy(100, 51)).toThrow(ApiError);
  });
});

/** Windows over all token offsets at once: what slicing must reproduce. */
function reference(text: string, size: number, overlap: number): Chunk[] {
  const starts = tokenStarts(text);
  const chunks: Chunk[] = [];
  for (let first = 0; first < starts.length; first += size - overlap) {
    const end = Math.min(first + size, starts.length);
    chunks.push({ text: text.slice(starts[first], end < starts.length ? starts[end] : text.length).trim(), tokens: end - first });
    if (end === starts.length) break;
  }
  return chunks;
}

describe('chunkSlices', () => {
  it('makes the chunks of windows over the whole text, whatever the slice size', () => {
    const words = ['alpha', 'βeta', '감마', 'デルタ', 'epsilon,', '\n\n', 'z'];
    const text = Array.from({ length: 3000 }, (_, i) => words[(i * 7 + (i >> 3)) % words.length]).join(' ');
    // Whitespace before the first token and after the last too: it is no token of its own.
    for (const [size, overlap, padded] of [[100, 50, text], [37, 0, text], [800, 400, text], [5, 2, ` \n ${text}\n\n  `], [3, 1, ' \n ']] as const) {
      const strategy = { type: 'static' as const, static: { max_chunk_size_tokens: size, chunk_overlap_tokens: overlap } };
      const whole = reference(padded, size, overlap);
      expect(chunkText(padded, strategy)).toEqual(whole);
      for (const slice of [1, 7, 100, 4096]) expect([...chunkSlices(padded, strategy, slice)].flat(), `${size}/${overlap} by ${slice}`).toEqual(whole);
    }
  });
});
