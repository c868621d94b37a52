/**
 * The inspector page's load on loopback, from the CLI as users start it: the first load of a new server
 * (the page's sources compiled on that request, or read from the cache a previous compile left), then loads with the assets compiled (p50/p99), each the page and
 * its script and styles fetched as a browser does (the page, then both assets at once).
 */
import { printRows, summarise } from './stats.js';
import { startServer } from './processes.js';

const server = await startServer('node', ['packages/mock-server/bin/assistants-mock.mjs', 'serve', '--port', '0', '--db', ':memory:']);
const origin = new URL(server.url).origin;

async function loadPage(): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const page = await fetch(`${origin}/__assistants_mock/`);
  let bytes = (await page.arrayBuffer()).byteLength;
  const assets = await Promise.all(['app.js', 'app.css'].map((name) => fetch(`${origin}/__assistants_mock/assets/${name}`)));
  for (const asset of assets) {
    if (!asset.ok) throw new Error(`${asset.url}: ${asset.status}`);
    bytes += (await asset.arrayBuffer()).byteLength;
  }
  return { ms: performance.now() - started, bytes };
}

try {
  const first = await loadPage();
  const rounds: number[] = [];
  const started = performance.now();
  for (let i = 0; i < 200; i++) rounds.push((await loadPage()).ms);
  printRows([summarise('first load in a new server (compiled, or from the cache)', [first.ms], first.ms), summarise('later loads', rounds, performance.now() - started)]);
  console.log(`page + script + styles: ${(first.bytes / 1024).toFixed(1)} KiB`);
} finally {
  await server.stop();
}
