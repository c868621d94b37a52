import { createHash } from 'node:crypto';

/**
 * The owner of a key's objects: a digest of the bearer key, never the key itself, so no key reaches
 * the database, the journals or the logs. The same key always names the same owner.
 */
export function ownerOf(apiKey: string): string {
  if (last?.apiKey !== apiKey) last = { apiKey, owner: `key_${createHash('sha256').update(apiKey).digest('hex').slice(0, 32)}` };
  return last.owner;
}

/**
 * The last key digested: a request asks for its key's owner two or three times (journal, auth, reads),
 * and most requests carry the same key as the one before. Held in memory only, as the request itself is.
 */
let last: { apiKey: string; owner: string } | undefined;
