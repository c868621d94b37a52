import { describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { documentScope } from './documents.js';
import { seqPageSql, type SeqCursors } from './seq-page.js';

/** Every shape of page query the routes can ask for. */
const shapes: (SeqCursors & { tag: string | undefined })[] = [];
for (const order of ['asc', 'desc'] as const)
  for (const tag of [undefined, 'run_1'])
    for (const [after, before] of [[undefined, undefined], [10, undefined], [undefined, 90], [10, 90]] as const)
      shapes.push({ order, tag, after, before });

describe('page queries', () => {
  it('are index range scans in seq order, never a table scan or a sort (O(limit) on any thread)', () => {
    const db = openDb(':memory:');
    for (const shape of shapes) {
      const { sql, params } = seqPageSql(documentScope('messages', { owner: 'k', parentId: 'thread_1', tag: shape.tag }), shape);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 21) as { detail: string }[]).map((row) => row.detail);
      const index = shape.tag === undefined ? 'messages_page' : 'messages_by_tag';
      expect(plan, `${JSON.stringify(shape)}: ${sql}`).toEqual([expect.stringMatching(new RegExp(`^SEARCH messages USING INDEX ${index} \\(`))]);
    }
    db.close();
  });
});
