/** Seeded generators of hostile input: the same seed always throws the same requests. */

export type Random = () => number;

/** mulberry32: tiny, fast and good enough to pick cases reproducibly. */
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

/** JSON text that no JSON.stringify produces: out-of-range literals, odd whitespace, duplicates. */
export const RAW_JSON_BODIES = [
  '{"model": 1e400}',
  '{"limit": -1e400, "metadata": {"a": 123456789012345678901234567890}}',
  '{"metadata": {"k": "v", "k": 5}}',
  '\ufeff{}',
  '{}garbage',
  '{"a":1}{"b":2}',
  '[' .repeat(5_000) + ']'.repeat(5_000),
  '{"a":'.repeat(2_000) + '1' + '}'.repeat(2_000),
  '"\\ud800"',
  '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
  '{"role": "user", "content": "\\u0000"}',
  '',
  ' \n\t ',
  'undefined',
  'NaN',
] as const;

export function randomValue(random: Random, depth = 0): unknown {
  const roll = random();
  if (depth > 3 || roll < 0.15) return pick(random, [null, true, false]);
  if (roll < 0.3) return pick(random, WEIRD_NUMBERS);
  if (roll < 0.5) return pick(random, WEIRD_STRINGS);
  if (roll < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  const keys = ['model', 'role', 'content', 'metadata', 'tools', 'type', 'messages', 'tool_resources', 'text', pick(random, WEIRD_STRINGS).slice(0, 40)];
  return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(random, keys), randomValue(random, depth + 1)]));
}

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
