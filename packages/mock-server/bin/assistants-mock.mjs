#!/usr/bin/env node
// The CLI in this repository, with no build step: the first start bundles src/cli.ts with esbuild into
// node_modules/.cache, later starts load that bundle (~150 ms instead of ~450 ms compiling on the fly), and
// it is rebuilt whenever one of its inputs changed or moved (an edited source, an upgraded dependency).
// The installed package runs its prebuilt dist/cli.js instead (package.json's publishConfig.bin).
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import module from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(packageRoot, 'node_modules/.cache/assistants-mock');
const bundlePath = join(cacheDir, 'cli.mjs');
const inputsPath = join(cacheDir, 'cli.inputs.json');

function bundleIsFresh() {
  if (!existsSync(bundlePath) || !existsSync(inputsPath)) return false;
  const builtAt = statSync(bundlePath).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));
  return inputs.every((file) => existsSync(file) && statSync(file).mtimeMs <= builtAt);
}

// Each module's `import.meta.url` stays the URL of its source file, so what it finds beside itself (the
// package.json, the bundled scenarios) is found from the bundle too.
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
      loader: 'ts',
    }));
  },
};

async function rebuild() {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: packageRoot,
    entryPoints: ['src/cli.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // A native addon, and the PDF reader (large, and only needed once a PDF is uploaded): loaded from
    // node_modules at run time, never bundled.
    external: ['better-sqlite3', 'unpdf'],
    // CommonJS dependencies bundled into an ES module still call `require`: give them Node's.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [sourceImportMetaUrl],
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  mkdirSync(cacheDir, { recursive: true });
  // Written under a unique name and renamed, so CLIs starting side by side never load a half-written file.
  const suffix = `.${process.pid}.tmp`;
  writeFileSync(bundlePath + suffix, result.outputFiles[0].contents);
  const inputs = [fileURLToPath(import.meta.url), ...Object.keys(result.metafile.inputs).map((input) => resolve(packageRoot, input))];
  writeFileSync(inputsPath + suffix, JSON.stringify(inputs));
  renameSync(inputsPath + suffix, inputsPath);
  renameSync(bundlePath + suffix, bundlePath);
}

if (!bundleIsFresh()) await rebuild();
// Node 22.1+ can also keep V8's compiled code for the bundle (about 20 ms of each start); Node 20 skips this.
module.enableCompileCache?.(join(cacheDir, 'v8'));
await import(pathToFileURL(bundlePath).href);
