import type { RequiredActionFunctionToolCall, Run } from 'openai/resources/beta/threads/runs/runs';
import { Stopped, Stopper, untilAborted } from './stop.js';
import type { Tool } from './tools.js';
import type { RunEvent, ToolCallRecord, ToolErrorKind } from './types.js';

export interface DispatchContext {
  tools: ReadonlyMap<string, Tool>;
  toolTimeoutMs: number | undefined;
  /** Aborts every handler: the run is being stopped. */
  signal: AbortSignal;
  emit(event: RunEvent): void;
  /** Told of each call that ended in an error, as soon as it does. */
  onError(record: ToolCallRecord): void;
}

/**
 * Answers every call of a `requires_action` at once: all handlers run concurrently, and each call
 * gets exactly one output (an error text when the handler could not give one), so the outputs can
 * always be submitted together in the single request the API demands.
 */
export function dispatchToolCalls(run: Run, context: DispatchContext): Promise<ToolCallRecord[]> {
  const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
  return Promise.all(
    calls.map(async (call) => {
      context.emit({ type: 'tool_call.started', call: { id: call.id, name: call.function.name, arguments: call.function.arguments } });
      const record = await callTool(call, run, context);
      context.emit({ type: 'tool_call.finished', call: record });
      if (record.error) context.onError(record);
      return record;
    }),
  );
}

async function callTool(call: RequiredActionFunctionToolCall, run: Run, context: DispatchContext): Promise<ToolCallRecord> {
  const { name, arguments: raw } = call.function;
  const base = { id: call.id, name, arguments: raw };
  const failed = (kind: ToolErrorKind, message: string, extra: { args?: unknown; cause?: unknown } = {}): ToolCallRecord => ({
    ...base,
    ...('args' in extra && { args: extra.args }),
    output: JSON.stringify({ error: message }),
    error: { kind, message, ...('cause' in extra && { cause: extra.cause }) },
  });

  const tool = context.tools.get(name);
  if (!tool) {
    const known = [...context.tools.keys()].join(', ') || 'none';
    return failed('unknown_tool', `Unknown tool '${name}'. Available tools: ${known}.`);
  }
  let parsed: unknown;
  try {
    // Functions without parameters sometimes arrive with empty arguments rather than `{}`.
    parsed = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch (error) {
    return failed('invalid_json', `Arguments for '${name}' are not valid JSON: ${(error as Error).message}`);
  }
  const check = await tool.validate(parsed);
  if (!check.ok) return failed('invalid_arguments', `Invalid arguments for '${name}': ${check.problems}`, { args: parsed });

  const timeoutMs = tool.timeoutMs ?? context.toolTimeoutMs;
  const deadline = new Stopper(context.signal, timeoutMs);
  try {
    const result = await untilAborted(
      Promise.resolve().then(() => tool.handler(check.value as never, { callId: call.id, run, signal: deadline.signal })),
      deadline.signal,
    );
    return { ...base, args: check.value, output: serialise(result) };
  } catch (error) {
    if (error instanceof Stopped && error.reason.kind === 'timeout') {
      return failed('timeout', `Tool '${name}' did not answer within ${timeoutMs} ms.`, { args: check.value });
    }
    // The run itself is stopping: no output will be submitted.
    if (context.signal.aborted) throw context.signal.reason;
    const message = error instanceof Error ? error.message : String(error);
    return failed('handler_error', `Tool '${name}' failed: ${message}`, { args: check.value, cause: error });
  } finally {
    deadline.dispose();
  }
}

/** Strings as they are, everything else as JSON (`undefined`, like a missing value, as `null`). */
function serialise(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? 'null';
}
