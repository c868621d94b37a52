import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../deps.js';
import { ApiError } from '../errors.js';
import { ownerOf } from '../owner.js';

const NO_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.";

/** The real service's redaction of a key in its 401 message: the first 8 and last 4 characters (`sk-XG6GW***…***wlmi`). */
const redact = (key: string) => (key.length <= 12 ? key : `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`);

/** The key of an `Authorization: Bearer KEY` header, if it is one. */
export const bearerKey = (header: string | undefined) => /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];

/**
 * Bearer auth as the real API does it. The key also names the owner (a digest of it, see `ownerOf`):
 * objects are visible only to the key that created them, as OpenAI projects are isolated.
 */
export function bearerAuth(requiredKey: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearerKey(c.req.header('authorization'));
    const refused = authError(requiredKey, key);
    if (refused) throw refused;
    c.set('owner', ownerOf(key!));
    await next();
  };
}

/** The 401 for a request with this bearer key (`undefined`: none), or `undefined` if the key is accepted. */
export function authError(requiredKey: string | undefined, key: string | undefined): ApiError | undefined {
  if (key === undefined) return new ApiError(401, { message: NO_KEY });
  if (requiredKey === undefined || key === requiredKey) return undefined;
  return new ApiError(401, {
    message: `Incorrect API key provided: ${redact(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    code: 'invalid_api_key',
  });
}
