import type { z } from 'zod';
import { ApiError } from './errors.js';
import { candidates, childCandidates, entryLimit, keyedChildren } from './schema-path.js';

type Schema = z.core.$ZodType;

/** Deeper than any real schema or payload (32 levels of compound search filters take 67), far short of what recursion over the parsed value survives. */
export const MAX_DEPTH = 100;
/** Entries in one array or object where the schema sets no lower bound. */
export const MAX_ENTRIES = 10_000;
/** JSON values in one body: what zod, the store and the presenters may walk. */
export const MAX_VALUES = 250_000;
/** A key longer than this is shown cut in a param name (no known field comes near it). */
const KEY_BYTES_KEPT = 128;
/** Strings are scanned byte by byte this far, then with `indexOf` (whose call costs more than a short string). */
const SHORT_STRING_BYTES = 64;

interface Frame {
  array: boolean;
  /** Entries seen so far (elements, or keys). */
  count: number;
  /** The most entries this container may hold: the schema's bound, or the generic cap. */
  limit: number;
  /** The schemas this container's value could be checked against ([] = unknown: no declared bounds below). */
  schemas: Schema[];
  /** The schemas of every child, when they do not depend on the key (arrays, records). */
  childSchemas: Schema[] | null;
  /** This container's key in its parent, for a param name. */
  key: string | number | null;
}

/** What the scan learnt besides "within bounds". */
export interface ScanResult {
  /** Some object has a key `__proto__`, which needs care to survive as data (see proto-keys.ts). */
  protoKey: boolean;
}

const PROTO = Buffer.from('__proto__');

/**
 * A linear, chunk-at-a-time pass over JSON text that tracks only its structure: nesting depth, entries
 * per container and values in all, checked against `schema`'s declared bounds (`.max()` on arrays,
 * `maxProperties` on records) and generic caps. A body over a bound is refused before anything is
 * built from it, with the 400 zod would give for a declared bound. Malformed JSON is left to JSON.parse.
 */
export class JsonPrescan {
  private readonly stack: Frame[] = [];
  private readonly root: Schema[];
  private inString = false;
  private stringIsKey = false;
  /** Backslashes immediately before the current position inside a string (across chunk boundaries). */
  private backslashes = 0;
  private inScalar = false;
  private expectKey = false;
  private readonly keyBytes = new Uint8Array(KEY_BYTES_KEPT);
  private keyLength = 0;
  private keyEscaped = false;
  private keyTooLong = false;
  private values = 0;
  /** Some container is over its bound: the body will be refused for that, once it is counted to its end. */
  private overBound = false;
  private failure: ApiError | null = null;
  readonly result: ScanResult = { protoKey: false };

  constructor(schema: Schema | undefined) {
    this.root = schema ? candidates(schema) : [];
  }

  /** The refusal found so far: once set, later chunks need not be scanned. */
  get refused(): ApiError | null {
    return this.failure;
  }

  scan(chunk: Uint8Array): void {
    let i = 0;
    const length = chunk.length;
    while (i < length && this.failure === null) {
      if (this.inString) {
        i = this.scanString(chunk, i);
        continue;
      }
      const byte = chunk[i++]!;
      switch (byte) {
        case 0x7b: // {
        case 0x5b: // [
          this.inScalar = false;
          this.open(byte === 0x5b);
          break;
        case 0x7d: // }
        case 0x5d: // ]
          this.inScalar = false;
          this.close();
          break;
        case 0x22: // "
          this.inScalar = false;
          this.inString = true;
          this.backslashes = 0;
          this.stringIsKey = this.expectKey;
          if (this.stringIsKey) this.startKey();
          else this.valueStarts();
          break;
        case 0x2c: // ,
          this.inScalar = false;
          this.expectKey = this.stack[this.stack.length - 1]?.array === false;
          break;
        case 0x3a: // :
        case 0x20:
        case 0x09:
        case 0x0a:
        case 0x0d:
          this.inScalar = false;
          break;
        default:
          if (!this.inScalar) {
            this.inScalar = true;
            this.valueStarts();
          }
      }
    }
  }

  /** Called at the end of the body: a container left open over its bound is still refused. */
  finish(): void {
    for (const frame of this.stack) if (this.failure === null && frame.count > frame.limit) this.failure = this.tooMany(frame);
  }

  /**
   * To the closing quote (one after an odd run of backslashes is escaped): byte by byte for the first
   * bytes, as most strings are short, then from quote to quote with the native `indexOf`.
   */
  private scanString(chunk: Uint8Array, from: number): number {
    const length = chunk.length;
    const shortEnd = Math.min(length, from + SHORT_STRING_BYTES);
    let backslashes = this.backslashes;
    let i = from;
    let found = false;
    for (; i < shortEnd; i++) {
      const byte = chunk[i]!;
      if (byte === 0x22 && (backslashes & 1) === 0) {
        found = true;
        break;
      }
      backslashes = byte === 0x5c ? backslashes + 1 : 0;
    }
    while (!found && i < length) {
      const quote = chunk.indexOf(0x22, i);
      const end = quote === -1 ? length : quote;
      let run = 0;
      while (end - run - 1 >= i && chunk[end - run - 1] === 0x5c) run++;
      backslashes = run === end - i ? backslashes + run : run;
      if (quote === -1) i = length;
      else if ((backslashes & 1) === 0) {
        i = quote;
        found = true;
      } else {
        backslashes = 0;
        i = quote + 1;
      }
    }
    this.backslashes = backslashes;
    if (this.stringIsKey) this.keepKeyBytes(chunk, from, i);
    if (!found) return length;
    this.inString = false;
    if (this.stringIsKey) this.endKey();
    return i + 1;
  }

