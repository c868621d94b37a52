import type { Usage } from './usage.js';

/**
 * What the "model" does next in a run, as a driver decides it. The scripted driver reads it from a
 * fixture; a model-backed driver would produce the same actions from a completion.
 */
export type Action = (
  /**
   * `literal`: the text is the model's own, `{{cite:N}}` in it is not a template. `source`: where the
   * driver finds this text again (`RunDriver.textOf`), so the engine need not store a long one with the run.
   */
  | { kind: 'say'; text: string; literal?: boolean; cutOff?: MessageCutOff; source?: string }
  /**
   * `cutOff`: the model stopped while writing the calls: they are not made, their step fails, the run ends.
   * `searches`: the same turn searched too: a file_search step after the calls step, before the run asks for outputs.
   * `textAfter`: the same turn wrote text after its calls: a message step after the calls step, before the searches.
   */
  | { kind: 'call'; calls: { name: string; arguments: string }[]; cutOff?: MessageCutOff; searches?: Search[]; textAfter?: string }
  | { kind: 'code_interpreter'; input: string; outputs: CodeOutput[] }
  /** Several searches are one step (a model turn that searched several times). */
  | { kind: 'file_search'; searches: Search[] }
  | { kind: 'fail'; code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt'; message: string }
  | { kind: 'incomplete'; reason: 'max_completion_tokens' | 'max_prompt_tokens' }
  /** The model wrote nothing: no step; the run completes, counting the turn's usage. */
  | { kind: 'empty' }
  /**
   * The driver answers in the background (`RunDriver.play`): a model asked over the network, or
   * `code` (a scripted code_interpreter step without outputs) run for real in the sandbox.
   */
  | { kind: 'turn'; code?: string }
) & {
  /** Milliseconds the run spends `in_progress` before this action starts. */
  delay: number;
  /** Milliseconds between streamed deltas. */
  pace: number;
  /** The step's usage as a model reported it (a recording); without it the engine estimates. */
  usage?: Usage;
};

/**
 * The model stopped in the middle of a message: it ends `incomplete` with this reason, and the run
 * with it: `incomplete` (`max_completion_tokens`) after `max_tokens`, `failed` with this error after `run_failed`.
 * In the middle of tool calls, their step fails (with this error after `run_failed`), and the run ends so.
 */
export type MessageCutOff =
  | { reason: 'max_tokens' }
  | { reason: 'run_failed'; code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt'; message: string };

/** A search of the run's vector stores (`results` undefined), or scripted results. */
export type Search = { query: string; results: FileSearchResult[] | undefined };

export type CodeOutput = { type: 'logs'; logs: string } | { type: 'image'; image: { file_id: string } };

export interface FileSearchResult {
  file_id: string;
  file_name: string;
  score: number;
  content: { type: 'text'; text: string }[];
}

/** A submitted tool output, kept for `{{outputs.name}}` templates in later steps. */
export interface SubmittedOutput {
  tool_call_id: string;
  name: string;
  output: string;
}
