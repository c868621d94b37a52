import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { bundledScenariosDir } from '@assistants-mock/fixtures';
import { startCli, type CliProcess } from './helpers/cli.js';
import { outcomes, probePython, runPython } from './helpers/python.js';

const SCRIPT = fileURLToPath(new URL('./python/sdk_flows.py', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('./python/scenarios.yaml', import.meta.url));
const probe = probePython(SCRIPT, 'Python SDK checks');

describe.skipIf(probe.skip !== null)(probe.skip ?? 'the official Python SDK against the CLI server', () => {
  let cli: CliProcess;
  let output = '';
  let results = new Map<string, string>();

  beforeAll(async () => {
    cli = await startCli(['serve', '--port', '0', '--db', ':memory:', '--fixtures', SCENARIOS, '--fixtures', bundledScenariosDir]);
    output = await runPython(probe.python!, [SCRIPT, cli.url], { timeoutMs: 120_000 });
    results = outcomes(output);
  }, 150_000);

  afterAll(async () => {
    if (!cli) return;
    cli.child.kill('SIGTERM');
    await cli.exited;
  });

  it.each(probe.checks)('%s', (name) => {
    expect(results.get(name) ?? `did not report; the script printed:\n${output}`).toBe('ok');
  });

  it('reports every check and its own tally, and the server logged nothing', () => {
    expect(output.trimEnd().split('\n').at(-1)).toBe(`${probe.checks.length} passed, 0 failed`);
    expect([...results.keys()]).toEqual(probe.checks);
    expect(cli.stderr()).toBe('');
  });
});
