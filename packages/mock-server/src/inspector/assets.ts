import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A compiled page asset, ready to send. */
export interface PageAsset {
  body: string;
  type: string;
  etag: string;
}

type Assets = ReadonlyMap<string, PageAsset>;

/** Where a built package keeps the page compiled at pack time (see `buildPageAssets`), beside this module. */
const PREBUILT_DIR = fileURLToPath(new URL('./page/', import.meta.url));
const ASSET_NAMES = ['app.js', 'app.css'];

/**
 * The inspector page's script and styles. A built package serves them as compiled when it was packed.
 * From the sources (this repository, the CLI's bundle of it) they are compiled from `src/inspector/page`
 * with esbuild on the first request: nothing is fetched at run time, no CDN, no build step, and the
 * server's start-up and every other request are untouched. The result is kept in `node_modules/.cache`
 * (as the CLI keeps its bundle), so later servers serve it without compiling, until a page source changes.
 */
export function pageAssets(prebuiltDir = PREBUILT_DIR): () => Promise<Assets> {
  let compiled: Promise<Assets> | undefined;
  return () => {
    compiled ??= load(prebuiltDir).catch((error: unknown) => {
      compiled = undefined; // a failed compile (an edited source with a typo) is tried again next time
      throw error;
    });
    return compiled;
  };
}

interface CacheFile {
  inputs: string[];
  files: { name: string; body: string }[];
}

/** Compiles the page into `outDir` (as `app.js` and `app.css`): what a package build ships for `pageAssets`. */
export async function buildPageAssets(outDir: string): Promise<void> {
  const { files } = await compile(packageRoot());
  mkdirSync(outDir, { recursive: true });
  for (const { name, body } of files) writeFileSync(join(outDir, name), body);
}

async function load(prebuiltDir: string): Promise<Assets> {
  if (ASSET_NAMES.every((name) => existsSync(join(prebuiltDir, name)))) {
    return toAssets(ASSET_NAMES.map((name) => ({ name, body: readFileSync(join(prebuiltDir, name), 'utf8') })));
  }
  const root = packageRoot();
  const cachePath = join(root, 'node_modules/.cache/assistants-mock/inspector.json');
  const cached = readFresh(cachePath);
  if (cached) return toAssets(cached.files);
  const fresh = await compile(root);
  try {
    mkdirSync(dirname(cachePath), { recursive: true });
    // Written under a unique name and renamed: servers starting side by side never read half a file.
    writeFileSync(`${cachePath}.${process.pid}.tmp`, JSON.stringify(fresh));
    renameSync(`${cachePath}.${process.pid}.tmp`, cachePath);
  } catch {
    // A read-only install still serves the page; it compiles once per process.
  }
  return toAssets(fresh.files);
}

function readFresh(cachePath: string): CacheFile | undefined {
  if (!existsSync(cachePath)) return undefined;
  const builtAt = statSync(cachePath).mtimeMs;
  const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as CacheFile;
  return cache.inputs.every((input) => existsSync(input) && statSync(input).mtimeMs <= builtAt) ? cache : undefined;
}

/** A specifier in a variable: a bundle of this server (the CLI's) leaves esbuild, a native binary, to load from node_modules. */
const ESBUILD = 'esbuild';

async function compile(root: string): Promise<CacheFile> {
  const { build } = (await import(ESBUILD)) as typeof import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/inspector/page/main.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    outdir: 'assets',
    entryNames: 'app',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return {
    inputs: Object.keys(result.metafile.inputs).map((input) => resolve(root, input)),
    files: result.outputFiles.map((file) => ({ name: file.path.split(/[\\/]/).pop()!, body: file.text })),
  };
}

function toAssets(files: CacheFile['files']): Assets {
  return new Map(
    files.map(({ name, body }) => [
      name,
      {
        body,
        type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
        etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      },
    ]),
  );
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
