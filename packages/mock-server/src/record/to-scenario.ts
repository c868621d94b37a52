import type { HistoryMessage, ScenarioInput } from '@assistants-mock/fixtures';
import type { Action, MessageCutOff, Search, SubmittedOutput } from '../engine/actions.js';

/** A finished run as the recorder sees it: what it was asked, and what the model did, in order. */
export interface RunRecording {
  assistant: { name: string | null; model: string };
  /** The newest user message (null: the thread had none). */
  message: string | null;
  /** The thread's other messages, oldest first. */
  history: readonly HistoryMessage[];
  /** The model's actions; a `call` carries the tool outputs submitted for it, in the order submitted. */
  steps: readonly RecordedStep[];
}

export interface RecordedStep {
  action: Exclude<Action, { kind: 'turn' }>;
  outputs?: readonly SubmittedOutput[];
}

type ScriptStepInput = ScenarioInput['script'][number];

/**
 * The scenario that replays a recorded run. It matches on what the run was asked (the assistant by
 * name, the newest user message exactly, the thread's other messages) and never on ids or times, so
 * it matches the same conversation in a fresh server. Steps keep the model's exact text (citation
 * markers as written, so replay resolves them against its own search results) and exact arguments.
 */
export function toScenario(recording: RunRecording, name: string): ScenarioInput {
  const { assistant, message, history } = recording;
  return {
    name,
    match: {
      assistant: assistant.name === null ? { model: assistant.model } : { name: assistant.name },
      ...(message !== null && { message: { equals: message } }),
      history: history.map((entry) => (entry.role === 'user' ? { user: entry.text } : { assistant: entry.text })),
    },
    script: recording.steps.flatMap(toSteps),
  };
}

/** A step, with the usage the model reported for it; a message or calls cut off by a failure, then that failure. */
function toSteps({ action, outputs }: RecordedStep): ScriptStepInput[] {
  const usage = action.usage && {
    usage: { prompt_tokens: action.usage.prompt_tokens, completion_tokens: action.usage.completion_tokens, total_tokens: action.usage.total_tokens },
  };
  switch (action.kind) {
    case 'say': {
      const { text, literal, cutOff } = action;
      return endedBy(cutOff, { say: text, ...(literal && { literal: true }), ...(cutOff && { cut_off: true }), ...usage });
    }
    case 'call': {
      const { calls, cutOff, searches, textAfter } = action;
      const searched = searches && { searched: queriesOf(searches) };
      const saidAfter = textAfter !== undefined && { said_after: textAfter };
      return endedBy(cutOff, { call: callsOf(calls), ...searched, ...saidAfter, ...(outputs && { outputs: outputs.map((o) => o.output) }), ...(cutOff && { cut_off: true }), ...usage });
    }
    case 'file_search':
      return [{ file_search: queriesOf(action.searches), ...usage }];
    case 'code_interpreter': {
      const outputs = action.outputs.map((output) => (output.type === 'logs' ? { logs: output.logs } : { image: output.image.file_id }));
      return [{ code_interpreter: { input: action.input, ...(outputs.length > 0 && { outputs }) }, ...usage }];
    }
    case 'fail':
      return [{ fail: { code: action.code, message: action.message } }];
    case 'incomplete':
      return [{ incomplete: action.reason }];
    case 'empty':
      return [{ empty: true, ...usage }];
  }
}

/** No results: replay searches its own vector stores, so results and citations name its own files. */
function queriesOf(searches: readonly Search[]) {
  const queries = searches.map(({ query }) => ({ query }));
  return queries.length === 1 ? queries[0]! : queries;
}

/** A step the model was cut off in by a failure is followed by that failure (the `fail` step the load requires). */
const endedBy = (cutOff: MessageCutOff | undefined, step: ScriptStepInput): ScriptStepInput[] =>
  cutOff?.reason === 'run_failed' ? [step, { fail: { code: cutOff.code, message: cutOff.message } }] : [step];

/**
 * One call is `{ name: args }`; parallel calls a list of those (names may repeat). Arguments stay an
 * object, which reads best, only when the scripted driver writes it back byte for byte; otherwise the
 * model's own string is kept.
 */
function callsOf(calls: readonly { name: string; arguments: string }[]) {
  const entries = calls.map((call) => ({ [call.name]: exactArguments(call.arguments) }));
  return entries.length === 1 ? entries[0]! : entries;
}

function exactArguments(text: string): Record<string, unknown> | string {
  try {
    const parsed: unknown = JSON.parse(text);
    const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    return isObject && JSON.stringify(parsed) === text ? (parsed as Record<string, unknown>) : text;
  } catch {
    return text;
  }
}
