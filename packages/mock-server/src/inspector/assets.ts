import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A compiled page asset, ready to send. */
export interface PageAsset {
  body: string;
  type: string;
  etag: string;
}

/**
 * The inspector page's script and styles, compiled from `src/inspector/page` with esbuild (already the
 * CLI's bundler) on the first request and kept: nothing is fetched at run time, no CDN, no build step.
 * Compiling lazily keeps the server's start-up and every request that is not the page's untouched.
 */
export function pageAssets(): () => Promise<ReadonlyMap<string, PageAsset>> {
  let compiled: Promise<ReadonlyMap<string, PageAsset>> | undefined;
  return () => {
    compiled ??= compile().catch((error: unknown) => {
      compiled = undefined; // a failed compile (an edited source with a typo) is tried again next time
      throw error;
    });
    return compiled;
  };
}

async function compile(): Promise<ReadonlyMap<string, PageAsset>> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(packageRoot(), 'src/inspector/page/main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    outdir: 'assets',
    entryNames: 'app',
    write: false,
    logLevel: 'silent',
  });
  const assets = new Map<string, PageAsset>();
  for (const file of result.outputFiles) {
    const name = file.path.split(/[\\/]/).pop()!;
    const type = name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    assets.set(name, { body: file.text, type, etag: `"${createHash('sha1').update(file.contents).digest('base64url')}"` });
  }
  return assets;
}

/**
 * This package's folder, found from where this code runs: the sources (`src/inspector/`), or the CLI's
 * bundle (`node_modules/.cache/assistants-mock/`), both inside it.
 */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@assistants-mock/server') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('assistants-mock: the inspector page sources (src/inspector/page) are not beside this server');
    dir = parent;
  }
}
