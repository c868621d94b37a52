import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** OpenAI's error object: every 4xx/5xx body is `{ error: ApiErrorBody }`. */
export interface ApiErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** No error message or param is longer than this, whatever the request echoed into it. */
const MAX_MESSAGE_CHARS = 4096;

/** `text` cut to at most `max` characters, marked with an ellipsis when it was cut (never inside a surrogate pair). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 2] ?? '') ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

/** An error that carries its HTTP response; `app.onError` renders it. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly body: ApiErrorBody;

  constructor(status: ContentfulStatusCode, body: Partial<ApiErrorBody> & { message: string }) {
    super(cut(body.message, MAX_MESSAGE_CHARS));
    this.status = status;
    this.body = {
      message: this.message,
      type: body.type ?? 'invalid_request_error',
      param: body.param == null ? null : cut(body.param, MAX_MESSAGE_CHARS),
      code: body.code ?? null,
    };
  }
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new ApiError(400, { message, param, code });

/** The real service words 404s as `No <noun> found with id '<id>'.` */
export const notFound = (noun: string, id: string) =>
  new ApiError(404, { message: `No ${noun} found with id '${id}'.` });

export const serverError = (message = 'The server had an error while processing your request. Sorry about that!') =>
  new ApiError(500, { message, type: 'server_error' });

/** A body sent with a content type the endpoint does not take, in the real service's words. */
export const unsupportedContentType = (given: string, accepted: 'application/json' | 'multipart/form-data') =>
  new ApiError(400, {
    message: `Unsupported content type: '${given}'. This API method only accepts '${accepted}' requests, but you specified the header 'Content-Type: ${given}'. Please try again with a supported content type.`,
    code: 'unsupported_content_type',
  });
