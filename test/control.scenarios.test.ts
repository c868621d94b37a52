import { describe, expect, it } from 'vitest';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { ownerOf } from '@assistants-mock/server';

const h = await startHarness({ over: 'http' });
const controlURL = h.baseURL.replace(/\/v1$/, '/__assistants_mock');

const control = (key: string, path: string, init: RequestInit = {}) =>
  fetch(`${controlURL}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...init.headers } });

async function answer(key: string, text: string) {
  const client = h.clientFor(key);
  const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
  const run = await client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: text }] } });
  const [message] = (await client.beta.threads.messages.list(run.thread_id)).data;
  return message?.role === 'assistant' && message.content[0]?.type === 'text' ? message.content[0].text.value : run.status;
}

describe('scenario overrides over HTTP, for tests in another process or language', () => {
  it('POST /__assistants_mock/scenarios (YAML) puts scenarios in front for the caller’s key only; DELETE restores', async () => {
    const mine = uniqueKey('mine');
    const theirs = uniqueKey('theirs');
    const yaml = 'scenarios:\n  - name: hello\n    match: { message: hi }\n    script:\n      - say: "Hello from YAML"\n';
    const posted = await control(mine, '/scenarios', { method: 'POST', body: yaml, headers: { 'content-type': 'application/yaml' } });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toEqual({ object: 'list', data: ['hello'] });
    expect(await answer(mine, 'hi there')).toBe('Hello from YAML');
    expect(await answer(theirs, 'hi there')).toBe('failed');

    const journal = await (await control(theirs, '/journal')).json();
    expect(journal).toMatchObject({ object: 'list', data: [{ owner: ownerOf(theirs), message: 'hi there' }] });

    expect((await control(mine, '/scenarios', { method: 'DELETE' })).status).toBe(200);
    expect(await answer(mine, 'hi there')).toBe('failed');
  });

  it('takes JSON too, and answers a fixture mistake with a 400 naming the scenario and field', async () => {
    const key = uniqueKey('json');
    const ok = await control(key, '/scenarios', {
      method: 'POST',
      body: JSON.stringify({ scenarios: [{ name: 'j', script: [{ say: 'from JSON' }] }] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(ok.status).toBe(200);
    expect(await answer(key, 'anything')).toBe('from JSON');

    const bad = await control(key, '/scenarios', { method: 'POST', body: 'scenarios:\n  - name: typo\n    script:\n      - sya: hi\n' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        message: 'request body: scenario "typo", script[0]: a step needs exactly one of say, call, code_interpreter, file_search, fail, incomplete, empty (got sya)',
        type: 'invalid_request_error',
        param: 'script[0]',
        code: 'invalid_fixture',
      },
    });
  });

  it('refuses a regex that does not compile, which would otherwise break every run of the key', async () => {
    const key = uniqueKey('regex');
    const bad = await control(key, '/scenarios', { method: 'POST', body: 'scenarios:\n  - name: r\n    match: { message: { regex: "[" } }\n    script: [{ say: hi }]\n' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        message: 'request body: scenario "r", match.message.regex: not a linear-time (RE2) regex: error parsing regexp: missing closing ]: `[` (lookaround and backreferences are not supported)',
        type: 'invalid_request_error',
        param: 'match.message.regex',
        code: 'invalid_fixture',
      },
    });
    expect(await answer(key, 'anything')).toBe('failed');
  });

  it('plays a backtracking-prone regex posted by one key in linear time, stalling nobody', async () => {
    const key = uniqueKey('redos');
    const posted = await control(key, '/scenarios', { method: 'POST', body: 'scenarios:\n  - name: evil\n    match: { message: { regex: "^(a+)+$" } }\n    script: [{ say: matched }]\n' });
    expect(posted.status).toBe(200);
    expect(await answer(key, `${'a'.repeat(40)}!`)).toBe('failed');
    expect(await answer(key, 'a'.repeat(40))).toBe('matched');
  });

  it('needs a bearer key like the API', async () => {
    const response = await fetch(`${controlURL}/scenarios`, { method: 'DELETE' });
    expect(response.status).toBe(401);
  });
});
