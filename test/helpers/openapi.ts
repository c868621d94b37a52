import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The official spec lives beside the checkout, never in it. */
export const SPEC_PATH = resolve(repoRoot, '../shared/openapi/openai-openapi.yaml');
export const SPEC_MISSING_REASON = `OpenAPI checks skipped: ${SPEC_PATH} is not present beside this clone`;

export interface OpenApiDoc {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
}

let cached: OpenApiDoc | null | undefined;

/** Loads the spec (YAML parsing is slow, so a JSON copy keyed by its hash is kept in node_modules/.cache). */
export function loadSpec(): OpenApiDoc | null {
  if (cached !== undefined) return cached;
  if (!existsSync(SPEC_PATH)) return (cached = null);
  const text = readFileSync(SPEC_PATH);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const cacheFile = join(repoRoot, 'node_modules/.cache/assistants-mock', `openapi-${hash}.json`);
  if (existsSync(cacheFile)) return (cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as OpenApiDoc);
  const doc = parse(text.toString('utf8'), { maxAliasCount: -1 }) as OpenApiDoc;
  mkdirSync(dirname(cacheFile), { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(doc));
  return (cached = doc);
}
