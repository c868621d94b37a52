import { describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { DocumentTable, documentPageShape, withTagsSql } from './documents.js';
import { pageParams, seqPageSql, type SeqCursors } from './seq-page.js';

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
      const { sql } = seqPageSql(documentPageShape('messages', shape.tag !== undefined), shape);
      const params = pageParams(['k', 'thread_1', ...(shape.tag === undefined ? [] : [shape.tag])], shape, 21);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail);
      const index = shape.tag === undefined ? 'messages_page' : 'messages_by_tag';
      expect(plan, `${JSON.stringify(shape)}: ${sql}`).toEqual([expect.stringMatching(new RegExp(`^SEARCH messages USING INDEX ${index} \\(`))]);
    }
    db.close();
  });
});

describe('the active-run lookup', () => {
  it('reads the runs with the asked tags through the tag index, not every run of the thread in seq order', () => {
    const db = openDb(':memory:');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${withTagsSql('runs', 4)}`).all('k', 'thread_1', 'a', 'b', 'c', 'd') as { detail: string }[]).map(
      (row) => row.detail,
    );
    expect(plan).toEqual([expect.stringMatching(/^SEARCH runs USING INDEX runs_by_tag \(owner=\? AND parent_id=\? AND tag=\?\)$/), 'USE TEMP B-TREE FOR ORDER BY']);
    db.close();
  });

  it('returns them oldest first', () => {
    const db = openDb(':memory:');
    const runs = new DocumentTable<{ id: string }>(db, 'runs');
    for (const [id, tag] of [['run_a', 'queued'], ['run_b', 'completed'], ['run_c', 'in_progress'], ['run_d', 'queued']])
      runs.insert({ owner: 'k', parentId: 'thread_1', tag }, { id: id! });
    expect(runs.withTags({ owner: 'k', parentId: 'thread_1' }, ['queued', 'in_progress']).map((run) => run.id)).toEqual(['run_a', 'run_c', 'run_d']);
    db.close();
  });
});
