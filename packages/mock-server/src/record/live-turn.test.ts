import { describe, expect, it } from 'vitest';
import { TurnError, type CallOrigin, type TurnPiece } from '../engine/driver.js';
import { usageOf, type Usage } from '../engine/usage.js';
import { failedTurnSteps, turnSteps } from './live-turn.js';

const origin = (name: string, args: string): CallOrigin => ({ upstreamId: `up_${name}`, name, arguments: args });
const end = (finish: Extract<TurnPiece, { type: 'end' }>['finish'], serverCalls: Extract<TurnPiece, { type: 'end' }>['serverCalls'] = [], usage: Usage | null = null): TurnPiece => ({
  type: 'end',
  finish,
  usage,
  serverCalls,
});
const actions = (pieces: TurnPiece[]) => {
  const { steps, endsRun } = turnSteps(pieces);
  return { actions: steps.map((s) => s.action), endsRun };
};


describe('a played turn as scripted steps', () => {
  it('text before parallel calls: say, then the calls in index order with their arguments joined; text after the calls on the calls step', () => {
    expect(
      actions([
        { type: 'text', value: 'Let me ' },
        { type: 'text', value: 'check.' },
        { type: 'call', index: 1, id: 'call_b', name: 'quiz', origin: origin('quiz', '{}') },
        { type: 'call', index: 0, id: 'call_a', name: 'examine', origin: origin('examine', '{}') },
        { type: 'arguments', index: 1, value: '{"n":' },
        { type: 'arguments', index: 0, value: '{}' },
        { type: 'arguments', index: 1, value: ' 2}' },
        { type: 'text', value: 'One ' },
        { type: 'text', value: 'moment.' },
        end('tool_calls'),
      ]),
    ).toEqual({
      actions: [
        // A message before calls reports its own tokens, as live (whatever the upstream counted).
        { kind: 'say', text: 'Let me check.', delay: 0, pace: 0, usage: usageOf(0, 4) },
        { kind: 'call', calls: [{ name: 'examine', arguments: '{}' }, { name: 'quiz', arguments: '{"n": 2}' }], textAfter: 'One moment.', delay: 0, pace: 0 },
      ],
      endsRun: false,
    });
  });

  it("the upstream's usage: the step that ends the turn has it, less what a message before it took", () => {
    const text = { type: 'text' as const, value: 'Let me check.' };
    const call = { type: 'call' as const, index: 0, id: 'call_a', name: 'examine', origin: origin('examine', '{}') };
    expect(actions([text, call, end('tool_calls', [], usageOf(100, 20))]).actions.map((a) => a.usage)).toEqual([usageOf(0, 4), usageOf(100, 16)]);
    expect(actions([{ type: 'text', value: 'Done.' }, end('stop', [], usageOf(100, 2))]).actions.map((a) => a.usage)).toEqual([usageOf(100, 2)]);
    const code = { type: 'code' as const, id: 'c', input: 'print(1)', outputs: [], usage: usageOf(50, 9) };
    expect(actions([text, code]).actions.map((a) => a.usage)).toEqual([usageOf(0, 4), usageOf(50, 5)]);
  });

  it('searches the server answered: one file_search step holding every query of the turn; the run goes on', () => {
    const searches = [
      { id: 'call_1', name: 'file_search', origin: origin('file_search', '{"query":"Ophelia"}') },
      { id: 'call_2', name: 'file_search', origin: origin('file_search', 'not json') },
    ];
    expect(actions([end('tool_calls', searches, usageOf(30, 12))])).toEqual({
      actions: [
        {
          kind: 'file_search',
          searches: [
            { query: 'Ophelia', results: undefined },
            { query: 'not json', results: undefined },
          ],
          delay: 0,
          pace: 0,
          usage: usageOf(30, 12),
        },
      ],
      endsRun: false,
    });
  });

  it('searches beside function calls: the calls step holds them (live, their step follows the calls step), with the turn\'s usage', () => {
    const search = { id: 'call_s', name: 'file_search', origin: origin('file_search', '{"query":"Ophelia"}') };
    const call: TurnPiece = { type: 'call', index: 0, id: 'call_a', name: 'examine', origin: origin('examine', '') };
    expect(actions([call, { type: 'arguments', index: 0, value: '{}' }, end('tool_calls', [search], usageOf(30, 5))])).toEqual({
      actions: [{ kind: 'call', calls: [{ name: 'examine', arguments: '{}' }], searches: [{ query: 'Ophelia', results: undefined }], delay: 0, pace: 0, usage: usageOf(30, 5) }],
      endsRun: false,
    });
  });

  it('cut off (length): its text cut off (max_tokens), and the run ends; an answer or an empty turn ends it too', () => {
    expect(actions([{ type: 'text', value: 'Once upon' }, end('length', [], usageOf(9, 3))])).toEqual({
      actions: [{ kind: 'say', text: 'Once upon', cutOff: { reason: 'max_tokens' }, delay: 0, pace: 0, usage: usageOf(9, 3) }],
      endsRun: true,
    });
    expect(actions([end('length')])).toEqual({ actions: [{ kind: 'incomplete', reason: 'max_completion_tokens', delay: 0, pace: 0 }], endsRun: true });
    const cutCall: TurnPiece[] = [{ type: 'call', index: 0, id: 'call_a', name: 'f', origin: origin('f', '') }, { type: 'arguments', index: 0, value: '{"a":' }];
    expect(actions([...cutCall, end('length', [], usageOf(9, 3))])).toEqual({
      actions: [{ kind: 'call', calls: [{ name: 'f', arguments: '{"a":' }], cutOff: { reason: 'max_tokens' }, delay: 0, pace: 0, usage: usageOf(9, 3) }],
      endsRun: true,
    });
    expect(actions([{ type: 'text', value: 'Done.' }, end('stop')])).toEqual({ actions: [{ kind: 'say', text: 'Done.', delay: 0, pace: 0 }], endsRun: true });
    // A turn that wrote nothing is `empty`, with the usage the model reported for it.
    expect(actions([end('stop')])).toEqual({ actions: [{ kind: 'empty', delay: 0, pace: 0 }], endsRun: true });
    expect(actions([end('stop', [], usageOf(40, 0))])).toEqual({ actions: [{ kind: 'empty', delay: 0, pace: 0, usage: usageOf(40, 0) }], endsRun: true });
  });

  it("a model's text that reads as a template is kept literal", () => {
    expect(actions([{ type: 'text', value: 'Use {{cite:1}} }}' }, end('stop')]).actions).toEqual([
      { kind: 'say', text: 'Use {{cite:1}} }}', literal: true, delay: 0, pace: 0 },
    ]);
  });

  it('code run in the sandbox: a code_interpreter step with what it printed; the run goes on', () => {
    expect(actions([{ type: 'code', id: 'call_c', input: 'print(1)', outputs: [{ type: 'logs', logs: '1\n' }] }])).toEqual({
      actions: [{ kind: 'code_interpreter', input: 'print(1)', outputs: [{ type: 'logs', logs: '1\n' }], delay: 0, pace: 0 }],
      endsRun: false,
    });
  });
});

