import type { Message, MessageDeltaEvent, Annotation } from 'openai/resources/beta/threads/messages';
import type { RunStep, RunStepDeltaEvent, ToolCall } from 'openai/resources/beta/threads/runs/steps';
import type { StepContent } from './snapshot.js';

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

/** Whether a UTF-16 code unit is `\s` in a regular expression. */
function isSpace(unit: number): boolean {
  if (unit <= 32) return unit === 32 || (unit >= 9 && unit <= 13);
  if (unit < 0xa0) return false;
  return (
    unit === 0xa0 || unit === 0x1680 || (unit >= 0x2000 && unit <= 0x200a) || unit === 0x2028 || unit === 0x2029 ||
    unit === 0x202f || unit === 0x205f || unit === 0x3000 || unit === 0xfeff
  );
}

/** Where the `chunkText` piece starting at `start` ends: its leading space, then its word (a scan, faster than a sticky regex). */
function pieceEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isSpace(text.charCodeAt(end))) end++;
  while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
  return end;
}

/** The deltas of a step's tool calls, built once per content object (a settle plays many of them). */
const callDeltas = new WeakMap<ToolCall[], Delta[]>();

/**
 * The delta of a step's content at `position` (`Progress.shown`) and the position after it, or null
 * when all are out. Built one at a time, so a step starts streaming at once however long its content:
 * text deltas are the pieces of `chunkText`, each annotation riding on the delta in which its cited
 * span ends; text with no pieces still gets the one empty delta that opens it.
 */
export function deltaAt(content: StepContent, position: number): { delta: Delta; next: number } | null {
  if (content.kind === 'calls') {
    let deltas = callDeltas.get(content.calls);
    if (!deltas) callDeltas.set(content.calls, (deltas = content.calls.flatMap((call, index) => toolCallDeltas(index, call))));
    const delta = deltas[position];
    return delta ? { delta, next: position + 1 } : null;
  }
  const { text, annotations } = content;
  if (text === '') return position === 0 ? { delta: { target: 'message', value: '', annotations: [], opensText: true }, next: 1 } : null;
  if (position >= text.length) return null;
  const end = pieceEnd(text, position);
  const value = text.slice(position, end);
  const riding = annotations.length === 0 ? annotations : annotations.filter((a) => a.end_index > position && a.end_index <= end);
  const delta: Delta = position === 0 ? { target: 'message', value, annotations: riding, opensText: true } : { target: 'message', value, annotations: riding };
  return { delta, next: end };
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
/**
 * The stream event for a delta of the message or step `objectId`; `annotations` are the message's
 * annotations with this delta's merged in (an annotation's `index` is its place among them; the
 * list may grow later, as it only ever grows at its end). A text delta's event is built when read:
 * a long answer's events cost little until a stream writes them out.
 */
export function deltaEvent(delta: Delta, objectId: string, annotations: readonly Annotation[]) {
  if (delta.target === 'message') return new TextDeltaEvent(delta, objectId, annotations);
  const data = {
    id: objectId,
    object: 'thread.run.step.delta',
    delta: { step_details: { type: 'tool_calls', tool_calls: [{ index: delta.index, ...delta.toolCall }] } },
  } as RunStepDeltaEvent;
  return { event: 'thread.run.step.delta' as const, data };
}

class TextDeltaEvent {
  readonly event = 'thread.message.delta' as const;

  constructor(
    private readonly delta: Extract<Delta, { target: 'message' }>,
    private readonly messageId: string,
    private readonly annotations: readonly Annotation[],
  ) {}

  get data(): MessageDeltaEvent {
    const { delta, annotations } = this;
    return {
      id: this.messageId,
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
                annotations: delta.annotations.map((a) => ({ index: annotationIndex(annotations, a), ...a })),
              }),
            },
          },
        ],
      },
    };
  }

  toJSON() {
    return { event: this.event, data: this.data };
  }
}

function annotationIndex(annotations: readonly Annotation[], annotation: Annotation): number {
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
  // Copies only what the piece changes: cloning the whole call at every piece is quadratic in its length.
  const next = { ...current } as unknown as Record<string, Record<string, unknown>>;
  for (const [key, value] of Object.entries(piece)) {
    if (key === 'id' || key === 'type' || typeof value !== 'object' || value === null) continue;
    const target = (next[key] = { ...next[key] });
    for (const [field, addition] of Object.entries(value as Record<string, unknown>)) {
      const existing = target[field];
      if (typeof addition === 'string' && typeof existing === 'string') target[field] = existing + addition;
      else if (Array.isArray(addition) && Array.isArray(existing))
        target[field] = [...existing, ...addition.map(({ index: _index, ...rest }) => rest)];
      else target[field] = structuredClone(addition);
    }
  }
  return next as unknown as ToolCall;
}
