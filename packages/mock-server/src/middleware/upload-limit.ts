import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import { sizeLimit } from './size-limit.js';

/** Room for the multipart framing around a file; the exact check is on the file's own size. */
const MULTIPART_SLACK_BYTES = 64 * 1024;

export const fileTooLarge = (limit: number) =>
  new ApiError(413, {
    message: `File too large: the maximum upload size is ${limit} bytes.`,
    param: 'file',
    code: 'file_too_large',
  });

/** The 413 for an upload body far over `maxUploadBytes`, before it is read whole. */
export function uploadLimit(maxUploadBytes: number): MiddlewareHandler {
  const limit = sizeLimit(maxUploadBytes + MULTIPART_SLACK_BYTES, () => fileTooLarge(maxUploadBytes));
  return (c, next) => (c.req.method === 'POST' ? limit(c, next) : next());
}
