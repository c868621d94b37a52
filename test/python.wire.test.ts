import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';

// What the Python SDK's transport (httpx) sends and reads, checked from Node so it holds without Python.
const clock = manualClock();
const h = await startHarness({
  clock,
  scenarios: defineScenarios([{ name: 'slow', match: { message: 'slow' }, queued: 1000, script: [{ say: 'done' }] }]),
});

/** A multipart upload framed byte for byte as httpx frames `files.create(file=(name, data))`; the name goes in as given. */
function rawUpload(quotedFileName: string, data: string) {
  const boundary = '6d1c2f3a9b8e4c7d';
  const body = [
    `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quotedFileName}"\r\nContent-Type: text/plain\r\n\r\n${data}\r\n`,
    `--${boundary}--\r\n`,
  ].join('');
  return h.raw('/files', { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

describe('uploads framed by httpx', () => {
  it('read a backslash escaped as `\\\\` in the filename as one backslash, and `%22` as a quote', async () => {
    const response = await rawUpload('C:\\\\data\\\\%22q%22.txt', 'hello');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ filename: 'C:\\data\\"q".txt', bytes: 5, purpose: 'batch' });
  });

  it('keep a lone backslash, as curl and browsers send it', async () => {
    const response = await rawUpload('a\\b.txt', 'x');
    expect(await response.json()).toMatchObject({ filename: 'a\\b.txt' });
  });
});

describe('openai-poll-after-ms', () => {
  it('is whole milliseconds even when the clock is not (Python parses it with int())', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'slow' }] });
    const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    clock.advance(400.25);
    const { response } = await h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id }).withResponse();
    expect(response.headers.get('openai-poll-after-ms')).toBe('600');
  });
});
