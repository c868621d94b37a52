import { Hono } from 'hono';
import type { z } from 'zod';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError, badRequest } from '../errors.js';
import { ID_PREFIX, newId } from '../ids.js';
import { listResponse } from '../pagination.js';
import { parseOrThrow } from '../validation.js';
import { readBody } from '../request.js';
import { justCreated, renderAttachment, renderBatch, type FileBatchRecord } from '../objects/vector-store.js';
import { assertFilesExist, attachFile, seconds, type AttachRequest } from '../retrieval/attach.js';
import { resolveChunking } from '../retrieval/chunking.js';
import { findVectorStore } from '../retrieval/vector-stores.js';
import * as vs from '../schemas/vector-stores.js';
import type { Store } from '../store/index.js';
import { findLiveVectorStore, indexingContext, setPollAfter } from './vector-store-context.js';

function findBatch(store: Store, owner: string, vectorStoreId: string, batchId: string): FileBatchRecord {
  findVectorStore(store, owner, vectorStoreId);
  const batch = store.fileBatches.get({ owner, parentId: vectorStoreId }, batchId);
  if (!batch) throw new ApiError(404, { message: `No file batch found with id '${batchId}' in vector store '${vectorStoreId}'.` });
  return batch;
}

/**
 * `file_ids` (with the batch's `chunking_strategy` and `attributes`) or `files` (each with its own),
 * never both; a file named twice is attached once.
 */
function attachRequests(body: z.output<typeof vs.createFileBatch>): AttachRequest[] {
  if (body.file_ids && body.files) {
    throw badRequest("'file_ids' and 'files' are mutually exclusive: provide only one of them.", 'files', 'invalid_value');
  }
  let requests: AttachRequest[];
  if (body.files) {
    requests = body.files.map((file, index) => ({
      fileId: file.file_id,
      chunkingStrategy: resolveChunking(file.chunking_strategy, `files[${index}].chunking_strategy`),
      attributes: file.attributes ?? {},
    }));
  } else if (body.file_ids) {
    const chunkingStrategy = resolveChunking(body.chunking_strategy);
    requests = body.file_ids.map((fileId) => ({ fileId, chunkingStrategy, attributes: body.attributes ?? {} }));
  } else {
    throw badRequest("Missing required parameter: 'file_ids'.", 'file_ids', 'missing_required_parameter');
  }
  const byFile = new Map(requests.map((request) => [request.fileId, request]));
  return [...byFile.values()];
}

export function fileBatchesRoutes(deps: AppDeps) {
  const { store, clock } = deps;
  const show = (owner: string, batch: FileBatchRecord, nowMs: number) =>
    renderBatch(batch, store.vectorStoreFiles.stats(owner, { batchId: batch.id }, nowMs));

  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const body = await readBody(c, vs.createFileBatch);
      const requests = attachRequests(body);
      const ctx = indexingContext(deps, c);
      const vectorStoreId = c.req.param('vector_store_id')!;
      const created = store.transaction(() => {
        findLiveVectorStore(ctx, vectorStoreId);
        assertFilesExist(ctx, requests.map((request) => request.fileId));
        const batch: FileBatchRecord = {
          id: newId(ID_PREFIX.fileBatch),
          object: 'vector_store.files_batch',
          created_at: seconds(ctx.nowMs),
          vector_store_id: vectorStoreId,
          cancelled: false,
        };
        store.fileBatches.insert({ owner: ctx.owner, parentId: vectorStoreId }, batch);
        for (const request of requests) attachFile(ctx, vectorStoreId, request, batch.id);
        return renderBatch(batch, justCreated(store.vectorStoreFiles.stats(ctx.owner, { batchId: batch.id }, ctx.nowMs)));
      });
      setPollAfter(c, created.status);
      return c.json(created);
    })
    .get('/:batch_id', (c) => {
      const owner = c.var.owner;
      const batch = findBatch(store, owner, c.req.param('vector_store_id')!, c.req.param('batch_id'));
      const shown = show(owner, batch, clock.now());
      setPollAfter(c, shown.status);
      return c.json(shown);
    })
    .post('/:batch_id/cancel', (c) => {
      const owner = c.var.owner;
      const vectorStoreId = c.req.param('vector_store_id')!;
      const nowMs = clock.now();
      const cancelled = store.transaction(() => {
        const batch = findBatch(store, owner, vectorStoreId, c.req.param('batch_id'));
        const status = show(owner, batch, nowMs).status;
        if (status !== 'in_progress') throw badRequest(`Cannot cancel vector store file batch with status '${status}'.`);
        for (const attachment of store.vectorStoreFiles.ofBatch(batch.id)) {
          if (attachment.readyAtMs > nowMs) store.vectorStoreFiles.cancel(attachment, nowMs);
        }
        const next = { ...batch, cancelled: true };
        store.fileBatches.update({ owner, parentId: vectorStoreId }, next);
        return show(owner, next, nowMs);
      });
      return c.json(cancelled);
    })
    .get('/:batch_id/files', (c) => {
      const owner = c.var.owner;
      const vectorStoreId = c.req.param('vector_store_id')!;
      const query = parseOrThrow(vs.vectorStoreFileListQuery, c.req.query());
      const batch = findBatch(store, owner, vectorStoreId, c.req.param('batch_id'));
      const nowMs = clock.now();
      const page = store.vectorStoreFiles.page({ owner, vectorStoreId, batchId: batch.id, status: query.filter, nowMs }, query);
      return c.json(listResponse({ ...page, data: page.data.map((attachment) => renderAttachment(attachment, nowMs)) }));
    });
}
