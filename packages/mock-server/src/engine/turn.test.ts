import { describe, expect, it } from 'vitest';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { EngineContext, EngineEvent } from './advance.js';
import type { FileSearchResult } from './actions.js';
import { TurnError, type TurnPiece } from './driver.js';
import { initialProgress, type RunSnapshot } from './snapshot.js';
import { applyTurnPiece, beginTurn, enterTurn, failTurn } from './turn.js';

const run = { id: 'run_1', thread_id: 'thread_1', assistant_id: 'asst_1', status: 'in_progress', tools: [], truncation_strategy: { type: 'auto', last_messages: null }, max_prompt_tokens: null, max_completion_tokens: null, expires_at: null } as unknown as Run;
const results: FileSearchResult[] = [{ file_id: 'file-hamlet', file_name: 'hamlet.txt', score: 1, content: [{ type: 'text', text: 'Get thee to a nunnery.' }] }];
const ctx: EngineContext = { driver: { start: () => ({ ok: true, state: null, queuedMs: 0 }), next: () => null }, now: Date.UTC(2026, 0, 1), search: () => results, streamed: true };

function turnStarted(lastResults: FileSearchResult[] = []): RunSnapshot {
  const progress = { ...initialProgress({ dueAt: 0, driverState: null, startError: null, promptTokens: 10, newestUserMessage: 'hi' }), phase: 'idle' as const, lastResults };
  return beginTurn(enterTurn({ run, progress, content: null, step: null, message: null })).snapshot;
}

function play(s: RunSnapshot, pieces: TurnPiece[]) {
  const events: EngineEvent[] = [];
  for (const piece of pieces) {
    const change = applyTurnPiece(s, piece, ctx);
    s = change.snapshot;
    events.push(...change.events);
  }
  return { s, events, names: events.map((e) => e.event) };
}

const end = (fields: Partial<Extract<TurnPiece, { type: 'end' }>> = {}): TurnPiece => ({ type: 'end', finish: 'stop', usage: { prompt_tokens: 20, completion_tokens: 6, total_tokens: 26 }, serverCalls: [], ...fields });