  private valueStarts(): void {
    if (++this.values > MAX_VALUES && !this.overBound) {
      this.failure = new ApiError(413, {
        message: `Request body too large: it holds more than ${MAX_VALUES} JSON values.`,
        code: 'request_too_large',
      });
      return;
    }
    const top = this.stack[this.stack.length - 1];
    if (top?.array) this.countEntry(top);
  }

  private countEntry(frame: Frame): void {
    frame.count++;
    if (frame.count === frame.limit + 1) {
      this.overBound = true;
      // Children of a container already refused are not looked up any more; it is counted to its end.
      frame.schemas = [];
      frame.childSchemas = [];
    }
  }

  private startKey(): void {
    this.keyLength = 0;
    this.keyEscaped = false;
    this.keyTooLong = false;
    this.expectKey = false;
    const top = this.stack[this.stack.length - 1];
    if (top) this.countEntry(top);
  }

  private keepKeyBytes(chunk: Uint8Array, from: number, to: number): void {
    const stop = Math.min(to, from + KEY_BYTES_KEPT - this.keyLength);
    for (let i = from; i < stop; i++) {
      if (chunk[i] === 0x5c) this.keyEscaped = true;
      this.keyBytes[this.keyLength++] = chunk[i]!;
    }
    if (stop < to) this.keyTooLong = true;
  }

  private endKey(): void {
    if (this.keyLength === PROTO.length && !this.keyEscaped && PROTO.equals(this.keyBytes.subarray(0, PROTO.length))) this.result.protoKey = true;
    else if (this.keyEscaped && this.decodeKey() === '__proto__') this.result.protoKey = true;
  }

  /** The last key read, as text (cut if long: it only names a param then). */
  private decodeKey(): string {
    const raw = Buffer.from(this.keyBytes.buffer, 0, this.keyLength).toString('utf8');
    let text = raw;
    if (this.keyEscaped) {
      try {
        text = JSON.parse(`"${raw}"`) as string;
      } catch {
        text = raw;
      }
    }
    return this.keyTooLong ? `${text}…` : text;
  }

  private open(array: boolean): void {
    const parent = this.stack[this.stack.length - 1];
    this.valueStarts();
    if (this.failure) return;
    const key = parent === undefined ? null : parent.array ? parent.count - 1 : this.decodeKey();
    if (this.stack.length >= MAX_DEPTH) {
      this.failure = this.tooDeep(key);
      return;
    }
    const schemas = parent === undefined ? this.root : this.childSchemasOf(parent, key!);
    const declared = entryLimit(schemas, array ? 'array' : 'object');
    const limit = Math.min(declared ?? MAX_ENTRIES, MAX_ENTRIES);
    this.stack.push({ array, count: 0, limit, schemas, childSchemas: null, key });
    this.expectKey = !array;
  }

  private childSchemasOf(parent: Frame, key: string | number): Schema[] {
    if (parent.schemas.length === 0) return [];
    if (keyedChildren(parent.schemas)) return childCandidates(parent.schemas, key);
    parent.childSchemas ??= childCandidates(parent.schemas, key);
    return parent.childSchemas;
  }

  private close(): void {
    const frame = this.stack.pop();
    this.expectKey = false;
    if (frame && frame.count > frame.limit) {
      this.stack.push(frame);
      this.failure = this.tooMany(frame);
    }
  }

  private param(extra: string | number | null = null): string {
    const keys = [...this.stack.map((frame) => frame.key), extra].filter((key) => key !== null);
    let out = '';
    for (const key of keys) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
    return out;
  }

  private tooDeep(key: string | number | null): ApiError {
    const param = this.param(key);
    return new ApiError(400, {
      message: `Invalid '${param || 'body'}': nested too deeply. Expected at most ${MAX_DEPTH} levels of nested arrays and objects.`,
      param: param || null,
      code: 'invalid_value',
    });
  }

  /** Worded as zod's bound errors are (validation.ts), so a declared bound reads the same either way. */
  private tooMany(frame: Frame): ApiError {
    const param = this.param();
    const name = param || 'body';
    const message = frame.array
      ? `Invalid '${name}': array too long. Expected an array with maximum length ${frame.limit}, but got an array with length ${frame.count} instead.`
      : `Invalid '${name}': too many properties. Expected an object with at most ${frame.limit} properties, but got an object with ${frame.count} properties instead.`;
    return new ApiError(400, { message, param: param || null, code: frame.array ? 'array_above_max_length' : 'object_above_max_size' });
  }
}
