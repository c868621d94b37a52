import { describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import { manualClock } from '@assistants-mock/server';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const clock = manualClock();
const h = await startHarness({ clock });
const START = Math.floor(clock.now() / 1000);

const upload = (client: OpenAI, text: string, filename: string, purpose: OpenAI.FilePurpose = 'assistants') =>
  toFile(Buffer.from(text), filename).then((file) => client.files.create({ file, purpose }));

describe('POST /files', () => {
  it('stores an upload and returns the real file object', async () => {
    const file = await upload(h.client, '오필리아: 왕자님, 안녕하셨어요?', 'hamlet.txt');
    expect(file.id).toMatch(/^file-[A-Za-z0-9]{24}$/);
    expect(file).toEqual({
      id: file.id,
      object: 'file',
      bytes: Buffer.byteLength('오필리아: 왕자님, 안녕하셨어요?'),
      created_at: START,
      filename: 'hamlet.txt',
      purpose: 'assistants',
      status: 'processed',
    });
    expect(await h.client.files.retrieve(file.id)).toEqual(file);
  });

  it('finishes files.waitForProcessing at once: uploads are processed when created', async () => {
    const file = await upload(h.client, 'x', 'x.txt');
    expect(await h.client.files.waitForProcessing(file.id, { pollInterval: 60_000 })).toEqual(file);
  });

  it('sets expires_at from expires_after, and batch files expire after 30 days by default', async () => {
    const file = await h.client.files.create({
      file: await toFile(Buffer.from('x'), 'x.txt'),
      purpose: 'user_data',
      expires_after: { anchor: 'created_at', seconds: 3600 },
    });
    expect(file.expires_at).toBe(START + 3600);
    const batch = await upload(h.client, '{"custom_id":"1"}\n', 'requests.jsonl', 'batch');
    expect(batch.expires_at).toBe(START + 30 * 86_400);
    const evals = await upload(h.client, '{}', 'evals.jsonl', 'evals');
    expect(evals.purpose).toBe('evals');
  });

  it('rejects a missing or unknown purpose, a missing file and unknown fields with the real errors', async () => {
    const file = await toFile(Buffer.from('x'), 'x.txt');
    const cases: [Record<string, unknown>, string, string, string][] = [
      [{ file }, 'purpose', 'missing_required_parameter', "Missing required parameter: 'purpose'."],
      [
        { file, purpose: 'fine_tune' },
        'purpose',
        'invalid_value',
        "Invalid value: 'fine_tune'. Supported values are: 'assistants', 'batch', 'fine-tune', 'vision', 'user_data', and 'evals'.",
      ],
      [{ purpose: 'assistants' }, 'file', 'missing_required_parameter', "Missing required parameter: 'file'."],
      [{ file, purpose: 'assistants', colour: 'red' }, 'colour', 'unknown_parameter', "Unknown parameter: 'colour'."],
      [
        { file, purpose: 'assistants', expires_after: { anchor: 'last_active_at', seconds: 3600 } },
        'expires_after.anchor',
        'invalid_value',
        "Invalid value: 'last_active_at'. Supported values are: 'created_at'.",
      ],
    ];
    for (const [body, param, code, message] of cases) {
      const error = await apiError(h.client.files.create(body as never));
      expect(error.status, param).toBe(400);
      expect(error.body).toEqual({ message, type: 'invalid_request_error', param, code });
    }
    const tooShort = await apiError(
      h.client.files.create({ file, purpose: 'batch', expires_after: { anchor: 'created_at', seconds: 60 } }),
    );
    expect([tooShort.status, tooShort.body.param]).toEqual([400, 'expires_after.seconds']);
  });

  it('answers a JSON body with a clear 400', async () => {
    const response = await h.raw('/files', { method: 'POST', json: { purpose: 'assistants' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message:
          "Unsupported content type: 'application/json'. This API method only accepts 'multipart/form-data' requests, but you specified the header 'Content-Type: application/json'. Please try again with a supported content type.",
        type: 'invalid_request_error',
        param: null,
        code: 'unsupported_content_type',
      },
    });
  });

  it('needs no OpenAI-Beta header', async () => {
    const form = new FormData();
    form.append('purpose', 'assistants');
    form.append('file', new File(['hello'], 'hello.txt'));
    const response = await h.raw('/files', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { filename: string }).filename).toBe('hello.txt');
  });
});

