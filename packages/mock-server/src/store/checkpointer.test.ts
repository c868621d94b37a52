import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDb } from './db.js';
import { startCheckpointer } from './checkpointer.js';

// A server closed at once and its directory removed (as tests do) leaves a worker that starts after the
// file is gone: it must end quietly, not throw in its thread (vitest fails a run on such an error).
it('a database gone before its checkpointer starts: the worker ends without an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
  const db = openDb(join(dir, 'gone.sqlite'));
  const checkpointer = startCheckpointer(db);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  await expect(checkpointer.stop()).resolves.toBeUndefined();
});
