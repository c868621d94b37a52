/**
 * Retrieval over vector stores, shared by `POST /vector_stores/{id}/search` and file_search steps.
 *
 * How a run's file_search step uses it (inside the engine's transaction, with the engine's `now`):
 *
 *   const storeIds = runVectorStoreIds(assistant, thread);
 *   const tool = run.tools.find((t) => t.type === 'file_search');
 *   const hits = searchVectorStores(store, owner, storeIds, query, {
 *     nowMs,
 *     maxNumResults: tool?.file_search?.max_num_results ?? 20,       // the documented default for gpt-4*
 *     scoreThreshold: tool?.file_search?.ranking_options?.score_threshold,
 *   });
 *   markVectorStoresActive(store, owner, storeIds, nowMs);          // from './vector-stores.js'
 *   const results = hits.map((hit) => toFileSearchStepResult(hit, includeContent)); // include[] asked for content
 *
 * `hits[i].file_id` is what a `file_citation` annotation cites.
 */
import { isExpired } from '../objects/vector-store.js';
import type { ChunkTermCounts } from '../store/chunks.js';
import type { Store } from '../store/index.js';
import type { Attributes } from '../store/vector-store-files.js';
import { matchesFilter, type AttributeFilter } from './attribute-filter.js';
import { seconds } from './attach.js';
import { isIndexable, queryTerms } from './query-terms.js';

export interface SearchOptions {
  /** The injected clock's time: only files whose indexing is done by then are searched. */
  nowMs: number;
  /** At most this many results (the endpoint's default is 10; file_search's is 20). */
  maxNumResults: number;
  /** Results scoring below this (0..1) are dropped. */
  scoreThreshold?: number | undefined;
  /** Only files whose attributes pass this filter are searched. */
  filters?: AttributeFilter | undefined;
}

/** One result: a chunk of a file, shaped as `POST /vector_stores/{id}/search` returns it. */
export interface SearchHit {
  file_id: string;
  filename: string;
  /** Normalised BM25 in 0..1 (see `scoreChunk`). */
  score: number;
  attributes: Attributes | null;
  content: { type: 'text'; text: string }[];
}

/** The shape of a result in a file_search run step (`step_details.tool_calls[].file_search.results[]`). */
export interface FileSearchStepResult {
  file_id: string;
  file_name: string;
  score: number;
  content?: { type: 'text'; text: string }[];
}

export const toFileSearchStepResult = (hit: SearchHit, includeContent: boolean): FileSearchStepResult => ({
  file_id: hit.file_id,
  file_name: hit.filename,
  score: hit.score,
  ...(includeContent && { content: hit.content }),
});

/** The vector stores a run searches: its assistant's and its thread's, each once. */
export function runVectorStoreIds(
  ...holders: { tool_resources?: { file_search?: { vector_store_ids?: string[] } } | null }[]
): string[] {
  return [...new Set(holders.flatMap((holder) => holder.tool_resources?.file_search?.vector_store_ids ?? []))];
}

interface ScopeFile {
  fileId: string;
  filename: string;
  attributes: Attributes | null;
}

/** BM25 constants, as FTS5 and Lucene use them. */
const K1 = 1.2;
const B = 0.75;
/** FTS5 ranks candidates; this many of its best are rescored (plus every short-term match). */
const CANDIDATES_PER_RESULT = 10;
const MIN_CANDIDATES = 100;

/**
 * Searches the chunks of the completed files of the given vector stores (expired or unknown stores
 * are skipped), best first. The same search serves `POST /vector_stores/{id}/search` and file_search
 * steps in runs. Pure reads: call it inside the caller's transaction if it needs one.
 *
 * Ranking is BM25 over the query's terms with statistics of the searched files only (so a score
 * does not depend on other stores), normalised by the best score the query could reach there (see
 * `scoreChunk`), which puts it in 0..1. Candidates come from the FTS5 trigram index; terms shorter than
 * 3 characters, which a trigram index cannot match, are found by scanning the searched chunks.
 */
