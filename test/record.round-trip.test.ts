import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineScenarios, loadFixtures, type ScenarioInput } from '@assistants-mock/fixtures';
import { startHarness, type Harness } from './helpers/harness.js';
import { expectFlowsPlayed, recordFlows } from './helpers/record-flows.js';

/**
 * Record, then replay: a server with `record` writes every run as a scenario; a second server given
 * only those files plays the same conversations to the same transcripts. The recording server's
 * "model" is a set of hand-written scenarios swapped before each run (so it answers the same
 * question differently in another context, as a model does).
 */
const dir = mkdtempSync(join(tmpdir(), 'record-'));
const recorder = await startHarness({ record: { dir } });

/** Makes `script` the "model's" only answer for the next run of this client. */
function model(h: Harness, key: string, ...script: ScenarioInput['script']) {
  h.server.reset(key);
  h.server.useFor(key, ...defineScenarios([{ name: 'model', script }]));
}

const key = 'sk-recording-session';
const recorded = await recordFlows(recorder.clientFor(key), (...script) => model(recorder, key, ...script));
await recorder.server.close();

const replayer = await startHarness({ scenarios: loadFixtures([dir]) });
const replayed = await recordFlows(replayer.client, () => {});

describe('a recorded session replays to the same transcripts', () => {
  it('every flow: texts, annotations, tool calls, step types, statuses, usage, SSE event types', () => {
    expect(replayer.server.journal()).toEqual([]);
    expect(replayed).toEqual(recorded);
  });

  it('the recordings are what the runs did (not two servers failing alike)', () => {
    expectFlowsPlayed(replayed);
  });

  it('writes one readable YAML file per assistant, named after it', () => {
    expect(readdirSync(dir).sort()).toEqual(['Math Tutor.yaml', 'Quiz _ Bot.yaml', 'Reader.yaml']);
    const tutor = readFileSync(join(dir, 'Math Tutor.yaml'), 'utf8');
    expect(tutor).toContain('- name: And times 3? (after 6 messages)');
    expect(tutor).toContain('say: |-\n          Streaming\n          in two lines.');
  });
});
