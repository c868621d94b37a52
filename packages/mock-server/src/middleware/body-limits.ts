import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.js';
import { fileTooLarge } from '../routes/files.js';

/** Room for the multipart framing around an upload; the exact check is on the file's own size. */
const MULTIPART_SLACK_BYTES = 64 * 1024;

/** JSON bodies get `maxBodyBytes`; file uploads (`POST /v1/files`) get `maxUploadBytes`, each with its own 413. */
export function bodyLimits({ maxBodyBytes, maxUploadBytes }: { maxBodyBytes: number; maxUploadBytes: number }): MiddlewareHandler {
  const json = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new ApiError(413, {
        message: `Request body too large. The maximum size is ${maxBodyBytes} bytes.`,
        code: 'request_too_large',
      });
    },
  });
  const upload = bodyLimit({
    maxSize: maxUploadBytes + MULTIPART_SLACK_BYTES,
    onError: () => {
      throw fileTooLarge(maxUploadBytes);
    },
  });
  return (c, next) => (c.req.method === 'POST' && /^\/v1\/files\/?$/.test(c.req.path) ? upload : json)(c, next);
}
