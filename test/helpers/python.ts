import { execFile, spawnSync } from 'node:child_process';

// httpx honours HTTP(S)_PROXY; the server is local, so no proxy may stand in between.
export const PYTHON_ENV = { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', PYTHONIOENCODING: 'utf-8' };

export type PythonProbe = { python: string; checks: string[]; skip: null } | { python: null; checks: []; skip: string };

/**
 * The Python to run an SDK script with: `ASSISTANTS_MOCK_PYTHON` (a misconfigured one fails the
 * suite rather than skipping it), else `python3` if the official SDK imports there, else none (with
 * the one-line reason the suite is skipped). `script --list` names the script's checks.
 */
export function probePython(script: string, what: string): PythonProbe {
  const chosen = process.env.ASSISTANTS_MOCK_PYTHON;
  const python = chosen || 'python3';
  const listed = spawnSync(python, [script, '--list'], { encoding: 'utf8', env: PYTHON_ENV, timeout: 60_000 });
  if (listed.status === 0) return { python, checks: listed.stdout.trim().split('\n'), skip: null };
  if (chosen) throw new Error(`ASSISTANTS_MOCK_PYTHON=${chosen} cannot run ${script}: ${listed.error?.message ?? listed.stderr}`);
  return { python: null, checks: [], skip: `${what} skipped: python3 cannot import openai; set ASSISTANTS_MOCK_PYTHON to a Python that can` };
}

/** Each check's outcome by name, from a script's `ok  name` / `FAIL name` lines: `ok`, or its traceback. */
export function outcomes(output: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, status, name, detail] of output.matchAll(/^(ok  |FAIL) (\w+)\n((?:(?!ok   |FAIL |\d+ passed, ).*\n)*)/gm)) {
    found.set(name!, status === 'ok  ' ? 'ok' : detail!.trimEnd());
  }
  return found;
}

/** Runs `python script args…` and resolves to what it printed (with the error, if it died before its tally). */
export function runPython(python: string, args: string[], options: { cwd?: string; timeoutMs: number }): Promise<string> {
  return new Promise<string>((resolve) => {
    execFile(python, args, { encoding: 'utf8', env: PYTHON_ENV, timeout: options.timeoutMs, cwd: options.cwd }, (error, stdout, stderr) =>
      resolve(stdout + (error && !stdout.includes(' passed, ') ? `\n${error.message}\n${stderr}` : '')),
    );
  });
}
