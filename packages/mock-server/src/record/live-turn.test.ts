import { describe, expect, it } from 'vitest';
import type { CallOrigin, TurnPiece } from '../engine/driver.js';
import { turnSteps } from './live-turn.js';

const origin = (name: string, args: string): CallOrigin => ({ upstreamId: `up_${name}`, name, arguments: args });
const end = (finish: Extract<TurnPiece, { type: 'end' }>['finish'], serverCalls: Extract<TurnPiece, { type: 'end' }>['serverCalls'] = []): TurnPiece => ({
  type: 'end',
  finish,
  usage: null,
  serverCalls,
});
const actions = (pieces: TurnPiece[]) => {
  const { steps, endsRun } = turnSteps(pieces);
  return { actions: steps.map((s) => s.action), endsRun };
};

describe('a played turn as scripted steps', () => {
  it('text before parallel calls: say, then the calls in index order with their arguments joined; text after calls dropped', () => {
    expect(
      actions([
        { type: 'text', value: 'Let me ' },
        { type: 'text', value: 'check.' },
        { type: 'call', index: 1, id: 'call_b', name: 'quiz', origin: origin('quiz', '{}') },
        { type: 'call', index: 0, id: 'call_a', name: 'examine', origin: origin('examine', '{}') },
        { type: 'arguments', index: 1, value: '{"n":' },
        { type: 'arguments', index: 0, value: '{}' },
        { type: 'arguments', index: 1, value: ' 2}' },
        { type: 'text', value: 'ignored' },
        end('tool_calls'),
      ]),
    ).toEqual({
      actions: [
        { kind: 'say', text: 'Let me check.', delay: 0, pace: 0 },
        { kind: 'call', calls: [{ name: 'examine', arguments: '{}' }, { name: 'quiz', arguments: '{"n": 2}' }], delay: 0, pace: 0 },
      ],
      endsRun: false,
    });
  });

  it('searches the server answered: one file_search per call with the query of its arguments; the run goes on', () => {
    const searches = [
      { id: 'call_1', name: 'file_search', origin: origin('file_search', '{"query":"Ophelia"}') },
      { id: 'call_2', name: 'file_search', origin: origin('file_search', 'not json') },
    ];
    expect(actions([end('tool_calls', searches)])).toEqual({
      actions: [
        { kind: 'file_search', query: 'Ophelia', results: undefined, delay: 0, pace: 0 },
        { kind: 'file_search', query: 'not json', results: undefined, delay: 0, pace: 0 },
      ],
      endsRun: false,
    });
  });

  it('cut off (length): its text, then incomplete, and the run ends; an answer or an empty turn ends it too', () => {
    expect(actions([{ type: 'text', value: 'Once upon' }, end('length')])).toEqual({
      actions: [
        { kind: 'say', text: 'Once upon', delay: 0, pace: 0 },
        { kind: 'incomplete', reason: 'max_completion_tokens', delay: 0, pace: 0 },
      ],
      endsRun: true,
    });
    expect(actions([{ type: 'text', value: 'Done.' }, end('stop')])).toEqual({ actions: [{ kind: 'say', text: 'Done.', delay: 0, pace: 0 }], endsRun: true });
    expect(actions([end('stop')])).toEqual({ actions: [], endsRun: true });
  });

  it('code run in the sandbox: a code_interpreter step with what it printed; the run goes on', () => {
    expect(actions([{ type: 'code', id: 'call_c', input: 'print(1)', outputs: [{ type: 'logs', logs: '1\n' }] }])).toEqual({
      actions: [{ kind: 'code_interpreter', input: 'print(1)', outputs: [{ type: 'logs', logs: '1\n' }], delay: 0, pace: 0 }],
      endsRun: false,
    });
  });
});
