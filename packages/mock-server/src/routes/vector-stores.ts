import { Hono } from 'hono';
import type { VectorStore } from 'openai/resources/vector-stores/vector-stores';
import type { AppDeps, AppEnv } from '../deps.js';
import { listResponse, readListQuery } from '../pagination.js';
import { readBody } from '../request.js';
import { justCreated, renderVectorStore, type VectorStoreRecord } from '../objects/vector-store.js';
import { seconds } from '../retrieval/attach.js';
import { queryTerms } from '../retrieval/query-terms.js';
import { searchVectorStores } from '../retrieval/search.js';
import {
  createVectorStore,
  deleteVectorStore,
  findVectorStore,
  markVectorStoresActive,
  showVectorStore,
} from '../retrieval/vector-stores.js';
import * as vs from '../schemas/vector-stores.js';
import { fileBatchesRoutes } from './file-batches.js';
import { findLiveVectorStore, indexingContext, setPollAfter } from './vector-store-context.js';
import { vectorStoreFilesRoutes } from './vector-store-files.js';

/** The endpoint's default; file_search in runs has its own. */
const DEFAULT_SEARCH_RESULTS = 10;

export function vectorStoresRoutes(deps: AppDeps) {
  const { store, clock } = deps;
  const show = (owner: string, record: VectorStoreRecord): VectorStore => showVectorStore(store, owner, record, clock.now());

  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const body = await readBody(c, vs.createVectorStore);
      const ctx = indexingContext(deps, c);
      const created = store.transaction(() => {
        const { record } = createVectorStore(ctx, body);
        const stats = store.vectorStoreFiles.stats(ctx.owner, { vectorStoreId: record.id }, ctx.nowMs);
        return renderVectorStore(record, justCreated(stats), seconds(ctx.nowMs));
      });
      setPollAfter(c, created.status);
      return c.json(created);
    })
    .get('/', (c) => {
      const owner = c.var.owner;
      const page = store.vectorStores.page({ owner }, readListQuery(c));
      return c.json(listResponse({ ...page, data: page.data.map((record) => show(owner, record)) }));
    })
    .get('/:vector_store_id', (c) => {
      const shown = show(c.var.owner, findVectorStore(store, c.var.owner, c.req.param('vector_store_id')));
      setPollAfter(c, shown.status);
      return c.json(shown);
    })
    .post('/:vector_store_id', async (c) => {
      const owner = c.var.owner;
      const body = await readBody(c, vs.modifyVectorStore);
      const updated = store.transaction(() => {
        const { expires_after: currentExpiry, ...current } = findVectorStore(store, owner, c.req.param('vector_store_id'));
        // `expires_after: null` removes the policy; leaving it out keeps the current one.
        const expiresAfter = body.expires_after === undefined ? currentExpiry : (body.expires_after ?? undefined);
        const next: VectorStoreRecord = {
          ...current,
          ...(body.name !== undefined && { name: body.name }),
          ...(body.metadata !== undefined && { metadata: body.metadata }),
          ...(expiresAfter && { expires_after: expiresAfter }),
        };
        return show(owner, store.vectorStores.update({ owner }, next));
      });
      return c.json(updated);
    })
    .delete('/:vector_store_id', (c) => {
      const owner = c.var.owner;
      const id = c.req.param('vector_store_id');
      store.transaction(() => {
        findVectorStore(store, owner, id);
        deleteVectorStore(store, owner, id);
      });
      return c.json({ id, object: 'vector_store.deleted' as const, deleted: true });
    })
    .post('/:vector_store_id/search', async (c) => {
      const body = await readBody(c, vs.searchVectorStore);
      const ctx = indexingContext(deps, c);
      const id = c.req.param('vector_store_id');
      const hits = store.transaction(() => {
        findLiveVectorStore(ctx, id);
        markVectorStoresActive(store, ctx.owner, [id], ctx.nowMs);
        return searchVectorStores(store, ctx.owner, [id], body.query, {
          nowMs: ctx.nowMs,
          maxNumResults: body.max_num_results ?? DEFAULT_SEARCH_RESULTS,
          scoreThreshold: body.ranking_options?.score_threshold,
          filters: body.filters,
        });
      });
      // With `rewrite_query` the service searches a rewritten query and reports it: here, its normalised terms.
      const searchQuery = body.rewrite_query ? [queryTerms(body.query).join(' ')] : typeof body.query === 'string' ? [body.query] : body.query;
      return c.json({
        object: 'vector_store.search_results.page' as const,
        search_query: searchQuery,
        data: hits,
        has_more: false,
        next_page: null,
      });
    })
    .route('/:vector_store_id/files', vectorStoreFilesRoutes(deps))
    .route('/:vector_store_id/file_batches', fileBatchesRoutes(deps));
}