describe('upload size limit', () => {
  it('refuses a file above maxUploadBytes with a 413 naming the limit', async () => {
    const small = await startHarness({ maxUploadBytes: 1000 });
    const ok = await upload(small.client, 'x'.repeat(1000), 'exact.txt');
    expect(ok.bytes).toBe(1000);
    const error = await apiError(upload(small.client, 'x'.repeat(1001), 'big.txt'));
    expect(error.error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(413);
    expect(error.body).toEqual({
      message: 'File too large: the maximum upload size is 1000 bytes.',
      type: 'invalid_request_error',
      param: 'file',
      code: 'file_too_large',
    });
    const wayTooBig = await apiError(upload(small.client, 'x'.repeat(200_000), 'huge.txt'));
    expect([wayTooBig.status, wayTooBig.body.code]).toEqual([413, 'file_too_large']);
  });
});

describe('GET /files', () => {
  it('lists newest first, filters by purpose, pages with after and limit', async () => {
    const client = h.clientFor(uniqueKey('files-list'));
    const a = await upload(client, 'a', 'a.txt');
    const b = await upload(client, 'b', 'b.jsonl', 'batch');
    const c = await upload(client, 'c', 'c.txt');
    const all = await client.files.list();
    expect(all.data.map((f) => f.id)).toEqual([c.id, b.id, a.id]);
    expect(all.has_more).toBe(false);
    const assistantsOnly = await client.files.list({ purpose: 'assistants', order: 'asc' });
    expect(assistantsOnly.data.map((f) => f.id)).toEqual([a.id, c.id]);
    const first = await client.files.list({ limit: 2 });
    expect([first.data.map((f) => f.id), first.has_more]).toEqual([[c.id, b.id], true]);
    const rest = await client.files.list({ limit: 2, after: b.id });
    expect([rest.data.map((f) => f.id), rest.has_more]).toEqual([[a.id], false]);
    const ids: string[] = [];
    for await (const file of client.files.list({ limit: 1 })) ids.push(file.id);
    expect(ids).toEqual([c.id, b.id, a.id]);
  });

  it('allows limit up to 10,000, not beyond', async () => {
    expect((await h.client.files.list({ limit: 10_000 })).data.length).toBeGreaterThan(0);
    const error = await apiError(h.client.files.list({ limit: 10_001 }));
    expect([error.status, error.body.param]).toEqual([400, 'limit']);
  });

  it('hides files whose expires_at has passed', async () => {
    const client = h.clientFor(uniqueKey('files-expiry'));
    const file = await client.files.create({
      file: await toFile(Buffer.from('x'), 'x.txt'),
      purpose: 'user_data',
      expires_after: { anchor: 'created_at', seconds: 3600 },
    });
    clock.advance(3600 * 1000);
    expect((await client.files.list()).data).toEqual([]);
    expect((await apiError(client.files.retrieve(file.id))).status).toBe(404);
  });
});

describe('retrieve, delete and content', () => {
  it('deletes a file: object `file`, then 404 with the Files API wording', async () => {
    const file = await upload(h.client, 'x', 'x.txt');
    expect(await h.client.files.delete(file.id)).toEqual({ id: file.id, object: 'file', deleted: true });
    for (const call of [h.client.files.retrieve(file.id), h.client.files.delete(file.id), h.client.files.content(file.id)]) {
      const error = await apiError(call);
      expect(error.error).toBeInstanceOf(OpenAI.NotFoundError);
      expect(error.body).toEqual({ message: `No such File object: ${file.id}`, type: 'invalid_request_error', param: 'id', code: null });
    }
  });

  it('returns the raw bytes of a downloadable file', async () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x00, 0xff, 0x41, 0x0a]);
    const file = await h.client.files.create({ file: await toFile(bytes, 'requests.jsonl'), purpose: 'batch' });
    const response = await h.client.files.content(file.id);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('refuses to download assistants and user_data files, as the real service does', async () => {
    for (const purpose of ['assistants', 'user_data'] as const) {
      const file = await upload(h.client, 'secret', 'x.txt', purpose);
      const error = await apiError(h.client.files.content(file.id));
      expect(error.status).toBe(400);
      expect(error.body).toEqual({
        message: `Not allowed to download files of purpose: ${purpose}`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    }
  });

  it('scopes files to the API key', async () => {
    const file = await upload(h.client, 'x', 'x.txt');
    const other = h.clientFor(uniqueKey('files-other'));
    expect((await apiError(other.files.retrieve(file.id))).status).toBe(404);
    expect((await other.files.list()).data).toEqual([]);
  });
});