describe('a turn that failed', () => {
  const error = new TurnError('server_error', 'The stream ended.');
  it('while writing: the message cut off by the failure (run_failed); before writing: the failure alone', () => {
    expect(failedTurnSteps([{ type: 'text', value: 'I was' }], error).map((s) => s.action)).toEqual([
      { kind: 'say', text: 'I was', cutOff: { reason: 'run_failed', code: 'server_error', message: 'The stream ended.' }, delay: 0, pace: 0 },
    ]);
    expect(failedTurnSteps([], error).map((s) => s.action)).toEqual([{ kind: 'fail', code: 'server_error', message: 'The stream ended.', delay: 0, pace: 0 }]);
  });

  it('in its calls: the message before them was finished, then the calls cut off by the failure (their step fails, as live)', () => {
    const pieces: TurnPiece[] = [
      { type: 'text', value: 'Checking.' },
      { type: 'call', index: 0, id: 'call_a', name: 'f', origin: origin('f', '') },
      { type: 'arguments', index: 0, value: '{"a":' },
    ];
    expect(failedTurnSteps(pieces, error).map((s) => s.action)).toEqual([
      { kind: 'say', text: 'Checking.', delay: 0, pace: 0, usage: usageOf(0, 3) },
      { kind: 'call', calls: [{ name: 'f', arguments: '{"a":' }], cutOff: { reason: 'run_failed', code: 'server_error', message: 'The stream ended.' }, delay: 0, pace: 0 },
    ]);
  });
});
