import type { Action } from '../engine/actions.js';
import { TurnError, type DriverStart, type RunDriver, type RunStartContext, type RunTurnContext, type TurnPiece, type TurnRequest } from '../engine/driver.js';
import { failedTurnSteps, turnSteps } from './live-turn.js';
import { recordRun, type RecordedStep, type RecordMode, type RunRecording, type WrittenRecording } from './recorder.js';

export interface RecordOptions {
  /** The directory recordings go to, one `<assistant name>.yaml` per assistant. */
  dir: string;
  /** `new` (default): recordings join the files behind what is there; `all`: in front (replay plays the newest). */
  mode?: RecordMode;
  /** Told about each written scenario (the server adds it to the scenarios in force). */
  onRecorded?: (written: WrittenRecording) => void;
  /** Told when a recording cannot be written (a file a person broke); the run itself is not affected. */
  onError?: (error: unknown) => void;
}

type OpenRecording = Omit<RunRecording, 'steps'> & { steps: RecordedStep[]; played?: boolean };

interface RecordingState {
  inner: unknown;
  recording: string;
}

/** Runs being recorded at once; a run that never ends (cancelled, expired) is forgotten past this many. */
const MAX_OPEN_RECORDINGS = 1000;

/**
 * Records what another driver decides, at the model boundary: every action of a run, with the tool
 * outputs submitted between rounds, is kept in memory and written as a scenario when the run ends by
 * the model's own doing (done, failed, incomplete). Runs cancelled or expired are not recorded: they
 * say nothing about what the model does. Only what the driver sees is recorded, never a request's
 * headers or keys.
 */
export function recordingDriver(inner: RunDriver, options: RecordOptions): RunDriver {
  const open = new Map<string, OpenRecording>();
  let counter = 0;
  const finish = (key: string, steps: RecordedStep[]) => {
    const recording = open.get(key)!;
    open.delete(key);
    try {
      const written = recordRun(options.dir, { ...recording, steps }, options.mode ?? 'new');
      options.onRecorded?.(written);
    } catch (error) {
      (options.onError ?? ((e) => console.error(`assistants-mock: recording not written: ${e instanceof Error ? e.message : e}`)))(error);
    }
  };
  const recordTurn = (key: string, pieces: readonly TurnPiece[]) => {
    const recording = open.get(key);
    if (!recording) return;
    const turn = turnSteps(pieces);
    recording.steps = [...recording.steps, ...turn.steps];
    if (turn.endsRun) finish(key, recording.steps);
  };
  return {
    ...(inner.maxConcurrent !== undefined && { maxConcurrent: inner.maxConcurrent }),
    ...(inner.textOf && { textOf: inner.textOf }),
    ...(inner.play && {
      async *play(state: unknown, request: TurnRequest, signal: AbortSignal): AsyncIterable<TurnPiece> {
        const { inner: innerState, recording: key } = state as RecordingState;
        const pieces: TurnPiece[] = [];
        try {
          for await (const piece of inner.play!(innerState, request, signal)) {
            pieces.push(piece);
            // Recorded before the piece is applied: the runner stops reading once the turn is over. A
            // turn cut off before its end (a cancel, a restart asking it again) records nothing.
            if (piece.type === 'end' || piece.type === 'code') recordTurn(key, pieces.splice(0));
            yield piece;
          }
        } catch (error) {
          // The model's own failure ends the run; an abort (a cancel) records nothing.
          const recording = open.get(key);
          if (error instanceof TurnError && recording) finish(key, [...recording.steps, ...failedTurnSteps(pieces, error)]);
          throw error;
        }
      },
    }),
    start(context: RunStartContext): DriverStart {
      const start = inner.start(context);
      if (!start.ok) return start;
      const key = `${process.pid}-${++counter}`;
      open.set(key, { ...runContext(context), steps: [] });
      if (open.size > MAX_OPEN_RECORDINGS) open.delete(open.keys().next().value!);
      return { ...start, state: { inner: start.state, recording: key } satisfies RecordingState };
    },
    next(state: unknown, context: RunTurnContext): Action | null {
      const { inner: innerState, recording: key } = state as RecordingState;
      const action = inner.next(innerState, context);
      const recording = open.get(key);
      if (!recording) return action;
      // A played turn makes any number of steps: the cursor counts turns, not steps, once one was played.
      if (action?.kind === 'turn') recording.played = true;
      const steps = recording.played ? [...recording.steps] : recording.steps.slice(0, context.cursor);
      const last = steps.at(-1);
      if (last?.action.kind === 'call' && context.latestOutputs.length > 0) steps[steps.length - 1] = { ...last, outputs: context.latestOutputs };
      if (action?.kind === 'turn') {
        // Recorded as `play` yields it.
        recording.steps = steps;
        return action;
      }
      if (action) steps.push({ action });
      recording.steps = steps;
      // A message or calls cut off end the run when they end, without asking for more.
      if (!action || action.kind === 'fail' || action.kind === 'incomplete' || action.kind === 'empty' || ((action.kind === 'say' || action.kind === 'call') && action.cutOff)) finish(key, steps);
      return action;
    },
  };
}

function runContext(context: RunStartContext): Omit<RunRecording, 'steps'> {
  return {
    assistant: { name: context.assistant.name, model: context.assistant.model },
    message: context.newestUserMessage,
    history: context.history?.() ?? [],
  };
}
