import { describe, expect, it } from 'vitest';
import { ChunkIndex, MAX_TERM_COUNT_STATEMENTS } from './chunks.js';
import { openDb } from './db.js';

describe('ChunkIndex term counts', () => {
  it('keeps a bounded number of prepared statements however many query shapes it is asked', () => {
    const index = new ChunkIndex(openDb(':memory:'));
    // Each term is folded or not by whether it has ASCII letters, so 9 terms make 512 SQL shapes.
    for (let shape = 0; shape < 512; shape++) {
      const terms = Array.from({ length: 9 }, (_, bit) => ((shape >> bit) & 1 ? `ab${bit}` : `가나${bit}`));
      expect(index.termCounts(terms, { ids: [] })).toEqual([]);
    }
    const cached = (index as unknown as { termCountStmts: Map<string, unknown> }).termCountStmts;
    expect(cached.size).toBe(MAX_TERM_COUNT_STATEMENTS);
  });
});
