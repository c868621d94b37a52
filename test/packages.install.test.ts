import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

/**
 * The packages as a user gets them: packed with `pnpm pack`, installed with plain `npm install` into a
 * project of its own outside this repository (no workspace, nothing to resolve from here), then used
 * the ways the README says. better-sqlite3's install script is skipped and this checkout's build of the
 * same version copied in: compiling it again would cost a minute of CI and prove nothing about ours.
 */
const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'assistants-mock-packages-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

// The project's commands run as a user's would: none of this test run's pnpm or vitest settings.
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|VITEST|NODE_OPTIONS$|TEST$|FORCE_COLOR$)/i.test(name))),
  NO_COLOR: '1',
};
const inProject = (command: string, args: string[], extraEnv: Record<string, string> = {}) =>
  run(command, args, { cwd: project, env: { ...env, ...extraEnv }, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
const pinned = (name: string) => `${name}@${(JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`;

beforeAll(async () => {
  mkdirSync(tarballs);
  // What `pnpm pack:packages` does: each package's prepack builds a clean dist/ first.
  await run('npx', ['-y', 'pnpm@10.34.8', '-r', '--filter', './packages/*', 'pack', '--pack-destination', tarballs], { cwd: repo, timeout: 180_000 });
  cpSync(join(repo, 'test/consumer-project'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await inProject('npm', [
    'install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts',
    ...readdirSync(tarballs).map((name) => join(tarballs, name)),
    ...['openai', 'vitest', 'typescript', '@types/node'].map(pinned),
  ]);
  const ours = dirname(createRequire(join(repo, 'packages/mock-server/package.json')).resolve('better-sqlite3/package.json'));
  const theirs = join(project, 'node_modules/better-sqlite3');
  expect(readFileSync(join(theirs, 'package.json'), 'utf8')).toBe(readFileSync(join(ours, 'package.json'), 'utf8'));
  cpSync(join(ours, 'build/Release/better_sqlite3.node'), join(theirs, 'build/Release/better_sqlite3.node'));
}, 300_000);

const manifest = (name: string) =>
  JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as {
    version: string;
    exports: Record<string, unknown>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };

/** The packages a built package imports (`from 'x'`, `import('x')`, in its JS and its .d.ts). */
function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(m?js|d\.ts)$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        for (const [, fromClause, bare, dynamic] of text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
          const specifier = (fromClause ?? bare ?? dynamic)!;
          if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
          names.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
        }
      }
    }
  };
  walk(join(dir, 'dist'));
  return names;
}

describe('the packed packages', () => {
  it('point at built JavaScript and types, with real versions for each other', () => {
    const server = manifest('@assistants-mock/server');
    expect(server.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(server.dependencies?.['@assistants-mock/fixtures']).toBe(manifest('@assistants-mock/fixtures').version);
    expect(readdirSync(join(project, 'node_modules/@assistants-mock/fixtures/scenarios'))).toEqual(['functions.yaml', 'math-tutor.yaml', 'ophelia.yaml']);
  });

  it('declare exactly the packages they import (a @types/ package standing for the one it types)', () => {
    for (const name of ['@assistants-mock/server', '@assistants-mock/fixtures', '@assistants-mock/client']) {
      const { dependencies = {}, peerDependencies = {} } = manifest(name);
      const declared = [...Object.keys(dependencies), ...Object.keys(peerDependencies)].map((dep) => dep.replace(/^@types\//, '')).sort();
      expect([...importedPackages(join(project, 'node_modules', name))].sort(), name).toEqual([...new Set(declared)]);
    }
  });
});

describe('in a fresh project', () => {
  it('`npx assistants-mock --help` lists the flags; --version prints the version', { timeout: 60_000 }, async () => {
    const help = await inProject('npx', ['assistants-mock', '--help']);
    expect(help.stdout).toContain('assistants-mock serve [options]');
    expect(help.stdout).toContain('--fixtures PATH');
    expect((await inProject('npx', ['assistants-mock', '--version'])).stdout).toBe(`${manifest('@assistants-mock/server').version}\n`);
  });

  it('`npx assistants-mock serve` serves the bundled scenarios; the SDK finds it through OPENAI_BASE_URL alone; Ctrl-C stops it', async () => {
    // Its own process group, so the SIGINT reaches npx and the server together, as a terminal's Ctrl-C does.
    const cli = spawn('npx', ['assistants-mock', 'serve', '--port', '0', '--db', ':memory:'], { cwd: project, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    cli.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const url = await readyLine(cli);
    const { stdout } = await inProject('node', ['sdk.mjs'], { OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-from-env' });
    expect(stdout).toBe('completed 413보다 큰 소수는 419, 421, 431, 433 순서이므로 네 번째로 작은 소수는 433이고, 433^3 = 81,182,737 입니다.\n');
    process.kill(-cli.pid!, 'SIGINT');
    // npm itself ends by the signal (exit status 130 in a shell), whatever the program did; the
    // server's own exit code is checked without npx below.
    await exited(cli);
    expect(await closedWithin(url, 5_000)).toBe(true);
    expect(stderr).toBe('');
  }, 60_000);

  it('the installed CLI exits 0 on SIGINT sent the moment it is ready, 20 times in a row', async () => {
    const bin = join(project, 'node_modules/.bin/assistants-mock');
    const outcomes = [];
    for (let i = 0; i < 20; i++) {
      const cli = spawn(bin, ['serve', '--port', '0', '--db', ':memory:'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
      await readyLine(cli);
      cli.kill('SIGINT');
      outcomes.push(await exited(cli));
    }
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => ({ code: 0, signal: null })));
  }, 120_000);

  it('imports from plain .mjs: the server in process, the fixtures, the client package', { timeout: 60_000 }, async () => {
    const { stdout } = await inProject('node', ['in-process.mjs']);
    expect(stdout).toMatch(/^completed .*433\^3 = 81,182,737/s);
  });

  it('type-checks with moduleResolution node16 and bundler (types resolve, and are not any)', async () => {
    const checks = ['tsconfig.node16.json', 'tsconfig.bundler.json'].map((config) => inProject('npx', ['tsc', '-p', config]));
    expect((await Promise.all(checks)).map(({ stdout }) => stdout)).toEqual(['', '']);
  }, 120_000);

  it('runs the README’s example test file with the vitest helper', async () => {
    const { stdout } = await inProject('npx', ['vitest', 'run']);
    expect(stdout).toMatch(/Tests\s+3 passed \(3\)/);
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    expect(readme).toContain(readFileSync(join(project, 'assistants.test.ts'), 'utf8'));
    expect(readme).toContain(readFileSync(join(project, 'vitest.config.mjs'), 'utf8'));
  }, 60_000);
});

function readyLine(child: ChildProcess): Promise<string> {
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /listening on (http:\/\/\S+\/v1)\n/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`assistants-mock exited (${code}) before it was ready: ${err}`)));
  });
}

/** Whether the server at `url` stops answering within `ms` (it shuts down after npx is gone). */
async function closedWithin(url: string, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (!(await fetch(url).then(() => true, () => false))) return true;
  }
  return false;
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
