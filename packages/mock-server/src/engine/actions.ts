/**
 * What the "model" does next in a run, as a driver decides it. The scripted driver reads it from a
 * fixture; a model-backed driver would produce the same actions from a completion.
 */
export type Action = (
  | { kind: 'say'; text: string }
  | { kind: 'call'; calls: { name: string; arguments: string }[] }
  | { kind: 'code_interpreter'; input: string; outputs: CodeOutput[] }
  | { kind: 'file_search'; query: string; results: FileSearchResult[] | undefined }
  | { kind: 'fail'; code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt'; message: string }
  | { kind: 'incomplete'; reason: 'max_completion_tokens' | 'max_prompt_tokens' }
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
};

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
