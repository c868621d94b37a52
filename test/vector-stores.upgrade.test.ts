import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import { createMockServer } from '@assistants-mock/server';

const HAMLET = 'vs_1aqRW9LW5QrrqIFTGDuVNyob';
const CHINESE = 'vs_8SqtmGVwBFeVLs3i6esqc0qW';

/** A database file holding what main's code wrote (test/fixtures/main-v8-vector-stores.sql). */
function databaseWrittenByMain(dir: string): string {
  const path = join(dir, 'main.sqlite');
  const db = new Database(path);
  db.exec(readFileSync(new URL('./fixtures/main-v8-vector-stores.sql', import.meta.url), 'utf8'));
  db.close();
  return path;
}

describe('a database written before the word index', () => {
  it('upgrades: its vector stores search as before, with the same scores, and take new files and deletions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-upgrade-'));
    const server = createMockServer({ db: databaseWrittenByMain(dir) });
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-upgrade', fetch: server.fetch, maxRetries: 0 });
    const found = async (storeId: string, query: string) =>
      (await client.vectorStores.search(storeId, { query })).data.map((hit) => [hit.filename, hit.score]);
    try {
      expect(server.store.db.pragma('user_version', { simple: true })).toBeGreaterThan(8);
      // The word index merges its segments 16 at a time (store/migrations.ts), here as in a new database.
      const automerge = "SELECT v FROM chunk_words_config WHERE k = 'automerge'";
      expect(server.store.db.prepare(automerge).pluck().get()).toBe(16);
      // What main's code answered for these queries on this database.
      expect(await found(HAMLET, '햄릿')).toEqual([['act3.txt', 0.6858407079646018], ['act1.txt', 0.48665620094191525]]);
      expect(await found(HAMLET, '기억')).toEqual([['act1.txt', 0.6546990496304119], ['act4.txt', 0.4606240713224368]]);
      expect(await found(HAMLET, 'remembrance')).toEqual([['act4.txt', 0.4606240713224368]]);
      expect(await found(CHINESE, '丹麦')).toEqual([['zh.txt', 0.45454545454545453]]);

      const file = await client.files.create({ file: await toFile(Buffer.from('햄릿의 친구 호레이쇼'), 'act5.txt'), purpose: 'assistants' });
      await client.vectorStores.files.create(HAMLET, { file_id: file.id });
      expect((await found(HAMLET, '호레이쇼')).map(([filename]) => filename)).toEqual(['act5.txt']);
      const [act3] = (await client.vectorStores.search(HAMLET, { query: '사느냐' })).data;
      await client.vectorStores.files.delete(act3!.file_id, { vector_store_id: HAMLET });
      expect(await found(HAMLET, '사느냐')).toEqual([]);
      expect((await found(HAMLET, '햄릿')).map(([filename]) => filename).sort()).toEqual(['act1.txt', 'act5.txt']);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
