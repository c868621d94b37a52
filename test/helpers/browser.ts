import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's chromium (what CI installs), or the browser named by ASSISTANTS_MOCK_CHROMIUM. */
export const CHROMIUM_PATH = process.env.ASSISTANTS_MOCK_CHROMIUM ?? '/usr/bin/chromium';

export const BROWSER_MISSING_REASON = existsSync(CHROMIUM_PATH)
  ? null
  : `Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set ASSISTANTS_MOCK_CHROMIUM)`;

/** Where browser tests leave their screenshots (gitignored). */
export function artifactsDir(): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}
