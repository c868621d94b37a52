import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 24;

/** Random bytes drawn a page at a time: one system call serves many ids on the write path. */
const pool = Buffer.alloc(ID_LENGTH * 256);
let offset = pool.length;

/** The real service's ids: a prefix and 24 random alphanumerics (`asst_`, `thread_`, `file-` ...). */
export function newId(prefix: string): string {
  if (offset + ID_LENGTH > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  let out = prefix;
  for (let i = offset; i < offset + ID_LENGTH; i++) out += ALPHABET[pool[i]! % ALPHABET.length];
  offset += ID_LENGTH;
  return out;
}

export const ID_PREFIX = {
  assistant: 'asst_',
  thread: 'thread_',
  message: 'msg_',
  run: 'run_',
  step: 'step_',
  toolCall: 'call_',
  file: 'file-',
  vectorStore: 'vs_',
  fileBatch: 'vsfb_',
} as const;
