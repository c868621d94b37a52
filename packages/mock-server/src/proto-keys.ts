/**
 * JSON objects may hold a key `__proto__`: to the API it is a key like any other (metadata
 * `{"__proto__": "x"}` is stored and returned). zod skips that key (neither checked nor kept), so while a
 * body is validated the key goes by a stand-in, and the validated value gets it back as an own property
 * (never a prototype). Only bodies the prescan saw such a key in pay for the walks.
 */
export const PROTO_STAND_IN = '__proto__\u0000';

type Rename = (key: string) => string;

export const hideProtoKeys = (value: unknown) => renameKeys(value, (key) => (key === '__proto__' ? PROTO_STAND_IN : key));

export const restoreProtoKeys = <T>(value: T) => renameKeys(value, (key) => (key === PROTO_STAND_IN ? '__proto__' : key)) as T;

/** A copy with every object key renamed (order kept), each set as an own data property. */
function renameKeys(value: unknown, rename: Rename): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = Object.getOwnPropertyDescriptor(value, key)!.value as unknown;
    Object.defineProperty(out, rename(key), { value: renameKeys(child, rename), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
