import { describe, expect, it } from 'vitest';
import { startHarness } from './helpers/harness.js';

const overSocket = await startHarness({ over: 'http' });
const inProcess = await startHarness();
const beta = { 'openai-beta': 'assistants=v2', 'content-type': 'application/json' };

const nested = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
const manyKeys = (count: number) => `{${Array.from({ length: count }, (_, i) => `"k${i}":"v"`).join(',')}}`;

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { message: string; type: string; param: string | null; code: string | null } };
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  return { status: response.status, ...body.error };
}

describe.each([
  ['over a socket', overSocket],
  ['in process', inProcess],
])('request bodies %s', (_, h) => {
  const post = (path: string, body: string) => h.raw(path, { method: 'POST', headers: beta, body });

  it('refuses nesting past 100 levels with a 400 naming where, for function parameters and json_schema alike', async () => {
    const deepParameters = `{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","parameters":${nested(5000)}}}]}`;
    const error = await errorOf(await post('/assistants', deepParameters));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^Invalid 'tools\[0\]\.function\.parameters(\.a)+': nested too deeply\. Expected at most 100 levels/);
    expect(error.message.length).toBeLessThan(500);

    const deepSchema = `{"model":"gpt-4o","response_format":{"type":"json_schema","json_schema":{"name":"s","schema":${nested(4100)}}}}`;
    expect((await errorOf(await post('/assistants', deepSchema))).status).toBe(400);
    expect((await errorOf(await post('/threads', '['.repeat(100_000)))).message).toMatch(/nested too deeply/);
  });

  it('keeps a schema 30 levels deep, as sent', async () => {
    const parameters = JSON.parse(nested(30, '{"type":"object"}')) as Record<string, unknown>;
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f', parameters } }] });
    const [tool] = assistant.tools;
    expect(tool?.type === 'function' && tool.function.parameters).toEqual(parameters);
  });

  it('counts a million metadata keys without building them, and says how many', async () => {
    const error = await errorOf(await post('/threads', `{"metadata":${manyKeys(1_000_000)}}`));
    expect(error).toEqual({
      status: 400,
      message: "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 1000000 properties instead.",
      type: 'invalid_request_error',
      param: 'metadata',
      code: 'object_above_max_size',
    });
  });

  it('takes at most 32 messages on thread create, 128 tools on an assistant', async () => {
    const messages = JSON.stringify({ messages: Array.from({ length: 300_000 }, () => ({ role: 'user', content: 'x' })) });
    expect(await errorOf(await post('/threads', messages))).toMatchObject({
      status: 400,
      message: "Invalid 'messages': array too long. Expected an array with maximum length 32, but got an array with length 300000 instead.",
      param: 'messages',
      code: 'array_above_max_length',
    });
    const ok = await h.client.beta.threads.create({ messages: Array.from({ length: 32 }, () => ({ role: 'user' as const, content: 'x' })) });
    expect(ok.object).toBe('thread');
    const tools = JSON.stringify({ model: 'gpt-4o', tools: Array.from({ length: 129 }, () => ({ type: 'code_interpreter' })) });
    expect(await errorOf(await post('/assistants', tools))).toMatchObject({ param: 'tools', code: 'array_above_max_length' });
  });

  it('caps arrays and objects no schema bounds, and values in all', async () => {
    const wide = `{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","parameters":${manyKeys(20_000)}}}]}`;
    expect(await errorOf(await post('/assistants', wide))).toMatchObject({
      status: 400,
      param: 'tools[0].function.parameters',
      message: "Invalid 'tools[0].function.parameters': too many properties. Expected an object with at most 10000 properties, but got an object with 20000 properties instead.",
    });
    const values = `{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","parameters":{"x":[${Array.from({ length: 300 }, () => `[${'0,'.repeat(999)}0]`).join(',')}]}}}]}`;
    expect(await errorOf(await post('/assistants', values))).toMatchObject({ status: 413, code: 'request_too_large' });
  });

  it('never echoes an unbounded value in a 400', async () => {
    const long = 'x'.repeat(1_000_000);
    const badEnum = await errorOf(await post('/threads', JSON.stringify({ messages: [{ role: long, content: 'x' }] })));
    expect(badEnum.message).toMatch(/^Invalid value: 'xxxx/);
    expect(badEnum.message.length).toBeLessThan(1000);
    const badKey = await errorOf(await post('/threads', JSON.stringify({ [long]: 1 })));
    expect(badKey.code).toBe('unknown_parameter');
    expect(badKey.message.length + (badKey.param?.length ?? 0)).toBeLessThan(1000);
  });

  it('keeps `__proto__` in metadata and function parameters as an ordinary key', async () => {
    const created = await post('/threads', '{"metadata":{"__proto__":"x","a":"b"}}');
    expect(created.status).toBe(200);
    const thread = (await created.json()) as { id: string; metadata: Record<string, string> };
    expect(Object.entries(thread.metadata)).toEqual([['__proto__', 'x'], ['a', 'b']]);
    const read = await h.raw(`/threads/${thread.id}`, { headers: beta });
    expect(await read.text()).toContain('"metadata":{"__proto__":"x","a":"b"}');

    const notAString = await errorOf(await post('/threads', '{"metadata":{"__proto__":5}}'));
    expect(notAString).toMatchObject({ status: 400, param: 'metadata.__proto__', code: 'invalid_type' });
    expect(notAString.message).toBe("Invalid type for 'metadata.__proto__': expected a string, but got an integer instead.");
    const escaped = await errorOf(await post('/threads', '{"metadata":{"\\u005f_proto__":{"polluted":true}}}'));
    expect(escaped.param).toBe('metadata.__proto__');

    const parameters = '{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"}}}';
    const assistant = await post('/assistants', `{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","parameters":${parameters}}}]}`);
    expect(assistant.status).toBe(200);
    expect(JSON.stringify(((await assistant.json()) as { tools: [{ function: { parameters: unknown } }] }).tools[0].function.parameters)).toBe(parameters);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('says what is wrong with a number JSON cannot hold (1e309)', async () => {
    const error = await errorOf(await post('/assistants', '{"model":"gpt-4o","temperature":1e309}'));
    expect(error).toEqual({
      status: 400,
      message: "Invalid 'temperature': number out of range. Expected a finite number, but got a number too large to represent instead.",
      type: 'invalid_request_error',
      param: 'temperature',
      code: 'invalid_value',
    });
    expect((await errorOf(await post('/assistants', '{"model":"gpt-4o","top_p":-1e400}'))).message).toContain('a number too small to represent');
  });
});

describe('scenario bodies posted to the control route', () => {
  const control = (body: string, contentType: string) =>
    inProcess.server.fetch('http://assistants-mock.local/__assistants_mock/scenarios', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-control-depth', 'content-type': contentType },
      body,
    });

  it('refuses YAML nested past 64 levels and JSON past 100 with a 400 that names no stack overflow', async () => {
    for (const yaml of [`scenarios:\n  - name: x\n    script:\n      - call:\n          f: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, `scenarios:\n  - ${'- '.repeat(5000)}x\n`]) {
      const error = await errorOf(await control(yaml, 'application/yaml'));
      expect(error).toMatchObject({ status: 400, code: 'invalid_fixture', message: 'request body: file: nested too deeply: more than 64 levels of collections' });
    }
    const json = await errorOf(await control(`{"scenarios":[{"name":"x","script":[{"call":{"f":${nested(5000)}}}]}]}`, 'application/json'));
    expect(json).toMatchObject({ status: 400, code: 'invalid_value' });
    expect(json.message).toMatch(/^Invalid 'scenarios\[0\]\.script\[0\]\.call\.f(\.a)+': nested too deeply/);
  });
});
