/**
 * Deterministic token counts: about four characters a token (code points, so Korean counts fairly).
 * No tokenizer is bundled; tests need stable numbers, not exact ones.
 */
export const countTokens = (text: string): number => tokensOfLength([...text].length);

/** The tokens of a text `codePoints` long. */
export const tokensOfLength = (codePoints: number): number => Math.ceil(codePoints / 4);

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export const usageOf = (prompt: number, completion: number): Usage => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
});

export const addUsage = (a: Usage | null, b: Usage | null): Usage =>
  usageOf((a?.prompt_tokens ?? 0) + (b?.prompt_tokens ?? 0), (a?.completion_tokens ?? 0) + (b?.completion_tokens ?? 0));
