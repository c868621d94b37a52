import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { TurnError } from '../engine/driver.js';
import type { ChatCompletionChunk, ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';

/** Where live runs go: any server that speaks OpenAI's Chat Completions. */
export interface UpstreamOptions {
  /** e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` (Ollama). */
  baseURL: string;
  /** Sent as `Authorization: Bearer …`; none is sent without it (Ollama needs none). Never stored. */
  apiKey?: string;
  /** Lets tests put an in-process upstream behind it. */
  fetch?: typeof fetch;
  /** Every run goes to this model. */
  model?: string;
  /** The assistant's model name → the upstream's (`gpt-4o` → `qwen2.5:7b`); otherwise sent as is. */
  models?: Record<string, string>;
  /** Retries of 408/409/429/5xx and connection errors, with the SDK's back-off (default 2, the SDK's). */
  maxRetries?: number;
  /** A stream that sends nothing for this long is given up (default 60 s). */
  stallTimeoutMs?: number;
  /** Upstream requests in flight at once; the other runs wait `queued` (default 16). */
  maxConcurrent?: number;
  /** The context window of models the server does not know (default 8,192 tokens); `auto` truncation fits threads to it. */
  contextTokens?: number;
  /** Model turns one run may take before it fails (a model looping on tools; default 24). */
  maxTurns?: number;
}

export type TurnParams = Omit<ChatCompletionCreateParamsBase, 'stream' | 'stream_options' | 'model'>;

export interface Upstream {
  readonly options: UpstreamOptions;
  /** The upstream model for a run's `model`. */
  modelFor(model: string): string;
  /** One streamed completion; throws `TurnError` (after the SDK's retries) or, when `signal` aborts, `APIUserAbortError`. */
  complete(model: string, params: TurnParams, signal: AbortSignal): AsyncIterable<ChatCompletionChunk>;
}

const DEFAULT_STALL_MS = 60_000;

export function createUpstream(options: UpstreamOptions): Upstream {
  const client = new OpenAI({
    baseURL: options.baseURL,
    // The SDK insists on a key; without one the Authorization header is removed altogether.
    apiKey: options.apiKey ?? 'none',
    ...(options.apiKey === undefined && { defaultHeaders: { Authorization: null } }),
    ...(options.fetch && { fetch: options.fetch }),
    maxRetries: options.maxRetries ?? 2,
    timeout: options.stallTimeoutMs ?? DEFAULT_STALL_MS,
    // Failures become the run's last_error; the SDK's console output would only repeat them.
    logLevel: 'off',
  });
  const redact = redactor(options.apiKey);
  return {
    options,
    modelFor: (model) => options.model ?? options.models?.[model] ?? model,
    async *complete(model, params, signal) {
      const stall = new AbortController();
      const aborted = () => stall.abort();
      signal.addEventListener('abort', aborted, { once: true });
      let stalled = false;
      let timer: NodeJS.Timeout | undefined;
      // One timer a stream, looked at when it fires (a timer reset at every chunk costs more than the chunk).
      const stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_MS;
      let lastChunkAt = 0;
      const check = () => {
        const quiet = performance.now() - lastChunkAt;
        if (quiet < stallMs) return void (timer = setTimeout(check, stallMs - quiet));
        stalled = true;
        stall.abort();
      };
      try {
        const stream = await client.chat.completions.create(
          { ...params, model, stream: true, stream_options: { include_usage: true } },
          { signal: stall.signal },
        );
        lastChunkAt = performance.now();
        timer = setTimeout(check, stallMs);
        for await (const chunk of stream) {
          lastChunkAt = performance.now();
          yield chunk;
        }
        // An aborted SDK stream just ends: say why.
        if (stall.signal.aborted) throw new APIUserAbortError();
      } catch (error) {
        if (signal.aborted) throw new APIUserAbortError();
        if (stalled) throw new TurnError('server_error', `The upstream model sent nothing for ${stallMs / 1000} s.`);
        throw classify(error, redact);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', aborted);
      }
    },
  };
}

/** An upstream failure as the run reports it: the upstream's own message, never its key. */
export function classify(error: unknown, redact: (text: string) => string): TurnError {
  if (error instanceof TurnError) return error;
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new TurnError('server_error', redact(`Could not reach the upstream model (${error.message}${cause}).`));
  }
  if (error instanceof APIError) {
    // Without a status it is an `error` sent in the middle of the stream.
    const message = redact(upstreamMessage(error));
    if (error.status === 429) return new TurnError('rate_limit_exceeded', message);
    if (error.status === 400 && isContextLength(error, message)) return new TurnError('invalid_prompt', message);
    return new TurnError('server_error', message);
  }
  // A body that is not Chat Completions (garbage, cut JSON) ends the turn too.
  const text = error instanceof Error ? error.message : String(error);
  return new TurnError('server_error', redact(`The upstream model sent an answer that could not be read: ${text}`));
}

function upstreamMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string' && body.message !== '') return body.message;
  return error.message;
}

function isContextLength(error: APIError, message: string): boolean {
  const code = (error.error as { code?: unknown } | undefined)?.code;
  return code === 'context_length_exceeded' || /context (length|window)|maximum context|too many tokens|prompt is too long/i.test(message);
}

/** Takes the key (and anything shaped like one, such as a provider's masked echo of it) out of a message. */
export function redactor(apiKey: string | undefined): (text: string) => string {
  return (text) => {
    const withoutKey = apiKey ? text.split(apiKey).join('[redacted]') : text;
    return withoutKey.replace(/\b(sk|rk|pk|gsk|key)[-_][A-Za-z0-9_*.\-]{4,}/g, '[redacted]');
  };
}
