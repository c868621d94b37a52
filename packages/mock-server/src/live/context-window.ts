/**
 * Context windows (in tokens) of common models, by name prefix: the longest prefix that a model's name
 * starts with wins (`gpt-4o-mini` is `gpt-4o`'s, `qwen2.5:7b` is `qwen2.5`'s). What a local server
 * really gives a model can be less (Ollama's `num_ctx`): `--context-tokens` covers the models not here.
 */
const KNOWN_WINDOWS: readonly (readonly [prefix: string, tokens: number])[] = [
  ['gpt-5', 400_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-4o', 128_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-4', 8_192],
  ['gpt-3.5-turbo', 16_385],
  ['o1-mini', 128_000],
  ['o1', 200_000],
  ['o3', 200_000],
  ['o4-mini', 200_000],
  ['llama3.1', 131_072],
  ['llama3.2', 131_072],
  ['llama3.3', 131_072],
  ['llama3', 8_192],
  ['qwen2.5', 32_768],
  ['qwen3', 40_960],
  ['mistral', 32_768],
  ['gemma2', 8_192],
  ['gemma3', 131_072],
];

/** For a model no table entry names (a local model under its own name). */
export const DEFAULT_CONTEXT_TOKENS = 8_192;

/** The context window of `model` (the upstream's name for it), or `fallback` when it is not a known one. */
export function contextWindowOf(model: string, fallback = DEFAULT_CONTEXT_TOKENS): number {
  const name = model.toLowerCase().replace(/^.*\//, ''); // `openai/gpt-4o` (OpenRouter) is gpt-4o
  let best: readonly [string, number] | undefined;
  for (const entry of KNOWN_WINDOWS) if (name.startsWith(entry[0]) && entry[0].length > (best?.[0].length ?? 0)) best = entry;
  return best?.[1] ?? fallback;
}

/**
 * How many prompt tokens a turn may send in a window of `contextTokens`: the rest is the answer's room,
 * the completion budget left but no more than a quarter of the window (and 4,096 tokens).
 */
export function promptRoom(contextTokens: number, completionBudget: number): number {
  return contextTokens - Math.min(completionBudget, 4_096, Math.floor(contextTokens / 4));
}
