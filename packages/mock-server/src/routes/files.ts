import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors.js';
import { bearerAuth } from '../middleware/auth.js';
import { fileTooLarge, uploadLimit } from '../middleware/upload-limit.js';
import { unixSeconds } from '../clock.js';
import { listResponse } from '../pagination.js';
import { readMultipart } from '../request-multipart.js';
import { parseOrThrow } from '../validation.js';
import { buildFile } from '../objects/file.js';
import { detachEverywhere } from '../retrieval/attach.js';
import { extractText } from '../retrieval/extract.js';
import type { Store } from '../store/index.js';

const createFile = z.strictObject({
  file: z.instanceof(File, { message: "Invalid type for 'file': expected a file." }),
  purpose: z.enum(['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals']),
  expires_after: z
    .strictObject({ anchor: z.literal('created_at'), seconds: z.coerce.number().int().min(3600).max(2_592_000) })
    .optional(),
});

/** `GET /files` pages like the others but allows up to 10,000 files a page (the default) and has no `before`. */
const listFilesQuery = z.object({
  purpose: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(10_000),
  order: z.enum(['asc', 'desc']).default('desc'),
  after: z.string().optional(),
});

/** The real service keeps these files for its tools and refuses to hand their bytes back. */
const NOT_DOWNLOADABLE = new Set(['assistants', 'user_data']);

/** The Files API words its 404 differently from the Assistants API, and names `id`. */
const noSuchFile = (id: string) => new ApiError(404, { message: `No such File object: ${id}`, param: 'id' });

function findFile(store: Store, owner: string, id: string, now: number) {
  const file = store.files.get(owner, id, now);
  if (!file) throw noSuchFile(id);
  return file;
}

export function filesRoutes({ store, clock, maxUploadBytes }: AppDeps) {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const body = parseOrThrow(createFile, await readMultipart(c));
      if (body.file.size > maxUploadBytes) throw fileTooLarge(maxUploadBytes);
      const bytes = new Uint8Array(await body.file.arrayBuffer());
      // Text is extracted once, at upload (PDF parsing is asynchronous and cannot run in a transaction).
      const extraction = await extractText(body.file.name, bytes);
      const file = buildFile({
        filename: body.file.name,
        bytes: bytes.byteLength,
        purpose: body.purpose,
        expiresAfterSeconds: body.expires_after?.seconds,
        createdAt: unixSeconds(clock),
      });
      store.transaction(() => store.files.insert(c.var.owner, file, bytes, extraction));
      return c.json(file);
    })
    .get('/', (c) => {
      const query = parseOrThrow(listFilesQuery, c.req.query());
      return c.json(listResponse(store.files.page(c.var.owner, query, unixSeconds(clock))));
    })
    .get('/:file_id', (c) => c.json(findFile(store, c.var.owner, c.req.param('file_id'), unixSeconds(clock))))
    .delete('/:file_id', (c) => {
      const owner = c.var.owner;
      const id = c.req.param('file_id');
      store.transaction(() => {
        findFile(store, owner, id, unixSeconds(clock));
        detachEverywhere(store, owner, id);
        store.files.delete(owner, id);
      });
      return c.json({ id, object: 'file' as const, deleted: true });
    })
    .get('/:file_id/content', (c) => {
      const owner = c.var.owner;
      const id = c.req.param('file_id');
      const file = findFile(store, owner, id, unixSeconds(clock));
      if (NOT_DOWNLOADABLE.has(file.purpose)) throw new ApiError(400, { message: `Not allowed to download files of purpose: ${file.purpose}` });
      const content = store.files.content(owner, id, unixSeconds(clock))!;
      return c.body(new Uint8Array(content), 200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      });
    });
}

/**
 * `/v1/files`, mounted ahead of `/v1` because an upload has its own size limit (`maxUploadBytes`)
 * instead of the JSON body limit. Same bearer auth; no beta header, as on the real service.
 */
export function filesApp(deps: AppDeps) {
  return new Hono<AppEnv>().use(uploadLimit(deps.maxUploadBytes)).use(bearerAuth(deps.apiKey)).route('/', filesRoutes(deps));
}
