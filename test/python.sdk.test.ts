import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundledScenariosDir } from '@assistants-mock/fixtures';
import { startCli, type CliProcess } from './helpers/cli.js';

const SCRIPT = fileURLToPath(new URL('./python/sdk_flows.py', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('./python/scenarios.yaml', import.meta.url));
// httpx honours HTTP(S)_PROXY; the server is local, so no proxy may stand in between.
const PYTHON_ENV = { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', PYTHONIOENCODING: 'utf-8' };

type PythonProbe = { python: string; checks: string[]; skip: null } | { python: null; checks: []; skip: string };

/**
 * The Python to run the SDK flows with: `ASSISTANTS_MOCK_PYTHON` (a misconfigured one fails the
 * suite rather than skipping it), else `python3` if the official SDK imports there, else none.
 */
function probePython(): PythonProbe {
  const chosen = process.env.ASSISTANTS_MOCK_PYTHON;
  const python = chosen || 'python3';
  const listed = spawnSync(python, [SCRIPT, '--list'], { encoding: 'utf8', env: PYTHON_ENV, timeout: 60_000 });
  if (listed.status === 0) return { python, checks: listed.stdout.trim().split('\n'), skip: null };
  if (chosen) throw new Error(`ASSISTANTS_MOCK_PYTHON=${chosen} cannot run ${SCRIPT}: ${listed.error?.message ?? listed.stderr}`);
  return { python: null, checks: [], skip: 'Python SDK checks skipped: python3 cannot import openai; set ASSISTANTS_MOCK_PYTHON to a Python that can' };
}

/** Each check's outcome by name: `ok`, or its traceback. */
function outcomes(output: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, status, name, detail] of output.matchAll(/^(ok  |FAIL) (\w+)\n((?:(?!ok   |FAIL |\d+ passed, ).*\n)*)/gm)) {
    found.set(name!, status === 'ok  ' ? 'ok' : detail!.trimEnd());
  }
  return found;
}

const probe = probePython();

describe.skipIf(probe.skip !== null)(probe.skip ?? 'the official Python SDK against the CLI server', () => {
  let cli: CliProcess;
  let output = '';
  let results = new Map<string, string>();

  beforeAll(async () => {
    cli = await startCli(['serve', '--port', '0', '--db', ':memory:', '--fixtures', SCENARIOS, '--fixtures', bundledScenariosDir]);
    output = await new Promise<string>((resolve) => {
      execFile(probe.python!, [SCRIPT, cli.url], { encoding: 'utf8', env: PYTHON_ENV, timeout: 120_000 }, (error, stdout, stderr) =>
        resolve(stdout + (error && !stdout.includes(' passed, ') ? `\n${error.message}\n${stderr}` : '')),
      );
    });
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
