import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { TurnError, type CallOrigin, type TurnPiece } from '../engine/driver.js';
import { ID_PREFIX, newId } from '../ids.js';
import { usageOf, type Usage } from '../engine/usage.js';

interface PendingCall {
  upstreamId: string;
  name: string;
  arguments: string;
  /** The run's id for it (`call_` + 24 alphanumerics), whatever form the upstream's own id has. */
  id: string;
  /** Its index in the run step's `tool_calls`, once opened (function calls only). */
  stepIndex: number | null;
}

/**
 * Reads a streamed completion as turn pieces. Tool-call deltas accumulate by `index` the way the SDK's
 * ChatCompletionStream does (id and name when they come, arguments appended); a function call opens
 * once its name is known, and each one gets the run's own id. Calls to `serverTools` (file_search) are
 * not shown as they arrive: the server answers them when the turn ends.
 */
export async function* readTurn(chunks: AsyncIterable<ChatCompletionChunk>, serverTools: ReadonlySet<string>): AsyncGenerator<TurnPiece> {
  const calls: PendingCall[] = [];
  let opened = 0;
  let finish: Extract<TurnPiece, { type: 'end' }>['finish'] | null = null;
  let usage: Extract<TurnPiece, { type: 'end' }>['usage'] = null;
  for await (const chunk of chunks) {
    if (chunk.usage) usage = usageFrom(chunk.usage);
    // n = 1: only the first choice is the model's answer.
    const choice = chunk.choices?.find((c) => c.index === 0);
    if (!choice) continue;
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string' && delta.content !== '') yield { type: 'text', value: delta.content };
    for (const piece of delta.tool_calls ?? []) {
      const call = (calls[piece.index] ??= { upstreamId: '', name: '', arguments: '', id: newId(ID_PREFIX.toolCall), stepIndex: null });
      if (piece.id) call.upstreamId = piece.id;
      if (piece.function?.name) call.name = piece.function.name;
      const added = piece.function?.arguments ?? '';
      call.arguments += added;
      if (call.stepIndex === null && call.name !== '' && !serverTools.has(call.name)) {
        call.stepIndex = opened++;
        yield { type: 'call', index: call.stepIndex, id: call.id, name: call.name, origin: originOf(call) };
        if (call.arguments !== '') yield { type: 'arguments', index: call.stepIndex, value: call.arguments };
      } else if (call.stepIndex !== null && added !== '') {
        yield { type: 'arguments', index: call.stepIndex, value: added };
      }
    }
    if (choice.finish_reason) finish = choice.finish_reason === 'function_call' ? 'tool_calls' : choice.finish_reason;
  }
  if (finish === null) throw new TurnError('server_error', 'The upstream model stream ended before the model finished its answer.');
  const serverCalls = calls.filter((call) => serverTools.has(call.name)).map((call) => ({ id: call.id, name: call.name, origin: originOf(call) }));
  yield { type: 'end', finish, usage, serverCalls };
}

/** The upstream's usage in the run's shape, its cached and reasoning tokens kept. */
function usageFrom(usage: NonNullable<ChatCompletionChunk['usage']>): Usage {
  return {
    ...usageOf(usage.prompt_tokens, usage.completion_tokens),
    prompt_token_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
  };
}

/** The upstream's own id is sent back in later turns; a provider that gives none gets the run's. */
const originOf = (call: PendingCall): CallOrigin => ({ upstreamId: call.upstreamId || call.id, name: call.name, arguments: call.arguments });
