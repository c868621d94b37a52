import { randomFillSync, randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 24;
/** The same 62 characters in byte order, the order SQLite compares text in. */
const SORTED_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Leading characters that grow from one id to the next. */
const ORDERED_LENGTH = 7;
const ORDERED_RANGE = 62 ** ORDERED_LENGTH;

/** Random bytes drawn a page at a time: one system call serves many ids on the write path. */
const pool = Buffer.alloc(ID_LENGTH * 256);
let offset = pool.length;
/**
 * Ids sort in the order they are made: an index on `id` then takes each new row on the page the last
 * one went to, instead of on a random page each (a third of a write's cost with 10,000 messages), as
 * ULIDs and UUIDv7 do. It starts at a random point and moves by a random step, so ids still differ
 * from their first characters on; past the end it wraps round (the random rest keeps them unique).
 */
let ordered = randomInt(0, ORDERED_RANGE / 2);

/** The real service's ids: a prefix and 24 alphanumerics (`asst_`, `thread_`, `file-` ...). */
export function newId(prefix: string): string {
  if (offset + ID_LENGTH > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  ordered = (ordered + 1 + pool[offset]! * 8) % ORDERED_RANGE;
  let out = prefix + orderedDigits(ordered);
  for (let i = offset + ORDERED_LENGTH; i < offset + ID_LENGTH; i++) out += ALPHABET[pool[i]! % ALPHABET.length];
  offset += ID_LENGTH;
  return out;
}

/** `value` in ORDERED_LENGTH base-62 digits, most significant first, from the sorted alphabet. */
function orderedDigits(value: number): string {
  let digits = '';
  for (let i = 0; i < ORDERED_LENGTH; i++, value = Math.floor(value / 62)) digits = SORTED_ALPHABET[value % 62]! + digits;
  return digits;
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
