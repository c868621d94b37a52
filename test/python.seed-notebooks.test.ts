import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledScenariosDir } from '@assistants-mock/fixtures';
import { startCli, type CliProcess } from './helpers/cli.js';
import { outcomes, probePython, runPython } from './helpers/python.js';
import { textPdf } from './helpers/pdf.js';

const SCRIPT = fileURLToPath(new URL('./python/seed_notebooks.py', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('./python/seed_scenarios.yaml', import.meta.url));
const probe = probePython(SCRIPT, 'Seed notebook flows');

/** The notebook uploads ./Hamlet_KOR.pdf: a Korean PDF stands in for it. */
const hamletPdf = () =>
  textPdf(['제4막 제7장. 성 안의 방.', '왕비: 오필리아가 시냇가에서 꽃을 엮어 걸려다 가지가 부러져 물속에 빠졌소.', '옷이 물에 젖어 무거워져 노래하던 가엾은 아이를 끌어내렸소.']);

describe.skipIf(probe.skip !== null)(probe.skip ?? 'the seed notebooks, cell by cell, through the official Python SDK', () => {
  let cli: CliProcess;
  let folder = '';
  let output = '';
  let results = new Map<string, string>();

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'seed-notebooks-'));
    writeFileSync(join(folder, 'Hamlet_KOR.pdf'), hamletPdf());
    cli = await startCli(['serve', '--port', '0', '--db', ':memory:', '--fixtures', SCENARIOS, '--fixtures', bundledScenariosDir]);
    output = await runPython(probe.python!, [SCRIPT, cli.url], { cwd: folder, timeoutMs: 120_000 });
    results = outcomes(output);
  }, 150_000);

  afterAll(async () => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    if (!cli) return;
    cli.child.kill('SIGTERM');
    await cli.exited;
  });

  it.each(probe.checks)('%s', (name) => {
    expect(results.get(name) ?? `did not report; the script printed:\n${output}`).toBe('ok');
  });

  it('reports every flow and its own tally, and the server logged nothing', () => {
    expect(output.trimEnd().split('\n').at(-1)).toBe(`${probe.checks.length} passed, 0 failed`);
    expect([...results.keys()]).toEqual(probe.checks);
    expect(cli.stderr()).toBe('');
  });
});
