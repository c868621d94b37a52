import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const h = await startHarness();
const small = await startHarness({ maxBodyBytes: 4_096 });
const BETA = { 'openai-beta': 'assistants=v2' };
const error = (message: string, code: string | null = null, param: string | null = null) => ({
  error: { message, type: 'invalid_request_error', param, code },
});

describe('the OpenAI-Beta header', () => {
  const MISSING =
    "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.";

  it('is required on assistants, threads and messages (curl users forget it; the SDK never does)', async () => {
    const thread = await h.client.beta.threads.create();
    const requests: [string, RequestInit][] = [
      ['/assistants', {}],
      ['/assistants', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o' }), headers: { 'content-type': 'application/json' } }],
      ['/assistants/asst_x', {}],
      ['/threads', { method: 'POST' }],
      [`/threads/${thread.id}`, {}],
      [`/threads/${thread.id}/messages`, {}],
      [`/threads/${thread.id}/messages/msg_x`, { method: 'DELETE' }],
    ];
    for (const [path, init] of requests) {
      const response = await h.raw(path, init);
      expect(response.status, path).toBe(400);
      expect(await response.json()).toEqual(error(MISSING, 'invalid_beta'));
    }
  });

  it('names v1 as deprecated', async () => {
    const response = await h.raw('/assistants', { headers: { 'openai-beta': 'assistants=v1' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^The v1 Assistants API has been deprecated\./);
  });

  it('is found among several comma-separated betas', async () => {
    const response = await h.raw('/assistants', { headers: { 'openai-beta': 'realtime=v1, assistants=v2' } });
    expect(response.status).toBe(200);
  });
});

describe('unknown ids', () => {
  it('answer 404 NotFoundError with the real wording for assistants, threads and messages', async () => {
    const thread = await h.client.beta.threads.create();
    const cases: [() => Promise<unknown>, string][] = [
      [() => h.client.beta.assistants.retrieve('asst_nope'), "No assistant found with id 'asst_nope'."],
      [() => h.client.beta.assistants.update('asst_nope', { name: 'x' }), "No assistant found with id 'asst_nope'."],
      [() => h.client.beta.assistants.delete('asst_nope'), "No assistant found with id 'asst_nope'."],
      [() => h.client.beta.threads.retrieve('thread_nope'), "No thread found with id 'thread_nope'."],
      [() => h.client.beta.threads.update('thread_nope', { metadata: {} }), "No thread found with id 'thread_nope'."],
      [() => h.client.beta.threads.delete('thread_nope'), "No thread found with id 'thread_nope'."],
      [() => h.client.beta.threads.messages.list('thread_nope'), "No thread found with id 'thread_nope'."],
      [() => h.client.beta.threads.messages.retrieve('msg_nope', { thread_id: thread.id }), "No message found with id 'msg_nope'."],
      [() => h.client.beta.threads.messages.update('msg_nope', { thread_id: thread.id, metadata: {} }), "No message found with id 'msg_nope'."],
      [() => h.client.beta.threads.messages.delete('msg_nope', { thread_id: thread.id }), "No message found with id 'msg_nope'."],
    ];
    for (const [call, message] of cases) {
      const caught = await apiError(call());
      expect(caught.error, message).toBeInstanceOf(OpenAI.NotFoundError);
      expect(caught.body).toEqual(error(message).error);
      expect(caught.error.requestID).toMatch(/^req_[0-9a-f]{32}$/);
    }
  });

  it('are checked before the body is applied, so nothing is written', async () => {
    await apiError(h.client.beta.threads.messages.create('thread_nope', { role: 'user', content: 'x' }));
    expect(h.server.store.db.prepare('SELECT count(*) AS n FROM messages WHERE parent_id = ?').get('thread_nope')).toEqual({ n: 0 });
  });
});

describe('unknown routes', () => {
  it('answer 404 `Invalid URL (METHOD /v1/path)`', async () => {
    const caught = await apiError(h.client.get('/no_such_resource'));
    expect(caught.error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(caught.body).toEqual(error('Invalid URL (GET /v1/no_such_resource)').error);
    const cases: [string, string, string][] = [
      ['PUT', '/assistants', 'Invalid URL (PUT /v1/assistants)'],
      ['PATCH', '/threads/thread_1', 'Invalid URL (PATCH /v1/threads/thread_1)'],
      ['GET', '/threads/thread_1/messages/msg_1/extra', 'Invalid URL (GET /v1/threads/thread_1/messages/msg_1/extra)'],
      ['DELETE', '/threads', 'Invalid URL (DELETE /v1/threads)'],
      ['GET', '/v2/assistants', 'Invalid URL (GET /v1/v2/assistants)'],
    ];
    for (const [method, path, message] of cases) {
      const response = await h.raw(path, { method, headers: BETA });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.json()).toEqual(error(message));
    }
  });
});

describe('malformed requests', () => {
  const INVALID_JSON =
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

  it('rejects a body that is not JSON', async () => {
    for (const body of ['{', '{"model": "gpt-4o",}', "{'model': 'gpt-4o'}", 'model=gpt-4o', '\u0000']) {
      const response = await h.raw('/assistants', { method: 'POST', body, headers: { ...BETA, 'content-type': 'application/json' } });
      expect(response.status, body).toBe(400);
      expect(await response.json()).toEqual(error(INVALID_JSON));
    }
  });

  it('rejects a body sent with another content type', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await h.raw('/threads', { method: 'POST', body: '{}', headers: { ...BETA, 'content-type': contentType } });
      expect(response.status, contentType).toBe(400);
      expect(await response.json()).toEqual(
        error(
          `Unsupported content type: '${contentType}'. This API method only accepts 'application/json' requests, but you specified the header 'Content-Type: ${contentType}'. Please try again with a supported content type.`,
          'unsupported_content_type',
        ),
      );
    }
  });

  it('accepts JSON content types with parameters', async () => {
    const response = await h.raw('/threads', { method: 'POST', body: '{}', headers: { ...BETA, 'content-type': 'application/json; charset=utf-8' } });
    expect(response.status).toBe(200);
  });

  it('answers 413 for a body over the limit, through the SDK and raw', async () => {
    const caught = await apiError(small.client.beta.threads.create({ metadata: { big: 'x'.repeat(500) }, messages: [{ role: 'user', content: 'y'.repeat(5_000) }] }));
    expect(caught.status).toBe(413);
    expect(caught.body).toEqual(error('Request body too large. The maximum size is 4096 bytes.', 'request_too_large').error);
    const response = await small.raw('/assistants', { method: 'POST', body: JSON.stringify({ model: 'x'.repeat(10_000) }), headers: { ...BETA, 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
    await expect(small.client.beta.threads.create({ messages: [{ role: 'user', content: 'y'.repeat(3_000) }] })).resolves.toMatchObject({ object: 'thread' });
  });

  it('names deeply nested params the way the API does', async () => {
    const cases: [() => Promise<unknown>, string, string][] = [
      [
        () => h.client.beta.threads.create({ messages: [{ role: 'user', content: 'ok' }, { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: {} }] }] } as never),
        'messages[1].content[1].image_url.url',
        "Missing required parameter: 'messages[1].content[1].image_url.url'.",
      ],
      [
        () => h.client.beta.assistants.create({ model: 'm', tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'has space' } }] }),
        'tools[1].function.name',
        "Invalid 'tools[1].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.",
      ],
      [
        () => h.client.beta.assistants.create({ model: 'm', tools: [{ type: 'retrieval' }] } as never),
        'tools[0].type',
        "Invalid value: 'retrieval'. Supported values are: 'code_interpreter', 'function', and 'file_search'.",
      ],
      [
        () => h.client.beta.assistants.create({ model: 'm', tools: [{}] } as never),
        'tools[0].type',
        "Missing required parameter: 'tools[0].type'.",
      ],
      [
        () => h.client.beta.assistants.create({ model: 'm', response_format: { type: 'yaml' } } as never),
        'response_format.type',
        "Invalid value: 'yaml'. Supported values are: 'text', 'json_object', and 'json_schema'.",
      ],
      [
        () => h.client.beta.assistants.create({ model: 'm', response_format: 7 } as never),
        'response_format',
        "Invalid type for 'response_format': expected one of a string or an object, but got an integer instead.",
      ],
      [
        () => h.client.beta.threads.create({ messages: [{ role: 'user', content: 'x', attachments: [{ file_id: 'f', tools: [{ type: 'file_search', extra: true }] }] }] } as never),
        'messages[0].attachments[0].tools[0].extra',
        "Unknown parameter: 'messages[0].attachments[0].tools[0].extra'.",
      ],
      [
        () => h.client.beta.threads.create({ messages: [{ role: 'user', content: [] }] }),
        'messages[0].content',
        "Invalid 'messages[0].content': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      ],
      [
        () => h.client.beta.threads.create({ messages: [{ role: 'developer', content: 'x' }] } as never),
        'messages[0].role',
        "Invalid value: 'developer'. Supported values are: 'user' and 'assistant'.",
      ],
    ];
    for (const [call, param, message] of cases) {
      const caught = await apiError(call());
      expect(caught.error, param).toBeInstanceOf(OpenAI.BadRequestError);
      expect([caught.body.param, caught.body.message]).toEqual([param, message]);
    }
  });

  it('rejects a JSON body that is not an object', async () => {
    const cases: [string, string][] = [['[]', 'an array'], ['"text"', 'a string'], ['42', 'an integer'], ['null', 'null'], ['true', 'a boolean']];
    for (const [body, got] of cases) {
      const response = await h.raw('/threads', { method: 'POST', body, headers: { ...BETA, 'content-type': 'application/json' } });
      expect(response.status, body).toBe(400);
      expect(await response.json()).toEqual(error(`Invalid type for the request body: expected an object, but got ${got} instead.`, 'invalid_type'));
    }
  });
});
