import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

/** Assistants, threads and vector stores need `OpenAI-Beta: assistants=v2`; the SDKs always send it. */
export function requireAssistantsBeta(): MiddlewareHandler {
  return async (c, next) => {
    const beta = c.req.header('openai-beta') ?? '';
    const versions = beta.split(',').map((part) => part.trim());
    if (!versions.includes('assistants=v2')) {
      const message = versions.includes('assistants=v1')
        ? "The v1 Assistants API has been deprecated. Please try again by setting the header 'OpenAI-Beta: assistants=v2'. See the migration guide for more information: https://platform.openai.com/docs/assistants/migration."
        : "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.";
      throw new ApiError(400, { message, code: 'invalid_beta' });
    }
    await next();
  };
}