export function searchVectorStores(
  store: Store,
  owner: string,
  vectorStoreIds: readonly string[],
  query: string | readonly string[],
  options: SearchOptions,
): SearchHit[] {
  const terms = queryTerms(query);
  const scope = searchScope(store, owner, vectorStoreIds, options);
  if (terms.length === 0 || scope.files.size === 0) return [];
  const seqs = [...scope.files.keys()];
  const longTerms = terms.filter(isIndexable);
  const shortTerms = terms.filter((term) => !isIndexable(term));

  const candidates = new Map<number, ChunkTermCounts>();
  const documentFrequency = new Map<string, number>();
  if (shortTerms.length > 0) {
    for (const row of store.chunks.termCounts(terms, { scope: seqs, scanFor: shortTerms })) candidates.set(row.id, row);
    for (const term of shortTerms) {
      const index = terms.indexOf(term);
      documentFrequency.set(term, [...candidates.values()].filter((row) => row.counts[index]! > 0).length);
    }
  }
  if (longTerms.length > 0) {
    const limit = Math.max(MIN_CANDIDATES, options.maxNumResults * CANDIDATES_PER_RESULT);
    const ids = store.chunks.match(longTerms.map(ftsPhrase).join(' OR '), seqs, limit).filter((id) => !candidates.has(id));
    for (const row of store.chunks.termCounts(terms, { ids })) candidates.set(row.id, row);
    for (const term of longTerms) documentFrequency.set(term, store.chunks.countMatches(ftsPhrase(term), seqs));
  }

  const stats = { chunks: scope.chunkCount, averageTokens: scope.tokenCount / Math.max(1, scope.chunkCount), documentFrequency };
  const threshold = options.scoreThreshold ?? 0;
  const ranked = [...candidates.values()]
    .map((row) => ({ row, score: scoreChunk(row, terms, stats) }))
    .filter(({ score }) => score > 0 && score >= threshold)
    .sort((a, b) => b.score - a.score || a.row.id - b.row.id);
  return topHits(store, ranked, scope.files, options.maxNumResults);
}

/**
 * The best hits with their text, read in small batches. A file in two searched stores has the same
 * chunks twice: each text is reported once per file.
 */
function topHits(store: Store, ranked: { row: ChunkTermCounts; score: number }[], files: Map<number, ScopeFile>, max: number): SearchHit[] {
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  for (let from = 0; from < ranked.length && hits.length < max; from += max) {
    const batch = ranked.slice(from, from + max);
    const texts = store.chunks.texts(batch.map(({ row }) => row.id));
    for (const { row, score } of batch) {
      const file = files.get(row.vectorStoreFileSeq)!;
      const text = texts.get(row.id)!;
      const key = `${file.fileId}\u0000${text}`;
      if (seen.has(key) || hits.length === max) continue;
      seen.add(key);
      hits.push({ file_id: file.fileId, filename: file.filename, score, attributes: file.attributes, content: [{ type: 'text', text }] });
    }
  }
  return hits;
}

/** The searchable attachments of the stores, keyed by attachment seq, and their totals. */
function searchScope(store: Store, owner: string, vectorStoreIds: readonly string[], options: SearchOptions) {
  const files = new Map<number, ScopeFile>();
  let chunkCount = 0;
  let tokenCount = 0;
  const nowSeconds = seconds(options.nowMs);
  for (const id of new Set(vectorStoreIds)) {
    const record = store.vectorStores.get({ owner }, id);
    if (!record || isExpired(record, nowSeconds)) continue;
    for (const attachment of store.vectorStoreFiles.ofStore(owner, id)) {
      if (attachment.outcome !== 'completed' || attachment.readyAtMs > options.nowMs) continue;
      if (options.filters && !matchesFilter(attachment.attributes, options.filters)) continue;
      const file = store.files.get(owner, attachment.fileId, nowSeconds);
      if (!file) continue;
      files.set(attachment.seq, { fileId: attachment.fileId, filename: file.filename, attributes: attachment.attributes });
      chunkCount += attachment.chunkCount;
      tokenCount += attachment.tokenCount;
    }
  }
  return { files, chunkCount, tokenCount };
}

/** A term as an FTS5 phrase (terms are letters and digits only, but quotes would be doubled). */
const ftsPhrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

interface CorpusStats {
  chunks: number;
  averageTokens: number;
  documentFrequency: Map<string, number>;
}

/**
 * BM25 of a chunk for the query terms (Lucene's always-positive IDF), divided by the score of a
 * chunk that saturates every term found in the searched files (a term's weight reaches at most
 * IDF × (k1 + 1)); a query word that no searched file contains does not pull every score down.
 */
export function scoreChunk(row: Pick<ChunkTermCounts, 'tokens' | 'counts'>, terms: readonly string[], stats: CorpusStats): number {
  const lengthNorm = K1 * (1 - B + (B * row.tokens) / Math.max(1, stats.averageTokens));
  let score = 0;
  let best = 0;
  terms.forEach((term, i) => {
    const df = stats.documentFrequency.get(term) ?? 0;
    if (df === 0) return;
    const idf = Math.log(1 + (stats.chunks - df + 0.5) / (df + 0.5));
    best += idf * (K1 + 1);
    const tf = row.counts[i]!;
    if (tf > 0) score += (idf * tf * (K1 + 1)) / (tf + lengthNorm);
  });
  return best > 0 ? score / best : 0;
}
