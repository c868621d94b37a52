import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI, { toFile } from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockServer, ownerOf } from '@assistants-mock/server';
import { MIGRATIONS } from '../packages/mock-server/src/store/migrations.js';
import { httpClient, startCli, type CliProcess } from './helpers/cli.js';

/**
 * No bearer key is kept at rest: objects are owned by a digest of the key (`ownerOf`), so the SQLite
 * file, the journals and the process's output hold no `Authorization` value, whatever the key did.
 */
const KEY = 'sk-RECOGNISABLE-bearer-7e3b91d0';
const work = mkdtempSync(join(tmpdir(), 'secrets-'));
const started: CliProcess[] = [];
afterAll(() => started.forEach((cli) => cli.child.kill('SIGKILL')));

async function useEverything(client: OpenAI, control: string) {
  const headers = { authorization: `Bearer ${KEY}` };
  const assistant = await client.beta.assistants.create({ model: 'gpt-4o', name: 'Keeper', tools: [{ type: 'file_search' }] });
  const file = await client.files.create({ file: await toFile(Buffer.from('a note about keys'), 'note.txt'), purpose: 'assistants' });
  const store = await client.vectorStores.create({ name: 'notes', file_ids: [file.id] });
  const thread = await client.beta.threads.create({
    messages: [{ role: 'user', content: 'no scenario matches this' }],
    tool_resources: { file_search: { vector_store_ids: [store.id] } },
  });
  const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
  expect(run.status).toBe('failed');
  const posted = await fetch(`${control}/scenarios`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ scenarios: [{ name: 'hello', match: { message: 'hello' }, script: [{ say: 'hi' }] }] }),
  });
  expect(posted.status).toBe(200);
  await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'hello' });
  expect((await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id })).status).toBe('completed');
  expect((await (await fetch(`${control}/journal`, { headers })).json()).data).toHaveLength(1);
  expect((await (await fetch(`${control}/requests`, { headers })).json()).data.length).toBeGreaterThan(5);
}

describe('bearer keys at rest', () => {
  it('appear nowhere in the SQLite files or the output of a server they used', async () => {
    const db = join(work, 'mock.sqlite');
    const cli = await startCli(['serve', '--port', '0', '--db', db]);
    started.push(cli);
    let stdout = '';
    cli.child.stdout!.on('data', (chunk: string) => (stdout += chunk));
    await useEverything(httpClient(cli.url, KEY), cli.url.replace(/\/v1$/, '/__assistants_mock'));
    // Before shutdown: the WAL still holds every write.
    const files = [db, `${db}-wal`, `${db}-shm`].filter(existsSync);
    expect(files.length).toBeGreaterThan(1);
    for (const path of files) expect(readFileSync(path).includes(KEY), path).toBe(false);
    cli.child.kill('SIGINT');
    expect((await cli.exited).code).toBe(0);
    expect(readFileSync(db).includes(KEY)).toBe(false);
    expect(stdout + cli.stderr()).not.toContain(KEY);
    // What the key stored is still its own, found through the digest.
    const owners = new Database(db, { readonly: true }).prepare('SELECT DISTINCT owner FROM threads').pluck().all();
    expect(owners).toEqual([ownerOf(KEY)]);
  });

  it('are replaced by their digest in a database written before owners were digests', async () => {
    const db = join(work, 'old.sqlite');
    const first = createMockServer({ db });
    const client = new OpenAI({ baseURL: first.baseURL, apiKey: KEY, fetch: first.fetch, maxRetries: 0 });
    const thread = await client.beta.threads.create({ metadata: { kept: 'yes' } });
    await first.close();
    // The schema version before owners were digests (the keys themselves): that migration and the
    // ones after it run again.
    const raw = new Database(db);
    raw.prepare('UPDATE threads SET owner = ?').run(KEY);
    raw.pragma(`user_version = ${MIGRATIONS.findIndex((sql) => sql.includes('owner_of(owner)'))}`);
    raw.close();

    const second = createMockServer({ db });
    const again = new OpenAI({ baseURL: second.baseURL, apiKey: KEY, fetch: second.fetch, maxRetries: 0 });
    expect((await again.beta.threads.retrieve(thread.id)).metadata).toEqual({ kept: 'yes' });
    await second.close();
    const reopened = new Database(db, { readonly: true });
    expect(reopened.prepare('SELECT owner FROM threads').pluck().all()).toEqual([ownerOf(KEY)]);
    reopened.close();
  });
});
