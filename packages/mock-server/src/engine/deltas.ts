import type { Message, MessageDeltaEvent, Annotation } from 'openai/resources/beta/threads/messages';
import type { RunStep, RunStepDeltaEvent, ToolCall } from 'openai/resources/beta/threads/runs/steps';

/**
 * One streamed piece of the step being produced. The stored message or step is the merge of its
 * deltas, so a retrieve in the middle of a step sees exactly what a stream has shown so far.
 */
export type Delta =
  | { target: 'message'; value: string; annotations: Annotation[]; opensText?: boolean }
  | { target: 'step'; index: number; toolCall: Record<string, unknown> };

/** Splits text into word-sized pieces that lead with their space (`Hello`, ` today`), as model tokens do. */
export function chunkText(text: string): string[] {
  return text.match(/\s*\S+|\s+/gu) ?? [];
}

/** Text deltas; each annotation rides on the delta in which its cited span ends. */
export function messageDeltas(text: string, annotations: Annotation[]): Delta[] {
  const deltas: Delta[] = [];
  let end = 0;
  for (const value of chunkText(text)) {
    const start = end;
    end += value.length;
    const riding = annotations.filter((a) => a.end_index > start && a.end_index <= end);
    deltas.push({ target: 'message', value, annotations: riding, ...(start === 0 && { opensText: true }) });
  }
  if (deltas.length === 0) deltas.push({ target: 'message', value: '', annotations: [], opensText: true });
  return deltas;
}

/** Deltas that build one tool call: a header with its id and type, then its payload in pieces. */
export function toolCallDeltas(index: number, call: ToolCall): Delta[] {
  const step = (toolCall: Record<string, unknown>): Delta => ({ target: 'step', index, toolCall });
  switch (call.type) {
    case 'function':
      return [
        step({ id: call.id, type: 'function', function: { name: call.function.name, arguments: '', output: null } }),
        ...chunkText(call.function.arguments).map((piece) => step({ type: 'function', function: { arguments: piece } })),
      ];
    case 'code_interpreter':
      return [
        step({ id: call.id, type: 'code_interpreter', code_interpreter: { input: '', outputs: [] } }),
        ...chunkText(call.code_interpreter.input).map((piece) => step({ type: 'code_interpreter', code_interpreter: { input: piece } })),
        ...(call.code_interpreter.outputs.length > 0
          ? [step({ type: 'code_interpreter', code_interpreter: { outputs: call.code_interpreter.outputs.map((o, i) => ({ index: i, ...o })) } })]
          : []),
      ];
    case 'file_search':
      return [step({ id: call.id, type: 'file_search', file_search: {} })];
  }
}

/** The stream event for a delta. */
export function deltaEvent(delta: Delta, message: Message | null, step: RunStep | null) {
  if (delta.target === 'message') {
    const data: MessageDeltaEvent = {
      id: message!.id,
      object: 'thread.message.delta',
      delta: {
        content: [
          {
            index: 0,
            type: 'text',
            // The delta that opens the text part carries `annotations: []` (the SDK's snapshot starts
            // from it); later ones carry annotations only when one ends in them.
            text: {
              value: delta.value,
              ...((delta.opensText || delta.annotations.length > 0) && {
                annotations: delta.annotations.map((a) => ({ index: annotationIndex(message!, a), ...a })),
              }),
            },
          },
        ],
      },
    };
    return { event: 'thread.message.delta' as const, data };
  }
  const data = {
    id: step!.id,
    object: 'thread.run.step.delta',
    delta: { step_details: { type: 'tool_calls', tool_calls: [{ index: delta.index, ...delta.toolCall }] } },
  } as RunStepDeltaEvent;
  return { event: 'thread.run.step.delta' as const, data };
}

function annotationIndex(message: Message, annotation: Annotation): number {
  const part = message.content[0];
  const annotations = part?.type === 'text' ? part.text.annotations : [];
  const found = annotations.findIndex((a) => a.start_index === annotation.start_index && a.end_index === annotation.end_index);
  return found === -1 ? annotations.length : found;
}

/** Merges a message delta into the stored message. */
export function mergeMessageDelta(message: Message, delta: Extract<Delta, { target: 'message' }>): Message {
  const current = message.content[0];
  const text = current?.type === 'text' ? current.text : { value: '', annotations: [] };
  return {
    ...message,
    content: [{ type: 'text', text: { value: text.value + delta.value, annotations: [...text.annotations, ...delta.annotations] } }],
  };
}

/** Merges a tool-call delta into the stored step, the way the SDK accumulates them. */
export function mergeStepDelta(step: RunStep, delta: Extract<Delta, { target: 'step' }>): RunStep {
  const details = step.step_details;
  if (details.type !== 'tool_calls') return step;
  const calls = [...details.tool_calls];
  calls[delta.index] = mergeToolCall(calls[delta.index], delta.toolCall);
  return { ...step, step_details: { type: 'tool_calls', tool_calls: calls } };
}

function mergeToolCall(current: ToolCall | undefined, piece: Record<string, unknown>): ToolCall {
  if (!current) return structuredClone(piece) as unknown as ToolCall;
  const next = structuredClone(current) as unknown as Record<string, Record<string, unknown>>;
  for (const [key, value] of Object.entries(piece)) {
    if (key === 'id' || key === 'type' || typeof value !== 'object' || value === null) continue;
    const target = next[key] ?? (next[key] = {});
    for (const [field, addition] of Object.entries(value as Record<string, unknown>)) {
      const existing = target[field];
      if (typeof addition === 'string' && typeof existing === 'string') target[field] = existing + addition;
      else if (Array.isArray(addition) && Array.isArray(existing))
        target[field] = [...existing, ...addition.map(({ index: _index, ...rest }) => rest)];
      else target[field] = addition;
    }
  }
  return next as unknown as ToolCall;
}
