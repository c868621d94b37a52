import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This package's version, from its package.json: found by walking up from this module, because the
 * module runs from `src/` (workspace), `dist/` (installed) or the CLI's bundle under `node_modules/.cache/`.
 */
export const VERSION: string = findVersion(dirname(fileURLToPath(import.meta.url)));

function findVersion(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    const file = join(at, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === '@assistants-mock/server' && manifest.version) return manifest.version;
    }
    if (dirname(at) === at) return '0.0.0';
  }
}
