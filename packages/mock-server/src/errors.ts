import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** OpenAI's error object: every 4xx/5xx body is `{ error: ApiErrorBody }`. */
export interface ApiErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** An error that carries its HTTP response; `app.onError` renders it. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly body: ApiErrorBody;

  constructor(status: ContentfulStatusCode, body: Partial<ApiErrorBody> & { message: string }) {
    super(body.message);
    this.status = status;
    this.body = {
      message: body.message,
      type: body.type ?? 'invalid_request_error',
      param: body.param ?? null,
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
