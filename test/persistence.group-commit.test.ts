import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer } from '@assistants-mock/server';
import { createStore } from '../packages/mock-server/src/store/index.js';
import { openDb } from '../packages/mock-server/src/store/db.js';

const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-group-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('group commit', () => {
  it('answers a write only once another connection can read it: every acknowledged write is committed', async () => {
    const file = join(dir, 'acked.sqlite');
    const server = createMockServer({ db: file });
    const reader = openDb(file); // a second connection, as another process would read the file
    const stored = reader.prepare('SELECT 1 FROM messages WHERE id = ?').pluck();
    const headers = { authorization: 'Bearer sk-group', 'openai-beta': 'assistants=v2', 'content-type': 'application/json' };
    const post = (path: string, body: unknown) => server.fetch(`${server.baseURL}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    try {
      const thread = (await (await post('/threads', {})).json()) as { id: string };
      // Many writes in flight at once, so that several share a commit; each is looked for from the
      // other connection the moment its response exists, before anything else can run.
      const missing = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const response = await post(`/threads/${thread.id}/messages`, { role: 'user', content: `acked ${i}` });
          const id = JSON.parse(await response.text()).id as string;
          return stored.get(id) === undefined ? id : null;
        }),
      );
      expect(missing.filter((id) => id !== null)).toEqual([]);
    } finally {
      reader.close();
      await server.close();
    }
  });

  it('shares one transaction among the writes of a turn, each in its own savepoint: a failing one rolls back alone', async () => {
    const db = openDb(':memory:');
    const store = createStore(db);
    const put = (id: string) => store.threads.insert({ owner: 'k' }, { id } as never);
    store.transaction(() => put('thread_a'));
    expect(() =>
      store.transaction(() => {
        put('thread_b');
        throw new Error('refused');
      }),
    ).toThrow('refused');
    store.transaction(() => put('thread_c'));
    expect(db.inTransaction).toBe(true); // one transaction still open for the whole turn
    await store.committed();
    expect(db.inTransaction).toBe(false);
    expect(['thread_a', 'thread_b', 'thread_c'].filter((id) => store.threads.has({ owner: 'k' }, id))).toEqual(['thread_a', 'thread_c']);
    db.close();
  });

  it('commits at once a transaction with work to do after its commit (run events streams read right away)', () => {
    const db = openDb(':memory:');
    const store = createStore(db);
    const seen: boolean[] = [];
    store.transaction(() => {
      store.threads.insert({ owner: 'k' }, { id: 'thread_a' } as never);
      store.afterCommit(() => seen.push(db.inTransaction));
    });
    expect(seen).toEqual([false]);
    db.close();
  });
});
