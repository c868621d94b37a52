import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { httpClient, startCli, type CliProcess } from './helpers/cli.js';
import { failOnConformanceErrors } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

failOnConformanceErrors();
const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-cli-'));
const started: CliProcess[] = [];
const serve = async (...args: string[]) => {
  const cli = await startCli(['serve', '--port', '0', ...args]);
  started.push(cli);
  return cli;
};
afterAll(() => {
  for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('assistants-mock serve', () => {
  it('prints exactly one line with the real port when started with --port 0, and serves the API there', async () => {
    const cli = await serve('--db', join(dir, 'a.sqlite'));
    expect(cli.line).toMatch(/^assistants-mock listening on http:\/\/127\.0\.0\.1:(\d+)\/v1\n$/);
    const port = Number(new URL(cli.url).port);
    expect(port).toBeGreaterThan(0);
    const client = httpClient(cli.url);
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    expect(await client.beta.assistants.retrieve(assistant.id)).toEqual(assistant);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).toBe('');
  });

  it('exits 0 on SIGINT after serving a request, its keep-alive socket still open', async () => {
    const cli = await serve('--db', ':memory:');
    await httpClient(cli.url).beta.threads.create();
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it('with --api-key, accepts that key and answers 401 invalid_api_key to another', async () => {
    const cli = await serve('--db', ':memory:', '--api-key', 'sk-cli-secret-000000');
    await expect(httpClient(cli.url, 'sk-cli-secret-000000').beta.assistants.list()).resolves.toMatchObject({ data: [] });
    const { error, body } = await apiError(httpClient(cli.url, 'sk-wrong-key-00000000').beta.assistants.list());
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(body.code).toBe('invalid_api_key');
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });

  it('refuses a port that is not a number, with exit code 2', async () => {
    await expect(startCli(['serve', '--port', 'eighty'])).rejects.toThrow(/CLI exited \(2\) before listening: assistants-mock: Invalid --port 'eighty'/);
  });

  it('refuses a fixture file with a mistake, naming the file, scenario, field and reason', async () => {
    const fixtures = join(dir, 'typo.yaml');
    writeFileSync(fixtures, 'scenarios:\n  - name: greet\n    script:\n      - sya: hi\n');
    await expect(startCli(['serve', '--port', '0', '--db', ':memory:', '--fixtures', fixtures])).rejects.toThrow(
      `CLI exited (1) before listening: assistants-mock: Invalid fixture: ${fixtures}: scenario "greet", script[0]: a step needs exactly one of say, call, code_interpreter, file_search, fail, incomplete, empty (got sya)`,
    );
  });

  it('keeps what it wrote in the --db file across a restart', async () => {
    const db = join(dir, 'restart.sqlite');
    const first = await serve('--db', db);
    const thread = await httpClient(first.url).beta.threads.create({ messages: [{ role: 'user', content: 'remember me' }] });
    first.child.kill('SIGTERM');
    await first.exited;
    const second = await serve('--db', db);
    const client = httpClient(second.url);
    expect(await client.beta.threads.retrieve(thread.id)).toEqual(thread);
    expect((await client.beta.threads.messages.list(thread.id)).data).toHaveLength(1);
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
