import { describe, expect, it } from 'vitest';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { openDb } from './db.js';
import { createStore } from './index.js';
import type { EngineEvent } from '../engine/advance.js';
import type { RunSnapshot } from '../engine/snapshot.js';

const run = (id: string, status: Run['status']) => ({ id, thread_id: 'thread_1', status, started_at: status === 'queued' ? null : 5 }) as Run;
const snapshot = (id: string) => ({ run: run(id, 'queued'), progress: { outputs: [], startError: null, driverState: { scenario: 'greeting' } } }) as unknown as RunSnapshot;
const started = (id: string): EngineEvent[] => [
  { event: 'thread.run.created', data: run(id, 'queued') },
  { event: 'thread.run.queued', data: run(id, 'queued') },
  { event: 'thread.run.in_progress', data: run(id, 'in_progress') },
];

describe('RunHistoryTable', () => {
  it('keeps a group’s rows until it commits, shows them meanwhile, and drops those of a savepoint rolled back', () => {
    const store = createStore(openDb(':memory:'));
    const record = (id: string) => store.runHistory.record('k', snapshot(id), started(id), 5_000);
    store.transaction(() => record('run_kept'));
    expect(() =>
      store.transaction(() => {
        record('run_dropped');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    const seen = () => ({
      kept: store.runHistory.forRun('k', 'run_kept').map((entry) => entry.status),
      dropped: store.runHistory.forRun('k', 'run_dropped'),
      source: store.runHistory.source('k', 'run_kept'),
      recent: store.runHistory.recent('k', 10),
    });
    const expected = {
      kept: ['queued', 'in_progress'],
      dropped: [],
      source: { kind: 'scenario', name: 'greeting' },
      recent: [{ run_id: 'run_kept', thread_id: 'thread_1', status: 'in_progress', at_ms: 5_000 }],
    };
    expect(store.db.inTransaction).toBe(true); // the group is still open
    expect(seen()).toEqual(expected);
    store.flush();
    expect(store.db.prepare('SELECT count(*) FROM run_history').pluck().get()).toBe(2);
    expect(seen()).toEqual(expected);
    store.db.close();
  });
});
