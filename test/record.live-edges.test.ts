import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type OpenAI from 'openai';
import { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { loadFixtures } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';
import { startLiveHarness } from './helpers/live-harness.js';
import type { FakeReply } from './helpers/fake-upstream.js';
import { transcript } from './helpers/transcript.js';

/**
 * The turns record.live-round-trip does not play: text then a search, a search beside a function call,
 * calls cut off (`length`) or broken off (the stream ended), a completion that wrote nothing, calls
 * whose upstream sent no usage, and text before and after the calls of one turn. Played live against the fake upstream with `record` on, then replayed
 * by a server given only the written files: the transcripts and SSE event types are equal.
 */
const work = mkdtempSync(join(tmpdir(), 'record-live-edges-'));
const dir = join(work, 'recorded');
const live = await startLiveHarness({ over: 'http', upstreamOver: 'http', record: { dir }, upstream: { liveOnly: true } });

type Play = (...replies: FakeReply[]) => void;

const LOOKUP = { type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } };
const HAMLET = 'Ophelia drowned in the brook, her garments spread wide.\n\nHamlet speaks to the skull of Yorick.';
const search = (query: string) => ({ name: 'file_search', arguments: JSON.stringify({ query }) });
/** How a live run fails when the upstream's stream ends before the model finished. */
const STREAM_ENDED = 'The upstream model stream ended before the model finished its answer.';

/** The SSE event types of a streamed run, and the run it streamed. */
async function streamed(stream: AsyncIterable<{ event: string; data: unknown }>) {
  const events: string[] = [];
  let runId = '';
  for await (const event of stream) {
    events.push(event.event);
    if (event.event.startsWith('thread.run.') && !event.event.startsWith('thread.run.step.')) runId = (event.data as { id: string }).id;
  }
  return { events, runId };
}

async function edgeFlows(client: OpenAI, play: Play) {
  const { beta } = client;
  const store = await client.vectorStores.create({ name: 'Hamlet' });
  await client.vectorStores.fileBatches.uploadAndPoll(store.id, { files: [await toFile(Buffer.from(HAMLET), 'hamlet.txt')] });
  const reader = await beta.assistants.create({
    name: 'Edge Reader',
    model: 'gpt-4o',
    tools: [{ type: 'file_search' }, LOOKUP],
    tool_resources: { file_search: { vector_store_ids: [store.id] } },
  });
  const threads: string[] = [];
  const events: string[][] = [];
  const thread = async (question: string) => {
    const created = await beta.threads.create({ messages: [{ role: 'user', content: question }] });
    threads.push(created.id);
    return created.id;
  };

  // Text, then a search, in one turn; then the answer citing it.
  const cited = await thread('How does Ophelia die?');
  play(
    { text: 'Let me look that up.', toolCalls: [search('Ophelia brook')], usage: { prompt_tokens: 200, completion_tokens: 11 } },
    { text: 'She drowned in the brook【4:0†hamlet.txt】.', usage: { prompt_tokens: 260, completion_tokens: 14 } },
  );
  await beta.threads.runs.createAndPoll(cited, { assistant_id: reader.id });

  // A search beside a function call in one turn, streamed: the calls step, then the search step, then requires_action.
  const both = await thread('Look it up both ways.');
  play({ toolCalls: [search('skull of Yorick'), { name: 'lookup', arguments: '{"q":"Yorick"}' }], usage: { prompt_tokens: 150, completion_tokens: 12 } }, { text: 'Yorick, the jester.' });
  const first = await streamed(beta.threads.runs.stream(both, { assistant_id: reader.id }));
  const run = await beta.threads.runs.retrieve(first.runId, { thread_id: both });
  const outputs = run.required_action!.submit_tool_outputs.tool_calls.map((call) => ({ tool_call_id: call.id, output: 'the jester' }));
  const second = await streamed(beta.threads.runs.submitToolOutputsStream(first.runId, { thread_id: both, tool_outputs: outputs }));
  events.push(first.events, second.events);

  // Calls cut off (finish_reason length) mid-arguments, after a message; streamed.
  const cut = await thread('Look up everything.');
  play({ text: 'Checking.', toolCalls: [{ name: 'lookup', arguments: '{"q":"every single thing' }], finish: 'length', usage: { prompt_tokens: 120, completion_tokens: 12 } });
  events.push((await streamed(beta.threads.runs.stream(cut, { assistant_id: reader.id }))).events);

  // Calls broken off: the stream ends in their arguments (role, text, call header, one piece of arguments).
  const broken = await thread('Look up once more.');
  play({ text: 'Checking.', toolCalls: [{ name: 'lookup', arguments: '{"q":"again"}' }], endAfter: 4 });
  events.push((await streamed(beta.threads.runs.stream(broken, { assistant_id: reader.id }))).events);

  // A completion that wrote nothing, with the upstream's usage.
  const empty = await thread('Say nothing.');
  play({ text: '', usage: { prompt_tokens: 90, completion_tokens: 0 } });
  await beta.threads.runs.createAndPoll(empty, { assistant_id: reader.id });

  // No usage from the upstream: the message before the call, the call and the answer are estimated.
  const estimated = await thread('Estimate it.');
  play({ text: 'One moment.', toolCalls: [{ name: 'lookup', arguments: '{"q":"a long enough query"}' }], usage: null }, { text: 'Estimated.', usage: null });
  const waiting = await beta.threads.runs.createAndPoll(estimated, { assistant_id: reader.id });
  const call = waiting.required_action!.submit_tool_outputs.tool_calls[0]!;
  await beta.threads.runs.submitToolOutputsAndPoll(waiting.id, { thread_id: estimated, tool_outputs: [{ tool_call_id: call.id, output: 'done' }] });

  // Text before and after a function call and a search in one turn, streamed: a message, the calls, a message, the search.
  const around = await thread('Look it up, and talk.');
  play(
    { text: 'Let me look.', toolCalls: [{ name: 'lookup', arguments: '{"q":"Ophelia"}' }, search('Ophelia brook')], textAfterCalls: 'One moment, please.', usage: { prompt_tokens: 180, completion_tokens: 20 } },
    { text: 'Found it.', usage: { prompt_tokens: 240, completion_tokens: 3 } },
  );
  const asked = await streamed(beta.threads.runs.stream(around, { assistant_id: reader.id }));
  const pending = await beta.threads.runs.retrieve(asked.runId, { thread_id: around });
  const answers = pending.required_action!.submit_tool_outputs.tool_calls.map((c) => ({ tool_call_id: c.id, output: 'the brook' }));
  const answered = await streamed(beta.threads.runs.submitToolOutputsStream(asked.runId, { thread_id: around, tool_outputs: answers }));
  events.push(asked.events, answered.events);

  return { transcripts: await Promise.all(threads.map((id) => transcript(client, id))), events };
}

