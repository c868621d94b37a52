import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPageAssets, pageAssets } from './assets.js';

const dir = mkdtempSync(join(tmpdir(), 'inspector-assets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the inspector page assets', () => {
  it('compile from the sources into a script and styles with no import left for the browser to fetch', async () => {
    const assets = await pageAssets(join(dir, 'none'))();
    expect([...assets.keys()].sort()).toEqual(['app.css', 'app.js']);
    expect(assets.get('app.js')!.body).not.toMatch(/\bimport\s*[({"']|\brequire\(/);
    expect(assets.get('app.css')!.body).toContain('overflow-wrap');
  });

  it('are served as a built package ships them, without compiling', async () => {
    const built = join(dir, 'built');
    await buildPageAssets(built);
    const compiled = await pageAssets(join(dir, 'none'))();
    const shipped = await pageAssets(built)();
    expect(shipped.get('app.js')!.body).toBe(compiled.get('app.js')!.body);
    writeFileSync(join(built, 'app.js'), 'shipped();');
    expect((await pageAssets(built)()).get('app.js')!.body).toBe('shipped();');
  });
});
