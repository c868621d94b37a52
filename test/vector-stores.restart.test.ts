import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toFile } from 'openai';
import { startHarness } from './helpers/harness.js';
import { textPdf } from './helpers/pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('files and vector stores on a database file', () => {
  it('keep their bytes, index and counts across a restart', async () => {
    const db = join(dir, 'mock.sqlite');
    const first = await startHarness({ db, over: 'http' });
    const pdf = textPdf(['거트루드: 오필리아가 물에 빠져 죽었다.']);
    const batchFile = await first.client.files.create({ file: await toFile(pdf, 'scene.pdf'), purpose: 'batch' });
    const store = await first.client.vectorStores.create({ name: 'kept', file_ids: [batchFile.id] });
    const before = await first.client.vectorStores.retrieve(store.id);
    await first.server.close();

    const second = await startHarness({ db });
    expect(await second.client.vectorStores.retrieve(store.id)).toEqual(before);
    const bytes = Buffer.from(await (await second.client.files.content(batchFile.id)).arrayBuffer());
    expect(bytes.equals(pdf)).toBe(true);
    const hits = await second.client.vectorStores.search(store.id, { query: '물에 빠져' });
    expect(hits.data.map((hit) => [hit.file_id, hit.content[0]!.text])).toEqual([[batchFile.id, '거트루드: 오필리아가 물에 빠져 죽었다.']]);
    // Closed before the directory goes: its WAL checkpointer's worker may open the file only now.
    await second.server.close();
  });
});
