/** Hostile input for the fuzz test, as fast-check arbitraries: the same seed always throws the same requests. */
import fc from 'fast-check';

export type Random = () => number;

/** mulberry32: tiny, fast and good enough to pick cases reproducibly (the model check draws its choices with it). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  'tail\udfff',
  '😀'.repeat(50),
  '\u202eevil',
  'zero\u200bwidth',
  'line\u2028sep',
  'é'.normalize('NFD'),
  '%',
  '%ZZ',
  '%E0%A4%A',
  '../../etc/passwd',
  "'; DROP TABLE messages; --",
  '__proto__',
  'constructor',
  'null',
  'x'.repeat(70_000),
] as const;

export const WEIRD_NUMBERS = [0, -0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 1e-320, 4_294_967_297] as const;

/** JSON text that no JSON.stringify produces: out-of-range literals, odd whitespace, duplicates, deep nesting. */
export const RAW_JSON_BODIES = [
  '{"model": 1e400}',
  '{"limit": -1e400, "metadata": {"a": 123456789012345678901234567890}}',
  '{"metadata": {"k": "v", "k": 5}}',
  '\ufeff{}',
  '{}garbage',
  '{"a":1}{"b":2}',
  '['.repeat(5_000) + ']'.repeat(5_000),
  '{"a":'.repeat(2_000) + '1' + '}'.repeat(2_000),
  '"\\ud800"',
  '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
  '{"role": "user", "content": "\\u0000"}',
  '',
  ' \n\t ',
  'undefined',
  'NaN',
  '{"temperature": 1e309}',
  '{"metadata": {"__proto__": 5}}',
  '{"metadata": {"\\u005f_proto__": "v"}}',
] as const;

/** A value from the hostile lists, or any JSON fast-check makes (small: depth and size bounded). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 5, 'x', [], {}, ...WEIRD_NUMBERS, ...WEIRD_STRINGS),
  fc.jsonValue({ maxDepth: 3 }),
);

/** JSON text built to cross bounds: deep nesting, wide objects and arrays. */
export const structuralBody: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 50, max: 400 }).map((depth) => `{"metadata":${'{"a":'.repeat(depth)}1${'}'.repeat(depth + 1)}`),
  fc.integer({ min: 50, max: 400 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 17, max: 2_000 }).map((keys) => `{"metadata":{${Array.from({ length: keys }, (_, i) => `"k${i}":"v"`).join(',')}}}`),
  fc.integer({ min: 33, max: 300 }).map((n) => JSON.stringify({ messages: Array.from({ length: n }, () => ({ role: 'user', content: 'x' })) })),
  fc.integer({ min: 10_001, max: 11_000 }).map((n) => `{"tools":[{"type":"function","function":{"name":"f","parameters":{"enum":[${'0,'.repeat(n - 1)}0]}}}]}`),
);

type Path = (string | number)[];

/** Every path inside a JSON value, the root's children first. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** A deep copy of `value` with the thing at `path` replaced. */
export function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1)!] = replacement;
  return copy;
}
