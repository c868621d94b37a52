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
import type { ChunkRow } from '../store/chunks.js';
import type { Store } from '../store/index.js';
import type { Attributes } from '../store/vector-store-files.js';
import { matchesFilter, type AttributeFilter } from './attribute-filter.js';
import { seconds } from './attach.js';
import { queryTerms } from './query-terms.js';
import { matchQuery, occurrenceCounter } from './word-index.js';

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
/** FTS5 ranks candidates; this many of its best are rescored. */
const CANDIDATES_PER_RESULT = 10;
const MIN_CANDIDATES = 100;
/**
 * At most this many matches are ranked by FTS5 (about a microsecond each): the rarest terms pick the
 * candidates, and a term so common that it alone matches more is ranked among its first matches.
 */
const RANKING_BUDGET = 2_000;

/** A candidate chunk with how often each query term occurs in it. */
type Candidate = ChunkRow & { counts: number[] };

/**
 * Searches the chunks of the completed files of the given vector stores (expired or unknown stores
 * are skipped), best first. The same search serves `POST /vector_stores/{id}/search` and file_search
 * steps in runs. Pure reads: call it inside the caller's transaction if it needs one.
 *
 * Ranking is BM25 over the query's terms with statistics of the searched files only (so a score
 * does not depend on other stores), normalised by the best score the query could reach there (see
 * `scoreChunk`), which puts it in 0..1. Terms match as the word index matches them (word-index.ts).
 * The work barely grows with the stores: FTS5 counts each term's matches in its postings (a tenth of a
 * microsecond each), ranks at most RANKING_BUDGET of them, and only its best candidates are read.
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
  const ranges = store.chunks.scopeRanges([...scope.files.keys()]);
  const queries = terms.map(matchQuery);
  const documentFrequency = new Map(terms.map((term, i) => [term, store.chunks.countMatches(queries[i]!, ranges)]));
  const picking = pickingTerms(terms.map((term) => documentFrequency.get(term)!));
  if (picking.length === 0) return [];
  const limit = Math.max(MIN_CANDIDATES, options.maxNumResults * CANDIDATES_PER_RESULT);
  const matches = picking.reduce((sum, i) => sum + documentFrequency.get(terms[i]!)!, 0);
  const best = store.chunks.best(picking.map((i) => queries[i]).join(' OR '), ranges, limit, matches > RANKING_BUDGET ? RANKING_BUDGET : undefined);
  const candidates = countTerms(store.chunks.read(best), terms);

  const stats = { chunks: scope.chunkCount, averageTokens: scope.tokenCount / Math.max(1, scope.chunkCount), documentFrequency };
  const threshold = options.scoreThreshold ?? 0;
  const ranked = candidates
    .map((candidate) => ({ chunk: candidate, score: scoreChunk(candidate, terms, stats) }))
    .filter(({ score }) => score > 0 && score >= threshold)
    .sort((a, b) => b.score - a.score || a.chunk.rowid - b.chunk.rowid);
  return topHits(ranked, scope.files, options.maxNumResults);
}

/**
 * The terms whose matches are ranked for candidates (their indexes): the rarest first, while their
 * matches stay within the budget, and always the rarest one. The rest count in the rescoring only:
 * their weight (IDF) is lower, and a chunk with them alone would rarely make the top.
 */
function pickingTerms(documentFrequencies: readonly number[]): number[] {
  const rarestFirst = documentFrequencies.map((df, i) => ({ df, i })).filter(({ df }) => df > 0).sort((a, b) => a.df - b.df);
  const picked: number[] = [];
  let matches = 0;
  for (const { df, i } of rarestFirst) {
    if (picked.length > 0 && matches + df > RANKING_BUDGET) break;
    picked.push(i);
    matches += df;
  }
  return picked;
}

/** How often each term occurs in each chunk, counted as the index matches terms. */
function countTerms(chunks: ChunkRow[], terms: readonly string[]): Candidate[] {
  const counters = terms.map(occurrenceCounter);
  return chunks.map((chunk) => {
    const lower = chunk.text.toLowerCase();
    return { ...chunk, counts: counters.map((count) => count(lower)) };
  });
}

/** The best hits. A file in two searched stores has the same chunks twice: each text is reported once per file. */
function topHits(ranked: { chunk: ChunkRow; score: number }[], files: Map<number, ScopeFile>, max: number): SearchHit[] {
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  for (const { chunk, score } of ranked) {
    if (hits.length === max) break;
    const file = files.get(chunk.vectorStoreFileSeq)!;
    const key = `${file.fileId}\u0000${chunk.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push({ file_id: file.fileId, filename: file.filename, score, attributes: file.attributes, content: [{ type: 'text', text: chunk.text }] });
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
export function scoreChunk(row: Pick<Candidate, 'tokens' | 'counts'>, terms: readonly string[], stats: CorpusStats): number {
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
