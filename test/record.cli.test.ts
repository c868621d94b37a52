import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { httpClient, startCli, type CliProcess } from './helpers/cli.js';
import { expectFlowsPlayed, recordFlows, type Play } from './helpers/record-flows.js';

/**
 * The round trip as a user runs it, in other processes: `serve --record DIR`, the flows, stop;
 * `serve --fixtures DIR` (nothing else), the same flows: the same transcripts. The recording session
 * uses a recognisable key, which no byte the recorder wrote may contain.
 */
const KEY = 'sk-RECOGNISABLE-secret-4d1f9a7c';
const work = mkdtempSync(join(tmpdir(), 'record-cli-'));
const dir = join(work, 'recorded');
const started: CliProcess[] = [];
afterAll(() => started.forEach((cli) => cli.child.kill('SIGKILL')));

async function serve(args: string[]) {
  const cli = await startCli(['serve', '--port', '0', '--db', ':memory:', '--no-bundled', ...args]);
  started.push(cli);
  return cli;
}

/** Sets the recording server's answer for the next run, through the control API (scoped to the key). */
const playOver = (baseURL: string): Play => async (...script) => {
  const control = `${baseURL.replace(/\/v1$/, '/__assistants_mock')}/scenarios`;
  const headers = { authorization: `Bearer ${KEY}` };
  await fetch(control, { method: 'DELETE', headers });
  const posted = await fetch(control, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ scenarios: [{ name: 'model', script }] }),
  });
  if (!posted.ok) throw new Error(await posted.text());
};

const recording = await serve(['--record', dir, '--api-key', KEY]);
const recorded = await recordFlows(httpClient(recording.url, KEY), playOver(recording.url));
recording.child.kill('SIGINT');
expect(await recording.exited).toEqual({ code: 0, signal: null });

const replaying = await serve(['--fixtures', dir]);
const replayed = await recordFlows(httpClient(replaying.url), () => {});

describe('serve --record, then serve --fixtures, in other processes', () => {
  it('replays every flow to the same transcript and SSE event types', () => {
    expect(replayed).toEqual(recorded);
    expectFlowsPlayed(replayed);
  });

  it('writes no byte of the session key: not in the recordings, not in what either process printed', () => {
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    const written = [
      ...files.map((name) => readFileSync(join(dir, name), 'utf8')),
      recording.line,
      recording.stderr(),
      replaying.line,
      replaying.stderr(),
    ].join('\n');
    expect(written).toContain('Rate limit reached for requests.');
    expect(written).not.toContain(KEY);
    expect(written).not.toContain('RECOGNISABLE');
  });
});
