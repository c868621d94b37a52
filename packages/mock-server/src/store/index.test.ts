import { describe, expect, it } from 'vitest';
import { beginImmediate } from './index.js';

/** A database whose BEGIN fails with `failures` errors (SQLITE_BUSY unless given) before it succeeds. */
function flakyDb(failures: number, code = 'SQLITE_BUSY') {
  const calls: string[] = [];
  return {
    calls,
    exec(sql: string) {
      calls.push(sql);
      if (calls.length <= failures) throw Object.assign(new Error('database is locked'), { code });
      return this;
    },
  };
}

describe('beginImmediate', () => {
  it('asks again when SQLite answers SQLITE_BUSY at once', () => {
    const db = flakyDb(3);
    beginImmediate(db as never);
    expect(db.calls).toEqual(Array(4).fill('BEGIN IMMEDIATE'));
  });

  it('gives up after 20 attempts, with SQLite’s error', () => {
    const db = flakyDb(Infinity);
    expect(() => beginImmediate(db as never)).toThrow('database is locked');
    expect(db.calls).toHaveLength(20);
  });

  it('does not retry other errors', () => {
    const db = flakyDb(1, 'SQLITE_IOERR');
    expect(() => beginImmediate(db as never)).toThrow('database is locked');
    expect(db.calls).toHaveLength(1);
  });
});
