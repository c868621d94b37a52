import { spawnSync } from 'node:child_process';
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

// The worker is unref'd so it never keeps a process alive; stopping it must, or a script whose last
// step is `await server.close()` ends mid-close with exit code 13 (an unsettled top-level await).
it('a script that ends by stopping the checkpointer exits normally', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
  const script = `
    import { openDb } from ${JSON.stringify(new URL('./db.ts', import.meta.url).pathname)};
    import { startCheckpointer } from ${JSON.stringify(new URL('./checkpointer.ts', import.meta.url).pathname)};
    const db = openDb(${JSON.stringify(join(dir, 'x.sqlite'))});
    const checkpointer = startCheckpointer(db);
    await checkpointer.stop();
    db.close();
    console.log('stopped');
  `;
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout.trim() }).toEqual({ status: 0, stdout: 'stopped' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
