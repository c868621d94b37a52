import OpenAI from 'openai';
import type { ApiErrorBody } from '@assistants-mock/server';

export interface CaughtApiError {
  /** The SDK class the error arrived as (BadRequestError, NotFoundError ...). */
  error: InstanceType<typeof OpenAI.APIError>;
  status: number | undefined;
  body: ApiErrorBody;
}

/** Awaits a call that must fail with an API error and returns it typed; anything else fails the test. */
export async function apiError(call: Promise<unknown>): Promise<CaughtApiError> {
  const outcome = await call.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected an API error, got ${JSON.stringify(outcome.value).slice(0, 300)}`);
  if (!(outcome.error instanceof OpenAI.APIError)) throw outcome.error;
  return { error: outcome.error, status: outcome.error.status, body: outcome.error.error as ApiErrorBody };
}
