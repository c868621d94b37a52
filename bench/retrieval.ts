// Retrieval bench: how search latency and indexing throughput scale with the size of a vector store.
// Usage: npx -y pnpm@10.34.8 bench:retrieval [-- --sizes 1,10,50 --files 50 --rounds 5 --queries 100]
// Each size is its own server and SQLite file (an index holds every store of its database, so sizes do
// not share one), in process (the SDK over the server's in-process fetch). Search rounds rotate which
// size goes first; ratios are taken within a round, then min / median / max over the rounds. CPU time
// per query (process.cpuUsage) sees through the noise of a shared machine better than wall time.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import OpenAI, { toFile } from 'openai';
import { createMockServer, type MockServer } from '../packages/mock-server/src/index.js';

const { values } = parseArgs({
  // pnpm passes on the `--` that separates its own options from the script's.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    sizes: { type: 'string', default: '1,10,50' },
    files: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '5' },
    queries: { type: 'string', default: '100' },
    'index-mb': { type: 'string', default: '10' },
  },
});
const sizesMb = values.sizes.split(',').map(Number);
const fileCount = Number(values.files);
const rounds = Number(values.rounds);
const queryCount = Number(values.queries);
const indexMb = Number(values['index-mb']);

/** A small deterministic PRNG (mulberry32), so every run indexes the same corpus and asks the same queries. */
function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20260101);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

/**
 * A vocabulary with the shape of natural text: 12,000 Korean words of 2–4 syllables (from 600
 * syllables) and 8,000 English-like words, drawn with Zipf frequencies, so that common words are in
 * most chunks and rare ones in few, as in real documents.
 */