const recorded = await edgeFlows(live.client, (...replies) => live.upstream.reply(...replies));
await live.server.close();
const replayer = await startHarness({ scenarios: loadFixtures([dir]) });
const replayed = await edgeFlows(replayer.client, () => {});

/**
 * The event types with each run of step deltas as one: how a model's stream cut a call's arguments into
 * pieces is not recorded (the fake sends four characters at a time, a replay a word at a time).
 */
const oneDeltaPerRun = (events: string[]) => events.filter((event, i) => !(event === 'thread.run.step.delta' && events[i - 1] === event));

type Transcript = (typeof recorded.transcripts)[number];
const usageOf = (u: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null | undefined) => u && [u.prompt_tokens, u.completion_tokens, u.total_tokens];
const stepSums = (run: Transcript['runs'][number]) =>
  run.steps.reduce((sum, step) => [sum[0]! + (step.usage?.prompt_tokens ?? 0), sum[1]! + (step.usage?.completion_tokens ?? 0)], [0, 0]);

describe('live turns at the edges replay, with no upstream, to the same transcripts', () => {
  it('every flow: texts, annotations, tool calls, step types, statuses, usage (run and step), SSE event types', () => {
    expect(replayer.server.journal()).toEqual([]);
    expect(replayed.transcripts).toEqual(recorded.transcripts);
    expect(replayed.events.map(oneDeltaPerRun)).toEqual(recorded.events.map(oneDeltaPerRun));
  });

  it('text then a search: the message step has its own tokens, the search step the rest; the steps add up to the run', () => {
    const [cited] = replayed.transcripts;
    const run = cited!.runs[0]!;
    expect(run.steps.map((s) => [s.type, usageOf(s.usage)])).toEqual([
      ['message_creation', [0, 5, 5]],
      ['tool_calls', [200, 6, 206]],
      ['message_creation', [260, 14, 274]],
    ]);
    expect(usageOf(run.usage)).toEqual([460, 25, 485]);
    expect(stepSums(run)).toEqual([460, 25]);
    expect(cited!.messages.at(-1)!.content[0]).toMatchObject({ annotations: [{ file_citation: { file: 'hamlet.txt' } }] });
  });

  it('a search beside a function call: the calls step first, then the search step, completed before requires_action', () => {
    const run = replayed.transcripts[1]!.runs[0]!;
    expect(run.steps.map((s) => [s.type, s.calls?.map((c) => ('function' in c ? c.function : Object.keys(c)[0]))])).toEqual([
      ['tool_calls', ['lookup']],
      ['tool_calls', ['file_search']],
      ['message_creation', undefined],
    ]);
    const [first] = replayed.events;
    const completed = first!.lastIndexOf('thread.run.step.completed');
    expect(completed).toBeGreaterThan(first!.indexOf('thread.run.step.created'));
    expect(first!.at(-1)).toBe('thread.run.requires_action');
    expect(usageOf(run.steps[0]!.usage)).toEqual([150, 12, 162]);
    expect(usageOf(run.steps[1]!.usage)).toEqual([0, 0, 0]);
  });

  it('calls cut off (length) or broken off: their step failed, the run incomplete or failed, as live', () => {
    const [, , cut, broken] = replayed.transcripts;
    expect(cut!.runs.map((r) => [r.status, r.incomplete_details])).toEqual([['incomplete', { reason: 'max_completion_tokens' }]]);
    expect(cut!.runs[0]!.steps.map((s) => [s.type, s.status, s.last_error?.code ?? null, usageOf(s.usage)])).toEqual([
      ['message_creation', 'completed', null, [0, 3, 3]],
      ['tool_calls', 'failed', 'server_error', [120, 9, 129]],
    ]);
    expect(broken!.runs.map((r) => [r.status, r.last_error])).toEqual([['failed', { code: 'server_error', message: STREAM_ENDED }]]);
    expect(broken!.runs[0]!.steps.map((s) => [s.type, s.status])).toEqual([
      ['message_creation', 'completed'],
      ['tool_calls', 'failed'],
    ]);
    expect(replayed.events.slice(2, 4).map((run) => run.filter((e) => e === 'thread.run.step.failed').length)).toEqual([1, 1]);
  });

  it("a completion that wrote nothing: no step, the run completed with the upstream's usage", () => {
    const run = replayed.transcripts[4]!.runs[0]!;
    expect([run.status, run.steps, usageOf(run.usage)]).toEqual(['completed', [], [90, 0, 90]]);
  });

  it('no usage from the upstream: the call step is estimated from its arguments alone, live and on replay, and the steps add up to the run', () => {
    const run = recorded.transcripts[5]!.runs[0]!;
    // '{"q":"a long enough query"}' is 27 characters: 7 tokens; 'One moment.' 3.
    expect(run.steps.slice(0, 2).map((s) => s.usage?.completion_tokens)).toEqual([3, 7]);
    expect(stepSums(run)).toEqual([run.usage!.prompt_tokens, run.usage!.completion_tokens]);
  });

  it('text after the calls of a turn: a message step after the calls step, before the search step; each reports its share of the turn', () => {
    const run = replayed.transcripts[6]!.runs[0]!;
    expect(run.steps.map((s) => [s.type, s.status, usageOf(s.usage)])).toEqual([
      ['message_creation', 'completed', [0, 3, 3]],
      ['tool_calls', 'completed', [180, 12, 192]],
      ['message_creation', 'completed', [0, 5, 5]],
      ['tool_calls', 'completed', [0, 0, 0]],
      ['message_creation', 'completed', [240, 3, 243]],
    ]);
    expect(run.steps.map((s) => s.calls?.map((c) => ('function' in c ? c.function : Object.keys(c)[0])) ?? null)).toEqual([null, ['lookup'], null, ['file_search'], null]);
    expect(stepSums(run)).toEqual([run.usage!.prompt_tokens, run.usage!.completion_tokens]);
    expect(replayed.transcripts[6]!.messages.map((m) => m.content.map((part) => ('text' in part ? part.text : null)))).toEqual([
      ['Look it up, and talk.'],
      ['Let me look.'],
      ['One moment, please.'],
      ['Found it.'],
    ]);
    const [asked] = replayed.events.slice(4);
    expect(asked!.at(-1)).toBe('thread.run.requires_action');
    expect(readFileSync(join(dir, 'Edge Reader.yaml'), 'utf8')).toContain('said_after: One moment, please.');
  });

  it('the recording writes what it saw readably: searched on the call step, cut_off on calls, an empty step with its usage', () => {
    const file = readFileSync(join(dir, 'Edge Reader.yaml'), 'utf8');
    expect(file).toContain('searched:');
    expect(file).toMatch(/- call:[^\n]*\n(?:\s+\S[^\n]*\n)*?\s+cut_off: true/);
    expect(file).toMatch(/- empty: true\n\s+usage: \{ prompt_tokens: 90, completion_tokens: 0, total_tokens: 90 \}/);
  });
});
