import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type OpenAI from 'openai';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { Thread } from 'openai/resources/beta/threads/threads';
import { createMockServer } from '@assistants-mock/server';
import { httpClient, startCli, type CliProcess } from './helpers/cli.js';
import { failOnConformanceErrors } from './helpers/harness.js';

failOnConformanceErrors();
const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-crash-'));
const dbPath = join(dir, 'crash.sqlite');
const started: CliProcess[] = [];
afterAll(() => {
  for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const WORKERS = 8;
const KILL_AFTER_ACKS = 400;
const INITIAL_MESSAGES = 3;

/** What the server acknowledged with a 2xx, per thread: the thread, its messages and its last metadata version. */
interface Acked {
  thread: Thread;
  messages: Message[];
  version: number;
}

/** One worker: create a thread with messages, add messages, bump its metadata; repeat until the server dies. */
async function worker(client: OpenAI, id: number, acked: Acked[], onAck: () => void) {
  for (let round = 0; ; round++) {
    const thread = await client.beta.threads.create({
      messages: Array.from({ length: INITIAL_MESSAGES }, (_, i) => ({ role: 'user' as const, content: `w${id} r${round} initial ${i}` })),
      metadata: { version: '0' },
    });
    const entry: Acked = { thread, messages: [], version: 0 };
    acked.push(entry);
    onAck();
    for (let step = 1; step <= 4; step++) {
      entry.messages.push(await client.beta.threads.messages.create(thread.id, { role: 'user', content: `w${id} r${round} s${step}`, metadata: { step: String(step) } }));
      onAck();
      await client.beta.threads.update(thread.id, { metadata: { version: String(step) } });
      entry.version = step;
      onAck();
    }
  }
}

describe('a SIGKILL in the middle of a write load', () => {
  it('loses no acknowledged write and leaves nothing half-written', async () => {
    const cli = await startCli(['serve', '--port', '0', '--db', dbPath]);
    started.push(cli);
    const client = httpClient(cli.url);
    const acked: Acked[] = [];
    let acks = 0;
    const killed = new Promise<void>((resolve) => {
      const onAck = () => {
        if (++acks === KILL_AFTER_ACKS) {
          cli.child.kill('SIGKILL');
          resolve();
        }
      };
      // Each worker stops at its first failed request, which the kill causes.
      for (let id = 0; id < WORKERS; id++) void worker(client, id, acked, onAck).catch(() => undefined);
    });
    await killed;
    expect(await cli.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const restarted = await startCli(['serve', '--port', '0', '--db', dbPath]);
    started.push(restarted);
    const after = httpClient(restarted.url);
    for (const entry of acked) {
      const thread = await after.beta.threads.retrieve(entry.thread.id);
      // A write that committed just before the kill may not have been acknowledged: never older, at most one newer.
      expect(Number(thread.metadata!.version) - entry.version).toBeOneOf([0, 1]);
      const stored = (await after.beta.threads.messages.list(entry.thread.id, { order: 'asc', limit: 100 })).data;
      // The thread and its initial messages were one transaction: all there, complete.
      expect(stored.slice(0, INITIAL_MESSAGES).map((m) => m.content)).toEqual(
        Array.from({ length: INITIAL_MESSAGES }, (_, i) => [
          { type: 'text', text: { value: expect.stringMatching(new RegExp(` initial ${i}$`)), annotations: [] } },
        ]),
      );
      expect(stored.slice(INITIAL_MESSAGES, INITIAL_MESSAGES + entry.messages.length)).toEqual(entry.messages);
      expect(stored.length - INITIAL_MESSAGES - entry.messages.length).toBeOneOf([0, 1]);
    }
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);

    // The file itself is sound, and no message is left without its thread.
    const check = createMockServer({ db: dbPath });
    expect(check.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const orphans = check.store.db.prepare('SELECT count(*) AS n FROM messages WHERE parent_id NOT IN (SELECT id FROM threads)').get();
    expect(orphans).toEqual({ n: 0 });
    await check.close();
  });
});
