import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadFixtures, parseFixtureText, type ScenarioInput } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';
import { startLiveHarness } from './helpers/live-harness.js';
import type { FakeReply } from './helpers/fake-upstream.js';
import { expectFlowsPlayed, recordFlows } from './helpers/record-flows.js';

/**
 * Record live runs, then replay them: the same seed-like flows as record.round-trip, but played by a
 * "model" behind the real Chat Completions wire format (the fake upstream, on a socket) with
 * `record` on; a second server given only the written files, and no upstream, plays them again.
 */
const UPSTREAM_KEY = 'sk-UPSTREAM-RECORDED-LIVE-5d1f';
const work = mkdtempSync(join(tmpdir(), 'record-live-rt-'));
const dir = join(work, 'recorded');
const db = join(work, 'live.sqlite');
const live = await startLiveHarness({ db, over: 'http', upstreamOver: 'http', record: { dir }, upstream: { apiKey: UPSTREAM_KEY, liveOnly: true } });

/** What the model writes back for a script's templates (the outputs the flows submit, the citation it was shown). */
const MODEL_TEXT: Record<string, string> = { '{{outputs.display_quiz}}': 'answer 1', '{{outputs.examine_server}}': 'cpu 3%', '{{cite:0}}': '【1:0†hamlet.txt】' };
const modelText = (text: string) => text.replace(/\{\{[^}]+\}\}/g, (template) => MODEL_TEXT[template] ?? template);
const args = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The flows' scripts as the upstream's replies: one reply per model turn. A cut-off message is a reply
 * cut at `length`, or, before a `fail`, a stream that ends before its finish.
 */
function upstreamReplies(script: ScenarioInput['script']): FakeReply[] {
  const replies: FakeReply[] = [];
  const steps = script as Record<string, unknown>[];
  for (const [index, step] of steps.entries()) {
    const usage = step.usage as { prompt_tokens: number; completion_tokens: number } | undefined;
    if ('say' in step) {
      const text = step.literal === true ? (step.say as string) : modelText(step.say as string);
      const failsNext = step.cut_off === true && steps[index + 1] !== undefined && 'fail' in steps[index + 1]!;
      const ending = step.cut_off !== true ? {} : failsNext ? { endAfter: 1 + (text.match(/\s*\S+|\s+/gu) ?? []).length } : { finish: 'length' as const };
      replies.push({ text, ...ending, ...(usage && { usage: { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens } }) });
      if (failsNext) break;
    } else if ('call' in step) {
      const calls = [step.call].flat() as Record<string, unknown>[];
      replies.push({ toolCalls: calls.flatMap((call) => Object.entries(call).map(([name, value]) => ({ name, arguments: args(value) }))) });
    } else if ('file_search' in step) {
      replies.push({ toolCalls: [step.file_search].flat().map((search) => ({ name: 'file_search', arguments: JSON.stringify(search) })) });
    } else if ('fail' in step) {
      const { message } = step.fail as { message: string };
      // Every retry is refused too.
      for (let i = 0; i < 3; i++) replies.push({ status: 429, error: { message, type: 'requests', code: 'rate_limit_exceeded' }, headers: { 'retry-after-ms': '1' } });
    }
  }
  return replies;
}

const recorded = await recordFlows(live.client, (...script) => live.upstream.reply(...upstreamReplies(script)));
const upstreamRequests = live.upstream.requests.length;
await live.server.close();

const replayer = await startHarness({ scenarios: loadFixtures([dir]) });
const replayed = await recordFlows(replayer.client, () => {});

describe('a recorded live session replays, with no upstream, to the same transcripts', () => {
  it('every flow: texts, annotations, tool calls, step types, statuses, usage (run and step), SSE event types', () => {
    expect(upstreamRequests).toBeGreaterThan(10);
    expect(replayer.server.journal()).toEqual([]);
    expect(replayed).toEqual(recorded);
  });

  it('a message the upstream cut off (finish_reason length) replays incomplete (max_tokens), the run incomplete', () => {
    const cut = (flows: typeof recorded) => flows.transcripts[3]!.messages.find((m) => m.role === 'assistant')!;
    expect(cut(replayed)).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_tokens' } });
    expect(cut(replayed)).toEqual(cut(recorded));
  });

  it('the live runs did what the model said: usage, parallel calls, two rounds, citations, two searches in a turn, literal text, cut off, failed', () => {
    expectFlowsPlayed(replayed);
  });

  it('the same question asked twice in one thread, after different context, is two scenarios, each replayed in its place', () => {
    const asked = loadFixtures([join(dir, 'Math Tutor.yaml')]).filter((s) => isDeepStrictEqual(s.match.message, { equals: 'And times 3?' }));
    expect(asked.map((s) => [s.match.history?.length, s.script.map((step) => 'say' in step && step.say)])).toEqual([
      [2, ['12']],
      [6, ['30']],
    ]);
    const answers = replayed.transcripts[0]!.messages.filter((m) => m.role === 'assistant').map((m) => m.content[0]);
    expect(answers).toMatchObject([{ text: '4' }, { text: '12' }, { text: '10' }, { text: '30' }]);
  });

  it("the README's example recording is what this recording wrote", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = /<!-- recorded by test\/record\.live-round-trip\.test\.ts -->\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    const shown = parseFixtureText(example ?? '', 'README.md');
    const written = loadFixtures([join(dir, 'Math Tutor.yaml')]);
    expect(shown.length).toBeGreaterThan(3);
    expect(shown).toEqual(shown.map((scenario) => written.find((w) => w.name === scenario.name)));
  });

  it('no byte of the upstream key in the recordings or the live database', () => {
    const files = [db, `${db}-wal`, ...readdirSync(dir).map((name) => join(dir, name))].filter((file) => existsSync(file));
    const bytes = Buffer.concat(files.map((file) => readFileSync(file)));
    expect(readdirSync(dir).sort()).toEqual(['Math Tutor.yaml', 'Quiz _ Bot.yaml', 'Reader.yaml']);
    expect(bytes.includes(UPSTREAM_KEY)).toBe(false);
    expect(bytes.includes('RECORDED-LIVE')).toBe(false);
  });
});
