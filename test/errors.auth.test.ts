import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startHarness, type Harness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const NO_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.";

/** An SDK client whose requests lose their Authorization header on the way out. */
const clientWithoutAuthorization = (h: Harness) =>
  new OpenAI({
    baseURL: h.baseURL,
    apiKey: 'unused',
    maxRetries: 0,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.delete('authorization');
      return h.fetch(input, { ...init, headers });
    },
  });

const h = await startHarness();
const key = 'sk-proj-configured-key-1234';
const guarded = await startHarness({ apiKey: key });

describe('authentication without a configured key', () => {
  it('answers 401 with the real message when Authorization is missing', async () => {
    const { error, body } = await apiError(clientWithoutAuthorization(h).beta.assistants.list());
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(body).toEqual({ message: NO_KEY, type: 'invalid_request_error', param: null, code: null });
  });

  it('answers 401 for an Authorization header that is not a bearer key', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'sk-no-scheme']) {
      const response = await h.raw('/assistants', { headers: { authorization, 'openai-beta': 'assistants=v2' } });
      expect(response.status, authorization).toBe(401);
      expect(await response.json()).toEqual({ error: { message: NO_KEY, type: 'invalid_request_error', param: null, code: null } });
    }
  });

  it('accepts any bearer key', async () => {
    await expect(h.clientFor('sk-anything-at-all').beta.assistants.list()).resolves.toMatchObject({ data: [] });
  });
});

describe('authentication with a configured key (`apiKey` option, `--api-key` flag)', () => {
  it('accepts the configured key', async () => {
    await expect(guarded.client.beta.assistants.create({ model: 'gpt-4o' })).resolves.toMatchObject({ object: 'assistant' });
  });

  it('answers 401 invalid_api_key for another key, redacting it as the real service does', async () => {
    // A 51-character key, as in a real 401 seen in the wild: `sk-XG6GW***************************************wlmi`.
    const wrongKey = `sk-XG6GW${'q'.repeat(39)}wlmi`;
    const { error, body } = await apiError(guarded.clientFor(wrongKey).beta.assistants.list());
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(body).toEqual({
      message:
        'Incorrect API key provided: sk-XG6GW***************************************wlmi. You can find your API key at https://platform.openai.com/account/api-keys.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
  });

  it('still answers the missing-key 401 when Authorization is absent', async () => {
    const { status, body } = await apiError(clientWithoutAuthorization(guarded).beta.threads.create());
    expect([status, body.message, body.code]).toEqual([401, NO_KEY, null]);
  });
});
