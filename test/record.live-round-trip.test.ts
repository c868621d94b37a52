import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixtures, type ScenarioInput } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';
import { startLiveHarness } from './helpers/live-harness.js';
import type { FakeReply } from './helpers/fake-upstream.js';
import { recordFlows } from './helpers/record-flows.js';

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

/** The flows' scripts as the upstream's replies: one reply per model turn. */
function upstreamReplies(script: ScenarioInput['script']): FakeReply[] {
  const replies: FakeReply[] = [];
  for (const step of script as Record<string, unknown>[]) {
    if ('say' in step) replies.push({ text: modelText(step.say as string) });
    else if ('call' in step) {
      const calls = [step.call].flat() as Record<string, unknown>[];
      replies.push({ toolCalls: calls.flatMap((call) => Object.entries(call).map(([name, value]) => ({ name, arguments: args(value) }))) });
    } else if ('file_search' in step) replies.push({ toolCalls: [{ name: 'file_search', arguments: JSON.stringify(step.file_search) }] });
    else if ('incomplete' in step) replies.push({ ...(replies.pop() as object), finish: 'length' });
    else if ('fail' in step) {
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

/** Live usage is the upstream's count; a replay estimates its own (see README "Recording and replay"). */
function withoutUsage(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUsage);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'usage').map(([key, inner]) => [key, withoutUsage(inner)]));
}

/**
 * A scripted `say` cuts its message short only at the run's own token budget; a model cut off by the
 * upstream's limit has no such step yet (README "Recording and replay"), so its message replays `completed`.
 */
function withCutOffCompleted(flows: typeof recorded): typeof recorded {
  const transcripts = flows.transcripts.map((t, i) =>
    i !== 3 ? t : { ...t, messages: t.messages.map((m) => (m.status === 'incomplete' ? { ...m, status: 'completed', incomplete_details: null } : m)) },
  );
  return { ...flows, transcripts } as typeof recorded;
}

describe('a recorded live session replays, with no upstream, to the same transcripts', () => {
  it('every flow: texts, annotations, tool calls, step types, statuses, SSE event types (usage and a cut-off message\'s status aside)', () => {
    expect(upstreamRequests).toBeGreaterThan(10);
    expect(replayer.server.journal()).toEqual([]);
    expect(withoutUsage(replayed)).toEqual(withoutUsage(withCutOffCompleted(recorded)));
  });

  it('known difference: a message the upstream cut off (finish_reason length) replays completed, the run still incomplete', () => {
    const cut = (flows: typeof recorded) => flows.transcripts[3]!.messages.find((m) => m.role === 'assistant')!;
    expect(cut(recorded)).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_tokens' } });
    expect(cut(replayed)).toMatchObject({ status: 'completed', incomplete_details: null });
  });

  it('the live runs did what the model said: parallel calls, two rounds, a citation, incomplete, failed', () => {
    const [thread, quiz, cited, ended] = replayed.transcripts;
    expect(thread!.messages.filter((m) => m.role === 'assistant').map((m) => m.content[0])).toMatchObject([{ text: '4' }, { text: '12' }, { text: '10' }, { text: '30' }]);
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

  it('no byte of the upstream key in the recordings or the live database', () => {
    const files = [db, `${db}-wal`, ...readdirSync(dir).map((name) => join(dir, name))].filter((file) => existsSync(file));
    const bytes = Buffer.concat(files.map((file) => readFileSync(file)));
    expect(readdirSync(dir).sort()).toEqual(['Math Tutor.yaml', 'Quiz _ Bot.yaml', 'Reader.yaml']);
    expect(bytes.includes(UPSTREAM_KEY)).toBe(false);
    expect(bytes.includes('RECORDED-LIVE')).toBe(false);
  });
});
