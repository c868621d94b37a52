import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVE_FLAGS } from '../packages/mock-server/src/cli/flags.js';
import { CLI_BIN, httpClient, startCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-cli-manners-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI_BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
const { version } = JSON.parse(readFileSync(new URL('../packages/mock-server/package.json', import.meta.url), 'utf8')) as { version: string };

describe('assistants-mock --help, --version and usage errors', () => {
  it('--help and serve --help list every flag with its default and meaning, and exit 0', () => {
    for (const args of [['--help'], ['serve', '--help'], ['-h']]) {
      const { status, stdout, stderr } = run(...args);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(stdout).toContain(`assistants-mock ${version}`);
      for (const [name, flag] of Object.entries(SERVE_FLAGS)) {
        const line = stdout.split('\n').find((row) => row.includes(`--${name}`));
        expect(line, name).toContain(flag.help);
        const shown = 'shownDefault' in flag ? flag.shownDefault : 'default' in flag ? flag.default : undefined;
        if (shown !== undefined) expect(line, name).toContain(`(default: ${shown})`);
      }
      expect(stdout).toContain('--version');
      expect(stdout).toContain('OPENAI_BASE_URL=http://127.0.0.1:4141/v1');
    }
  });

  it('--version prints the package version', () => {
    expect(run('--version')).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('an unknown flag, a missing or unknown command print the usage and exit 2', () => {
    for (const [args, first] of [
      [['serve', '--prot', '80'], "assistants-mock: Unknown option '--prot'."],
      [[], 'assistants-mock: Missing command.'],
      [['start'], "assistants-mock: Unknown command 'start'."],
    ] as const) {
      const { status, stdout, stderr } = run(...args);
      expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
      expect(stderr).toBe(`${first}\nUsage: assistants-mock serve [options]   (assistants-mock --help lists them)\n`);
    }
  });
});

describe('start-up failures say what to do in one or two lines, without a stack', () => {
  const failure = (...args: string[]) => {
    const { status, stdout, stderr } = run('serve', '--port', '0', ...args);
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    return { status, stderr };
  };

  it('a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const { status, stderr } = run('serve', '--port', String(port), '--db', ':memory:');
      expect(status).toBe(1);
      expect(stderr).toBe(
        `assistants-mock: Port ${port} on 127.0.0.1 is already in use (another assistants-mock?).\nStop what is using it, or pick another port with --port (--port 0 picks a free one).\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('a --db that is a folder, and one that is not SQLite', () => {
    expect(failure('--db', dir)).toEqual({
      status: 2,
      stderr: `assistants-mock: --db ${dir} is a folder: give a file path, e.g. --db ${dir}/mock.sqlite (created if missing).\nUsage: assistants-mock serve [options]   (assistants-mock --help lists them)\n`,
    });
    const notSqlite = join(dir, 'notes.sqlite');
    writeFileSync(notSqlite, 'these are notes, not a database\n'.repeat(200));
    expect(failure('--db', notSqlite)).toEqual({
      status: 1,
      stderr: `assistants-mock: --db ${notSqlite} is not an SQLite database (file is not a database).\nPoint --db at a new file (it is created) or at :memory:.\n`,
    });
  });

  it('a YAML syntax error names the file, line and column', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'scenarios:\n  - name: a\n    script:\n      - say: "unclosed\n');
    const { status, stderr } = failure('--db', ':memory:', '--fixtures', broken);
    expect(status).toBe(1);
    expect(stderr).toMatch(new RegExp(`^assistants-mock: Invalid fixture: ${broken}: file: cannot be read: .*at line \\d+, column \\d+\\nFix it, or leave that file out of --fixtures\\.\\n$`));
  });
});

describe('serve', () => {
  it('serves the bundled scenarios by default, and leaves them out with --no-bundled', async () => {
    const answer = async (...args: string[]) => {
      const cli = await startCli(['serve', '--port', '0', '--db', ':memory:', ...args]);
      const client = httpClient(cli.url);
      const tutor = await client.beta.assistants.create({ model: 'gpt-4o', name: '수학 선생님', tools: [{ type: 'code_interpreter' }] });
      const result = await client.beta.threads.createAndRunPoll({
        assistant_id: tutor.id,
        thread: { messages: [{ role: 'user', content: '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?' }] },
      });
      cli.child.kill('SIGINT');
      expect(await cli.exited).toEqual({ code: 0, signal: null });
      return result.status;
    };
    expect(await answer()).toBe('completed');
    expect(await answer('--no-bundled')).toBe('failed');
  });

  it('exits 0 on a SIGINT sent the moment the ready line appears, 20 times in a row', async () => {
    const outcomes = [];
    for (let i = 0; i < 20; i++) {
      const cli = await startCli(['serve', '--port', '0', '--db', ':memory:']);
      cli.child.kill('SIGINT');
      outcomes.push(await cli.exited);
    }
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => ({ code: 0, signal: null })));
  });
});
