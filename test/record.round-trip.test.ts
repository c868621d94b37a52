import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineScenarios, loadFixtures, type ScenarioInput } from '@assistants-mock/fixtures';
import { startHarness, type Harness } from './helpers/harness.js';
import { recordFlows } from './helpers/record-flows.js';

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
    const [thread, quiz, cited, ended] = replayed.transcripts;
    expect(thread!.messages.filter((m) => m.role === 'assistant').map((m) => m.content[0])).toMatchObject([
      { text: '4' },
      { text: '12' },
      { text: '10' },
      { text: '30' },
    ]);
    expect(quiz!.runs[0]!.steps.map((s) => s.calls?.map((c) => ('function' in c ? [c.function, c.arguments] : c)))).toEqual([
      [
        ['display_quiz', '{"title":"Sums","n":1}'],
        ['display_quiz', '{"title": "Products", "n": 2}'],
      ],
      [['examine_server', '{}']],
      undefined,
    ]);
    expect(quiz!.messages.at(-1)!.content[0]).toMatchObject({ text: 'Quiz answers: answer 1; server: cpu 3%' });
    expect(cited!.messages.at(-1)!.content[0]).toMatchObject({
      text: 'She drowned in the brook【1:0†hamlet.txt】.',
      annotations: [{ type: 'file_citation', text: '【1:0†hamlet.txt】', file_citation: { file: 'hamlet.txt' } }],
    });
    expect(ended!.runs.map((r) => [r.status, r.incomplete_details, r.last_error?.code])).toEqual([
      ['incomplete', { reason: 'max_completion_tokens' }, undefined],
      ['failed', null, 'rate_limit_exceeded'],
    ]);
    expect(replayed.events).toContain('thread.message.delta');
  });

  it('writes one readable YAML file per assistant, named after it', () => {
    expect(readdirSync(dir).sort()).toEqual(['Math Tutor.yaml', 'Quiz _ Bot.yaml', 'Reader.yaml']);
    const tutor = readFileSync(join(dir, 'Math Tutor.yaml'), 'utf8');
    expect(tutor).toContain('- name: And times 3? (after 6 messages)');
    expect(tutor).toContain('say: |-\n          Streaming\n          in two lines.');
  });
});
