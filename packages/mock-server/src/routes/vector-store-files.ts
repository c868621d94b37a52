import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors.js';
import { listResponse } from '../pagination.js';
import { parseOrThrow } from '../validation.js';
import { readBody } from '../request.js';
import { renderAttachment, renderNewAttachment } from '../objects/vector-store.js';
import { assertFilesExist, attachFile, seconds } from '../retrieval/attach.js';
import { resolveChunking } from '../retrieval/chunking.js';
import { findVectorStore } from '../retrieval/vector-stores.js';
import * as vs from '../schemas/vector-stores.js';
import type { Store } from '../store/index.js';
import { findLiveVectorStore, indexingContext, setPollAfter } from './vector-store-context.js';

export function findAttachment(store: Store, owner: string, vectorStoreId: string, fileId: string) {
  findVectorStore(store, owner, vectorStoreId);
  const attachment = store.vectorStoreFiles.get(owner, vectorStoreId, fileId);
  if (!attachment) {
    throw new ApiError(404, { message: `No file found with id '${fileId}' in vector store '${vectorStoreId}'.` });
  }
  return attachment;
}

const ids = (c: Context<AppEnv>) => ({ vectorStoreId: c.req.param('vector_store_id')!, fileId: c.req.param('file_id')! });

export function vectorStoreFilesRoutes(deps: AppDeps) {
  const { store, clock } = deps;

  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const body = await readBody(c, vs.createVectorStoreFile);
      const ctx = indexingContext(deps, c);
      const vectorStoreId = c.req.param('vector_store_id')!;
      const chunkingStrategy = resolveChunking(body.chunking_strategy);
      const created = store.transaction(() => {
        findLiveVectorStore(ctx, vectorStoreId);
        assertFilesExist(ctx, [body.file_id]);
        const attachment = attachFile(ctx, vectorStoreId, { fileId: body.file_id, chunkingStrategy, attributes: body.attributes ?? {} }, null);
        return renderNewAttachment(attachment);
      });
      setPollAfter(c, created.status);
      return c.json(created);
    })
    .get('/', (c) => {
      const owner = c.var.owner;
      const vectorStoreId = c.req.param('vector_store_id')!;
      const query = parseOrThrow(vs.vectorStoreFileListQuery, c.req.query());
      findVectorStore(store, owner, vectorStoreId);
      const nowMs = clock.now();
      const page = store.vectorStoreFiles.page({ owner, vectorStoreId, status: query.filter, nowMs }, query);
      return c.json(listResponse({ ...page, data: page.data.map((attachment) => renderAttachment(attachment, nowMs)) }));
    })
    .get('/:file_id', (c) => {
      const { vectorStoreId, fileId } = ids(c);
      const shown = renderAttachment(findAttachment(store, c.var.owner, vectorStoreId, fileId), clock.now());
      setPollAfter(c, shown.status);
      return c.json(shown);
    })
    .post('/:file_id', async (c) => {
      const owner = c.var.owner;
      const { vectorStoreId, fileId } = ids(c);
      const body = await readBody(c, vs.updateVectorStoreFile);
      const updated = store.transaction(() => {
        const attachment = findAttachment(store, owner, vectorStoreId, fileId);
        return renderAttachment(store.vectorStoreFiles.setAttributes(attachment, body.attributes), clock.now());
      });
      return c.json(updated);
    })
    .delete('/:file_id', (c) => {
      const owner = c.var.owner;
      const { vectorStoreId, fileId } = ids(c);
      store.transaction(() => store.vectorStoreFiles.delete(owner, findAttachment(store, owner, vectorStoreId, fileId)));
      return c.json({ id: fileId, object: 'vector_store.file.deleted' as const, deleted: true });
    })
    .get('/:file_id/content', (c) => {
      const owner = c.var.owner;
      const { vectorStoreId, fileId } = ids(c);
      const nowMs = clock.now();
      const attachment = findAttachment(store, owner, vectorStoreId, fileId);
      const extraction = store.files.extraction(owner, fileId, seconds(nowMs));
      // The parsed text of a file whose indexing has completed; nothing for one in progress or failed.
      const done = renderAttachment(attachment, nowMs).status === 'completed';
      const data = done && extraction && 'text' in extraction ? [{ type: 'text', text: extraction.text }] : [];
      return c.json({ object: 'vector_store.file_content.page' as const, data, has_more: false, next_page: null });
    });
}
