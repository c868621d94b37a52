import type { UpstreamOptions } from './upstream.js';

export interface UpstreamFlagValues {
  upstream?: string | undefined;
  'upstream-key-env'?: string | undefined;
  model?: string | undefined;
  'model-map'?: string[] | undefined;
  'live-only'?: boolean | undefined;
  'max-concurrent-upstream'?: string | undefined;
  'context-tokens'?: string | undefined;
}

/**
 * The upstream the flags describe, or undefined without `--upstream`. The key comes from the
 * environment variable named by `--upstream-key-env` (default OPENAI_API_KEY), never from a flag:
 * flags show in `ps`. Throws with the flag and the reason on a mistake.
 */
export function upstreamFromFlags(values: UpstreamFlagValues, env: NodeJS.ProcessEnv): (UpstreamOptions & { liveOnly: boolean }) | undefined {
  const { upstream: baseURL } = values;
  if (baseURL === undefined) {
    const stray = (['upstream-key-env', 'model', 'model-map', 'live-only', 'max-concurrent-upstream', 'context-tokens'] as const).find((flag) => values[flag] !== undefined);
    if (stray) throw new Error(`--${stray} needs --upstream <baseURL>.`);
    return undefined;
  }
  if (!URL.canParse(baseURL) || !/^https?:$/.test(new URL(baseURL).protocol)) throw new Error(`--upstream must be an http(s) URL, got '${baseURL}'.`);
  const keyName = values['upstream-key-env'] ?? 'OPENAI_API_KEY';
  const apiKey = env[keyName] || undefined;
  const models = Object.fromEntries(
    (values['model-map'] ?? []).map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0 || at === pair.length - 1) throw new Error(`--model-map takes FROM=TO, got '${pair}'.`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const maxConcurrent = positiveInteger(values, 'max-concurrent-upstream');
  const contextTokens = positiveInteger(values, 'context-tokens');
  return {
    baseURL,
    liveOnly: values['live-only'] === true,
    models,
    ...(apiKey !== undefined && { apiKey }),
    ...(values.model !== undefined && { model: values.model }),
    ...(maxConcurrent !== undefined && { maxConcurrent }),
    ...(contextTokens !== undefined && { contextTokens }),
  };
}

function positiveInteger(values: UpstreamFlagValues, flag: 'max-concurrent-upstream' | 'context-tokens'): number | undefined {
  const text = values[flag];
  const value = text === undefined ? undefined : Number(text);
  if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0)) throw new Error(`--${flag} must be a positive integer, got '${text}'.`);
  return value;
}
