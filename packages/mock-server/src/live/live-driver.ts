import type { Action } from '../engine/actions.js';
import type { DriverStart, RunDriver, RunStartContext, RunTurnContext, TurnPiece, TurnRequest } from '../engine/driver.js';
import { buildPrompt } from './prompt.js';
import { contextWindowOf } from './context-window.js';
import { readTurn } from './turn-reader.js';
import { FILE_SEARCH_TOOL } from './file-search.js';
import { CODE_TOOL, codeOf } from './code-tool.js';
import type { Upstream } from './upstream.js';

/** What a run remembers about who plays it: a scenario (through the scripted driver) or the model. */
type HybridState = { by: 'scenario'; state: unknown } | { by: 'model'; model: string };

const DEFAULT_MAX_TURNS = 24;
const SERVER_TOOLS: ReadonlySet<string> = new Set([FILE_SEARCH_TOOL.function.name]);
const WITH_CODE: ReadonlySet<string> = new Set([...SERVER_TOOLS, CODE_TOOL.function.name]);

/**
 * Runs on a real model. With `scripted` (hybrid mode), a run a scenario matches is played by its
 * script and only unmatched runs go to the model; without it (`--live-only`) every run does.
 */
export function liveDriver(upstream: Upstream, scripted: RunDriver | null): RunDriver {
  const maxTurns = upstream.options.maxTurns ?? DEFAULT_MAX_TURNS;
  return {
    maxConcurrent: upstream.options.maxConcurrent ?? 16,
    start(context: RunStartContext): DriverStart {
      if (scripted) {
        const start = scripted.start(context);
        if (start.ok) return { ...start, state: { by: 'scenario', state: start.state } satisfies HybridState };
        if (!start.unmatched) return start;
      }
      return { ok: true, state: { by: 'model', model: upstream.modelFor(context.assistant.model) } satisfies HybridState, queuedMs: 0, background: true };
    },
    next(state: unknown, context: RunTurnContext): Action | null {
      const hybrid = state as HybridState;
      if (hybrid.by === 'scenario') return scripted!.next(hybrid.state, context);
      if (context.cursor >= maxTurns) {
        const message = `The model took ${maxTurns} turns without finishing the run (assistants-mock stops a run there).`;
        return { kind: 'fail', code: 'server_error', message, delay: 0, pace: 0 };
      }
      return { kind: 'turn', delay: 0, pace: 0 };
    },
    ...(scripted?.textOf && { textOf: scripted.textOf }),
    async *play(state: unknown, request: TurnRequest, signal: AbortSignal): AsyncIterable<TurnPiece> {
      const { model } = state as Extract<HybridState, { by: 'model' }>;
      const window = contextWindowOf(model, upstream.options.contextTokens);
      const { params } = buildPrompt({ ...request, messages: request.threadMessages(window) }, window);
      const offersCode = params.tools?.some((tool) => tool.type === 'function' && tool.function.name === CODE_TOOL.function.name) === true;
      let madeCalls = false;
      for await (const piece of readTurn(upstream.complete(model, params, signal), offersCode ? WITH_CODE : SERVER_TOOLS)) {
        if (piece.type === 'call') madeCalls = true;
        if (piece.type !== 'end' || !offersCode) {
          yield piece;
          continue;
        }
        yield* serverSide(piece, madeCalls, request, signal);
      }
    },
  };
}

/**
 * How the turn ends once the model's server-side calls are answered. Its code_interpreter call runs in
 * the thread's sandbox and becomes the turn's code step (the run then goes on to its next turn). One
 * code call a turn: others the model made alongside it, or along with its own function calls (which
 * wait for the app's outputs), are not run.
 */
async function* serverSide(end: Extract<TurnPiece, { type: 'end' }>, madeCalls: boolean, request: TurnRequest, signal: AbortSignal): AsyncGenerator<TurnPiece> {
  const code = end.serverCalls.find((call) => call.name === CODE_TOOL.function.name);
  const others = end.serverCalls.filter((call) => call.name !== CODE_TOOL.function.name);
  if (!code || madeCalls || others.length > 0 || end.finish === 'length') {
    yield { ...end, serverCalls: others };
    return;
  }
  const input = codeOf(code.origin.arguments);
  const outputs = await request.runCode!(input);
  if (signal.aborted) return;
  yield { type: 'code', id: code.id, input, outputs, origin: code.origin, usage: end.usage };
}
