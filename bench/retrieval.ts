// Retrieval bench: indexing throughput and search latency of vector stores on a generated corpus.
// Usage: npm run bench:retrieval [-- --mb 50 --files 50 --queries 200]
// Everything runs in process (the SDK over the server's in-process fetch) on a SQLite file in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import OpenAI, { toFile } from 'openai';
import { createMockServer } from '../packages/mock-server/src/index.js';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '50' },
    files: { type: 'string', default: '50' },
    queries: { type: 'string', default: '200' },
  },
});
const corpusBytes = Number(values.mb) * 1024 * 1024;
const fileCount = Number(values.files);
const queryCount = Number(values.queries);

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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mbPerSecond = (bytes: number, millis: number) => `${(bytes / 1024 / 1024 / (millis / 1000)).toFixed(2)} MB/s`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'assistants-mock-bench-'));
  const server = createMockServer({ db: join(dir, 'bench.sqlite') });
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-bench', fetch: server.fetch, maxRetries: 0 });
  try {
    const texts = Array.from({ length: fileCount }, () => document(corpusBytes / fileCount));
    const totalBytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    console.log(`corpus: ${(totalBytes / 1024 / 1024).toFixed(1)} MB in ${fileCount} files (Korean and English words, Zipf-distributed), auto chunking (800/400 tokens)`);

    let started = performance.now();
    const fileIds: string[] = [];
    for (const [i, text] of texts.entries()) {
      const file = await client.files.create({ file: await toFile(Buffer.from(text), `scene-${i}.txt`), purpose: 'assistants' });
      fileIds.push(file.id);
    }
    const uploadMs = performance.now() - started;
    console.log(`upload + text extraction: ${ms(uploadMs)} (${mbPerSecond(totalBytes, uploadMs)})`);

    const store = await client.vectorStores.create({ name: 'bench' });
    started = performance.now();
    const batch = await client.vectorStores.fileBatches.createAndPoll(store.id, { file_ids: fileIds });
    const indexMs = performance.now() - started;
    if (batch.file_counts.completed !== fileCount) throw new Error(`indexing failed: ${JSON.stringify(batch.file_counts)}`);
    const shown = await client.vectorStores.retrieve(store.id);
    console.log(`indexing (chunking + FTS5 trigram index, one transaction): ${ms(indexMs)} (${mbPerSecond(totalBytes, indexMs)}); usage_bytes ${shown.usage_bytes}`);

    const ofLength = (test: (length: number) => boolean) => () => {
      for (;;) {
        const word = zipfWord();
        if (test([...word].length)) return word;
      }
    };
    const longWord = ofLength((length) => length >= 3);
    const queries = {
      'two words of 3+ characters (trigram index)': () => `${longWord()} ${longWord()}`,
      'one Korean word of 2 characters (scan)': ofLength((length) => length === 2),
    };
    for (const [label, makeQuery] of Object.entries(queries)) {
      const latencies: number[] = [];
      let hits = 0;
      for (let i = 0; i < queryCount; i++) {
        const query = makeQuery();
        const t0 = performance.now();
        const page = await client.vectorStores.search(store.id, { query, max_num_results: 10 });
        latencies.push(performance.now() - t0);
        hits += page.data.length;
      }
      latencies.sort((a, b) => a - b);
      console.log(
        `search, ${label}: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))} over ${queryCount} queries (${(hits / queryCount).toFixed(1)} results each)`,
      );
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
