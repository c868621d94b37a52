import type { TurnPiece } from '../engine/driver.js';
import { searchQuery } from '../live/file-search.js';
import type { RecordedStep } from './to-scenario.js';

/** What one played turn (a live model's, or code run in the sandbox) did, as scripted steps. */
export interface RecordedTurn {
  steps: RecordedStep[];
  /** The turn ended the run: an answer, a cut-off (`length`), or nothing more to do. */
  endsRun: boolean;
}

type Untimed<T> = T extends unknown ? Omit<T, 'delay' | 'pace'> : never;
const step = (action: Untimed<RecordedStep['action']>): RecordedStep => ({ action: { ...action, delay: 0, pace: 0 } as RecordedStep['action'] });

/**
 * The steps a scripted replay takes to do what the turn's pieces did: its text (`say`), its function
 * calls by index with their arguments (`call`), the searches the server answered (`file_search`, one
 * per call: replay searches its own stores), and `incomplete` when the model ran out of tokens.
 */
export function turnSteps(pieces: readonly TurnPiece[]): RecordedTurn {
  const steps: RecordedStep[] = [];
  const calls = new Map<number, { name: string; arguments: string }>();
  let text = '';
  for (const piece of pieces) {
    if (piece.type === 'text' && calls.size === 0) text += piece.value; // text after calls goes nowhere, as in the engine
    if (piece.type === 'call') calls.set(piece.index, { name: piece.name, arguments: '' });
    if (piece.type === 'arguments') {
      const call = calls.get(piece.index);
      if (call) call.arguments += piece.value;
    }
    if (piece.type === 'code') steps.push(step({ kind: 'code_interpreter', input: piece.input, outputs: piece.outputs }));
    if (piece.type !== 'end') continue;
    if (text !== '') steps.push(step({ kind: 'say', text }));
    for (const call of piece.serverCalls) steps.push(step({ kind: 'file_search', query: searchQuery(call.origin.arguments), results: undefined }));
    if (piece.finish === 'length') {
      steps.push(step({ kind: 'incomplete', reason: 'max_completion_tokens' }));
      return { steps, endsRun: true };
    }
    if (calls.size > 0) {
      const ordered = [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
      steps.push(step({ kind: 'call', calls: ordered }));
      return { steps, endsRun: false };
    }
    return { steps, endsRun: piece.serverCalls.length === 0 };
  }
  // A code turn: the run goes on to its next action.
  return { steps, endsRun: false };
}