describe('a model turn, piece by piece', () => {
  it('text opens a message step at its first piece, each piece is a delta, the end completes step, message and run', () => {
    const { s, events, names } = play(turnStarted(), [{ type: 'text', value: 'Hello' }, { type: 'text', value: ' there' }, end()]);
    expect(names).toEqual([
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.message.created',
      'thread.message.in_progress',
      'thread.message.delta',
      'thread.message.delta',
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.completed',
    ]);
    const completed = events.find((e) => e.event === 'thread.message.completed')!.data as { content: unknown };
    expect(completed.content).toEqual([{ type: 'text', text: { value: 'Hello there', annotations: [] } }]);
    expect(events.find((e) => e.event === 'thread.run.step.completed')!.data).toMatchObject({ usage: { prompt_tokens: 20, completion_tokens: 6, total_tokens: 26 } });
    expect(s.run.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 6, total_tokens: 26 });
    expect(s.progress.phase).toBe('done');
  });

  it('a citation marker split across deltas becomes one annotation, riding on the delta that closes it', () => {
    const { events } = play(turnStarted(results), [
      { type: 'text', value: 'As she says【3:' },
      { type: 'text', value: '0†hamlet.txt】 and' },
      { type: 'text', value: ' more【3:7†x】.' },
      end(),
    ]);
    const deltas = events.filter((e) => e.event === 'thread.message.delta').map((e) => (e.data as { delta: { content: { text: { annotations?: unknown[] } }[] } }).delta.content[0]!.text.annotations);
    const annotation = { type: 'file_citation', text: '【3:0†hamlet.txt】', start_index: 11, end_index: 27, file_citation: { file_id: 'file-hamlet' } };
    expect(deltas).toEqual([[], [{ index: 0, ...annotation }], undefined]);
    const done = events.find((e) => e.event === 'thread.message.completed')!.data as { content: { text: { annotations: unknown[] } }[] };
    expect(done.content[0]!.text.annotations).toEqual([annotation]);
  });

  it('text then a tool call: the message step completes first, the calls wait for outputs with the rest of the usage', () => {
    const { s, names } = play(turnStarted(), [
      { type: 'text', value: 'Let me check.' },
      { type: 'call', index: 0, id: 'call_x', name: 'get_weather', origin: { upstreamId: 'up_1', name: 'get_weather', arguments: '' } },
      { type: 'arguments', index: 0, value: '{"city":' },
      { type: 'arguments', index: 0, value: '"Paris"}' },
      end({ finish: 'tool_calls' }),
    ]);
    expect(names).toEqual([
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.message.created',
      'thread.message.in_progress',
      'thread.message.delta',
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.run.step.delta',
      'thread.run.step.delta',
      'thread.run.step.delta',
      'thread.run.requires_action',
    ]);
    expect(s.run.required_action!.submit_tool_outputs.tool_calls).toEqual([{ id: 'call_x', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
    // 'Let me check.' took 4 of the 6 completion tokens; the waiting step reports the rest.
    expect(s.progress.turnUsage).toMatchObject({ prompt_tokens: 20, completion_tokens: 2, total_tokens: 22 });
    expect(s.progress.callOrigins).toEqual({ call_x: { upstreamId: 'up_1', name: 'get_weather', arguments: '' } });
    expect(s.progress.needsSlot).toBe(true);
  });

  it('text after the tool calls is a message step of its own after the calls step (one step per stretch of output, in order, as the seed math tutor shows: message, code, message); the calls then wait for outputs', () => {
    const call: TurnPiece = { type: 'call', index: 0, id: 'call_x', name: 'get_weather', origin: { upstreamId: 'up_1', name: 'get_weather', arguments: '' } };
    const { s, events, names } = play(turnStarted(), [
      { type: 'text', value: 'Let me check.' },
      call,
      { type: 'arguments', index: 0, value: '{"city":"Paris"}' },
      { type: 'text', value: 'One moment' },
      { type: 'text', value: ' please.' },
      end({ finish: 'tool_calls', usage: { prompt_tokens: 20, completion_tokens: 12, total_tokens: 32 } }),
    ]);
    const message = ['thread.run.step.created', 'thread.run.step.in_progress', 'thread.message.created', 'thread.message.in_progress'];
    expect(names).toEqual([
      ...message,
      'thread.message.delta',
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.run.step.delta',
      'thread.run.step.delta',
      ...message,
      'thread.message.delta',
      'thread.message.delta',
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.requires_action',
    ]);
    const created = events.filter((e) => e.event === 'thread.run.step.created').map((e) => (e.data as { step_details: { type: string } }).step_details.type);
    expect(created).toEqual(['message_creation', 'tool_calls', 'message_creation']);
    const texts = events.filter((e) => e.event === 'thread.message.completed').map((e) => (e.data as { content: { text: { value: string } }[] }).content[0]!.text.value);
    expect(texts).toEqual(['Let me check.', 'One moment please.']);
    const [before, after] = events.filter((e) => e.event === 'thread.run.step.completed').map((e) => (e.data as { usage: unknown }).usage);
    expect([before, after]).toMatchObject([
      { prompt_tokens: 0, completion_tokens: 4, total_tokens: 4 },
      { prompt_tokens: 0, completion_tokens: 5, total_tokens: 5 },
    ]);
    // The calls step is the run's again, waiting, with what the two messages left of the usage.
    expect(s.step).toMatchObject({ type: 'tool_calls', status: 'in_progress', step_details: { tool_calls: [{ id: 'call_x', function: { arguments: '{"city":"Paris"}' } }] } });
    expect(s.run.required_action!.submit_tool_outputs.tool_calls.map((c) => c.id)).toEqual(['call_x']);
    expect(s.progress.turnUsage).toMatchObject({ prompt_tokens: 20, completion_tokens: 3, total_tokens: 23 });
    // The next turn's prompt puts that text back with the calls.
    const afterMessage = events.filter((e) => e.event === 'thread.message.completed').map((e) => (e.data as { id: string }).id)[1]!;
    expect(s.progress.textAfterCalls).toEqual({ [afterMessage]: s.step!.id });
  });

  it('text then a search: the message step reports its own tokens, the file_search step the rest, so the steps add up to the run', () => {
    const search = { id: 'call_fs', name: 'file_search', origin: { upstreamId: 'up_fs', name: 'file_search', arguments: '{"query":"nunnery"}' } };
    const { s, events } = play(turnStarted(), [{ type: 'text', value: 'Let me look that up.' }, end({ finish: 'tool_calls', serverCalls: [search] })]);
    const completed = events.filter((e) => e.event === 'thread.run.step.completed').map((e) => e.data as { type: string; usage: { prompt_tokens: number; completion_tokens: number } });
    expect(completed.map((step) => [step.type, step.usage.prompt_tokens, step.usage.completion_tokens])).toEqual([
      ['message_creation', 0, 5],
      ['tool_calls', 20, 1],
    ]);
    expect(s.progress.stepsUsage).toMatchObject({ prompt_tokens: 20, completion_tokens: 6, total_tokens: 26 });
    expect(s.progress.phase).toBe('idle');
  });

  it('with no usage from the upstream, a function-call step is estimated as a scripted one is: its arguments, not its name', () => {
    const { s } = play(turnStarted(), [
      { type: 'text', value: 'Let me check.' },
      { type: 'call', index: 0, id: 'call_x', name: 'a_rather_long_function_name', origin: { upstreamId: 'up_1', name: 'a_rather_long_function_name', arguments: '' } },
      { type: 'arguments', index: 0, value: '{"city":"Paris"}' },
      end({ finish: 'tool_calls', usage: null }),
    ]);
    // 16 characters of arguments: 4 tokens; the message took its own 4, and the run counts both.
    expect(s.progress.turnUsage).toMatchObject({ prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 });
    expect(s.progress.stepsUsage).toMatchObject({ prompt_tokens: 10, completion_tokens: 8, total_tokens: 18 });
  });

  it('a turn that fails while writing text after its calls fails the calls step too', () => {
    const { s } = play(turnStarted(), [
      { type: 'call', index: 0, id: 'call_x', name: 'get_weather', origin: { upstreamId: 'up_1', name: 'get_weather', arguments: '' } },
      { type: 'text', value: 'Checking' },
    ]);
    const failed = failTurn(s, new TurnError('server_error', 'upstream gone'), ctx);
    expect(failed.events.map((e) => [e.event, (e.data as { type?: string }).type ?? null])).toEqual([
      ['thread.message.incomplete', null],
      ['thread.run.step.failed', 'tool_calls'],
      ['thread.run.step.failed', 'message_creation'],
      ['thread.run.failed', null],
    ]);
  });

  it('asked again, a turn drops what the interrupted attempt made', () => {
    const { s } = play(turnStarted(), [{ type: 'text', value: 'half an ans' }]);
    const again = beginTurn(s);
    expect(again.discard).toEqual({ steps: [s.step!.id], messages: [s.message!.id] });
    expect(again.snapshot).toMatchObject({ step: null, message: null, progress: { stepCount: 0, playing: null, turn: { attempt: 2, text: '' } } });
  });

  it('asked again while it wrote text after its calls, a turn drops the calls step and the message, and sets nothing aside', () => {
    const { s } = play(turnStarted(), [
      { type: 'call', index: 0, id: 'call_x', name: 'get_weather', origin: { upstreamId: 'up_1', name: 'get_weather', arguments: '' } },
      { type: 'text', value: 'Checking' },
    ]);
    const again = beginTurn(s);
    expect(again.discard).toEqual({ steps: [s.progress.turn!.calls!.id, s.step!.id], messages: [s.message!.id] });
    expect(again.snapshot.progress.turn).toMatchObject({ attempt: 2, calls: null, spent: 0 });
  });
});
