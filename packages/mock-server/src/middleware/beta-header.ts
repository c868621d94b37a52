import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

/** Assistants, threads and vector stores need `OpenAI-Beta: assistants=v2`; the SDKs always send it. */
export function requireAssistantsBeta(): MiddlewareHandler {
  return async (c, next) => {
    const refused = betaHeaderError(c.req.header('openai-beta'));
    if (refused) throw refused;
    await next();
  };
}

/** The 400 for an `OpenAI-Beta` header that does not ask for assistants=v2, or `undefined` if it does. */
export function betaHeaderError(header: string | undefined): ApiError | undefined {
  // The SDKs send exactly this: the common case skips the split.
  if (header === 'assistants=v2') return undefined;
  const versions = (header ?? '').split(',').map((part) => part.trim());
  if (versions.includes('assistants=v2')) return undefined;
  const message = versions.includes('assistants=v1')
    ? "The v1 Assistants API has been deprecated. Please try again by setting the header 'OpenAI-Beta: assistants=v2'. See the migration guide for more information: https://platform.openai.com/docs/assistants/migration."
    : "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.";
  return new ApiError(400, { message, code: 'invalid_beta' });
}