const SYLLABLES = Array.from({ length: 600 }, () => String.fromCharCode(0xac00 + Math.floor(random() * 11_172)));
const LETTERS = 'etaoinshrdlcumwfgypbvkjxqz';
const koreanWord = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join('');
const englishWord = () => Array.from({ length: 3 + Math.floor(random() * 7) }, () => LETTERS[Math.floor(random() ** 2 * 26)]).join('');
const VOCABULARY = [...new Set([...Array.from({ length: 12_000 }, koreanWord), ...Array.from({ length: 8_000 }, englishWord)])].sort(() => random() - 0.5);
const ZIPF = (() => {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= VOCABULARY.length; rank++) cumulative.push((total += 1 / rank));
  return cumulative.map((value) => value / total);
})();
function zipfWord(): string {
  const target = random();
  let low = 0;
  let high = ZIPF.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ZIPF[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return VOCABULARY[low]!;
}

function sentence(): string {
  return `${Array.from({ length: 6 + Math.floor(random() * 10) }, zipfWord).join(' ')}.`;
}

function document(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = Array.from({ length: 4 }, sentence).join(' ');
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return lines.join('\n');
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;
const spread = (values: number[], digits = 1) => {
  const s = sorted(values);
  return `${s[0]!.toFixed(digits)} / ${median(s).toFixed(digits)} / ${s.at(-1)!.toFixed(digits)}`;
};
const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');

interface Sized {
  mb: number;
  server: MockServer;
  client: OpenAI;
  storeId: string;
  indexMbPerSecond: number;
  /** Per second of this process's CPU time (the indexer's, the SDK's polling and the WAL checkpointer's). */
  indexMbPerCpuSecond: number;
}

/** A server of its own with `mb` of corpus in one vector store; how fast its files were indexed. */
async function sizedStore(mb: number, dir: string): Promise<Sized> {
  const server = createMockServer({ db: join(dir, `${mb}-${Math.round(random() * 1e9)}.sqlite`) });
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-bench', fetch: server.fetch, maxRetries: 0 });
  const texts = Array.from({ length: fileCount }, () => document((mb * 1024 * 1024) / fileCount));
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const fileIds: string[] = [];
  for (const [i, text] of texts.entries()) {
    fileIds.push((await client.files.create({ file: await toFile(Buffer.from(text), `scene-${i}.txt`), purpose: 'assistants' })).id);
  }
  const store = await client.vectorStores.create({ name: `${mb} MB` });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const batch = await client.vectorStores.fileBatches.createAndPoll(store.id, { file_ids: fileIds });
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  if (batch.file_counts.completed !== fileCount) throw new Error(`indexing failed: ${JSON.stringify(batch.file_counts)}`);
  const mbs = bytes / 1024 / 1024;
  return { mb, server, client, storeId: store.id, indexMbPerSecond: mbs / seconds, indexMbPerCpuSecond: mbs / ((used.user + used.system) / 1e6) };
}

const ofLength = (test: (length: number) => boolean) => () => {
  for (;;) {
    const word = zipfWord();
    if (test([...word].length)) return word;
  }
};
const longWord = ofLength((length) => length >= 3);
/** The same queries for every size and round. */
const QUERY_KINDS = {
  'two words of 3+ characters': Array.from({ length: queryCount }, () => `${longWord()} ${longWord()}`),
  'one Korean word of 2 characters': Array.from({ length: queryCount }, ofLength((length) => length === 2)),
};

/** p50 wall time and mean CPU time of one pass over the queries. */
async function searchRound(sized: Sized, queries: readonly string[]) {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  for (const query of queries) {
    const started = performance.now();
    await sized.client.vectorStores.search(sized.storeId, { query, max_num_results: 10 });
    latencies.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  return { p50: median(latencies), cpuMs: (used.user + used.system) / 1000 / queries.length };
}

async function searchBench(stores: Sized[]) {
  for (const [kind, queries] of Object.entries(QUERY_KINDS)) {
    const figures = new Map(stores.map((sized) => [sized.mb, [] as { p50: number; cpuMs: number }[]]));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < stores.length; i++) {
        const sized = stores[(round + i) % stores.length]!;
        figures.get(sized.mb)!.push(await searchRound(sized, queries));
      }
    }
    const base = figures.get(stores[0]!.mb)!;
    console.log(`\nsearch, ${kind}, max_num_results 10, ${queryCount} queries a round (min / median / max of ${rounds} rounds; ratios to ${stores[0]!.mb} MB within a round)`);
    console.log(`${'size'.padEnd(8)}${'p50 ms'.padStart(22)}${'p50 ratio'.padStart(22)}${'CPU ms/query'.padStart(22)}${'CPU ratio'.padStart(22)}`);
    for (const sized of stores) {
      const rows = figures.get(sized.mb)!;
      const p50Ratios = rows.map((row, round) => row.p50 / base[round]!.p50);
      const cpuRatios = rows.map((row, round) => row.cpuMs / base[round]!.cpuMs);
      console.log(
        `${`${sized.mb} MB`.padEnd(8)}${spread(rows.map((row) => row.p50), 2).padStart(22)}${spread(p50Ratios, 2).padStart(22)}` +
          `${spread(rows.map((row) => row.cpuMs), 2).padStart(22)}${spread(cpuRatios, 2).padStart(22)}`,
      );
    }
  }
}

/** Indexing throughput: `rounds` fresh servers each index `indexMb` of corpus. */
async function indexingBench(dir: string) {
  const rates: Sized[] = [];
  for (let round = 0; round < rounds; round++) {
    const sized = await sizedStore(indexMb, dir);
    rates.push(sized);
    await sized.server.close();
  }
  console.log(
    `\nindexing ${indexMb} MB in ${fileCount} files (chunking + word index, in slices between requests; min / median / max of ${rounds} rounds):` +
      `\n  ${spread(rates.map((sized) => sized.indexMbPerSecond), 2)} MB/s of wall time, ${spread(rates.map((sized) => sized.indexMbPerCpuSecond), 2)} MB per CPU second`,
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-bench-'));
  const stores: Sized[] = [];
  console.log(`load average at start: ${load()}`);
  try {
    await indexingBench(dir);
    for (const mb of sizesMb) {
      stores.push(await sizedStore(mb, dir));
      console.log(`${mb} MB store: ${fileCount} files (Korean and English words, Zipf-distributed), auto chunking (800/400 tokens), indexed at ${stores.at(-1)!.indexMbPerSecond.toFixed(2)} MB/s (${stores.at(-1)!.indexMbPerCpuSecond.toFixed(2)} per CPU second)`);
    }
    await searchBench(stores);
  } finally {
    for (const sized of stores) await sized.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nload average at end: ${load()}`);
}

await main();
