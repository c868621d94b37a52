import { createHash } from 'node:crypto';

/**
 * The owner of a key's objects: a digest of the bearer key, never the key itself, so no key reaches
 * the database, the journals or the logs. The same key always names the same owner.
 */
export const ownerOf = (apiKey: string): string => `key_${createHash('sha256').update(apiKey).digest('hex').slice(0, 32)}`;
