import { isExpired } from '../objects/vector-store.js';
import type { ChunkRow } from '../store/chunks.js';
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
 * does not depend on other stores), normalised by the best score the query could reach (every term
 * saturated), which puts it in 0..1. Candidates come from the FTS5 trigram index; terms shorter than
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

  const candidates = new Map<number, ChunkRow>();
  const documentFrequency = new Map<string, number>();
  if (longTerms.length > 0) {
    const limit = Math.max(MIN_CANDIDATES, options.maxNumResults * CANDIDATES_PER_RESULT);
    for (const row of store.chunks.match(longTerms.map(ftsPhrase).join(' OR '), seqs, limit)) candidates.set(row.id, row);
    for (const term of longTerms) documentFrequency.set(term, store.chunks.countMatches(ftsPhrase(term), seqs));
  }
  if (shortTerms.length > 0) {
    for (const term of shortTerms) documentFrequency.set(term, 0);
    for (const row of store.chunks.scan(seqs)) {
      const text = row.text.toLowerCase();
      const found = shortTerms.filter((term) => text.includes(term));
      for (const term of found) documentFrequency.set(term, documentFrequency.get(term)! + 1);
      if (found.length > 0) candidates.set(row.id, row);
    }
  }

  const stats = { chunks: scope.chunkCount, averageTokens: scope.tokenCount / Math.max(1, scope.chunkCount), documentFrequency };
  const threshold = options.scoreThreshold ?? 0;
  const seen = new Set<string>();
  const hits: (SearchHit & { chunkId: number })[] = [];
  for (const row of candidates.values()) {
    const file = scope.files.get(row.vector_store_file_seq)!;
    const key = `${file.fileId}\u0000${row.text}`;
    const score = scoreChunk(row, terms, stats);
    // A file in two searched stores has the same chunks twice: report each once.
    if (score <= 0 || score < threshold || seen.has(key)) continue;
    seen.add(key);
    hits.push({
      chunkId: row.id,
      file_id: file.fileId,
      filename: file.filename,
      score,
      attributes: file.attributes,
      content: [{ type: 'text', text: row.text }],
    });
  }
  hits.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
  return hits.slice(0, options.maxNumResults).map(({ chunkId: _, ...hit }) => hit);
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
 * chunk that saturates every term (each term's weight reaches at most IDF × (k1 + 1)).
 */
export function scoreChunk(row: Pick<ChunkRow, 'text' | 'tokens'>, terms: readonly string[], stats: CorpusStats): number {
  const text = row.text.toLowerCase();
  const lengthNorm = K1 * (1 - B + (B * row.tokens) / Math.max(1, stats.averageTokens));
  let score = 0;
  let best = 0;
  for (const term of terms) {
    const df = stats.documentFrequency.get(term) ?? 0;
    const idf = Math.log(1 + (stats.chunks - df + 0.5) / (df + 0.5));
    best += idf * (K1 + 1);
    const tf = occurrences(text, term);
    if (tf > 0) score += (idf * tf * (K1 + 1)) / (tf + lengthNorm);
  }
  return best > 0 ? score / best : 0;
}

function occurrences(text: string, term: string): number {
  let count = 0;
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + term.length)) count++;
  return count;
}
