import type { ToolCall } from 'openai/resources/beta/threads/runs/steps';

/**
 * Deterministic token counts: about four characters a token (code points, so Korean counts fairly).
 * No tokenizer is bundled; tests need stable numbers, not exact ones.
 */
export const countTokens = (text: string): number => tokensOfLength(codePoints(text));

/**
 * The tokens a model writes for tool calls, when no model counted them: the function arguments and the
 * code (a file_search call writes nothing counted). One estimate, so a live turn whose upstream sent no
 * usage and its scripted replay report the same.
 */
export const toolCallsTokens = (calls: readonly ToolCall[]): number =>
  countTokens(calls.map((call) => (call.type === 'function' ? call.function.arguments : call.type === 'code_interpreter' ? call.code_interpreter.input : '')).join(''));

/** The tokens of a text `codePoints` long. */
export const tokensOfLength = (codePoints: number): number => Math.ceil(codePoints / 4);

const SURROGATE_PAIRS = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** `[...text].length` without building the array: a surrogate pair is one code point (a regex scan: a quarter of a loop's time). */
function codePoints(text: string): number {
  return text.length - (text.match(SURROGATE_PAIRS)?.length ?? 0);
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_token_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

/**
 * A run's or step's usage as the real service reports it: the counts, and the two detail objects the
 * seed notebooks show on both (`prompt_token_details`, spelled so, and `completion_tokens_details`),
 * which the spec and the SDK types leave out.
 */
export const usageOf = (prompt: number, completion: number): Usage => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  prompt_token_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
});

export const addUsage = (a: Usage | null, b: Usage | null): Usage =>
  usageOf((a?.prompt_tokens ?? 0) + (b?.prompt_tokens ?? 0), (a?.completion_tokens ?? 0) + (b?.completion_tokens ?? 0));
