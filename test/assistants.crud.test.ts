import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const h = await startHarness();

describe('assistants', () => {
  it('creates an assistant with the real defaults', async () => {
    const a = await h.client.beta.assistants.create({ model: 'gpt-4o', name: '수학 선생님' });
    expect(a.id).toMatch(/^asst_[A-Za-z0-9]{24}$/);
    expect(a).toMatchObject({
      object: 'assistant',
      name: '수학 선생님',
      description: null,
      model: 'gpt-4o',
      instructions: null,
      tools: [],
      tool_resources: {},
      metadata: {},
      temperature: 1,
      top_p: 1,
      response_format: 'auto',
    });
    expect(Number.isInteger(a.created_at)).toBe(true);
  });

  it('retrieves, modifies and deletes', async () => {
    const a = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    expect(await h.client.beta.assistants.retrieve(a.id)).toEqual(a);
    const modified = await h.client.beta.assistants.update(a.id, { name: 'renamed', metadata: { k: 'v' } });
    // `auto` reads back as {type: 'text'} after a modify, as in seed notebook 002 (tools.defaults.test.ts).
    expect(modified).toEqual({ ...a, name: 'renamed', metadata: { k: 'v' }, response_format: { type: 'text' } });
    const deleted = await h.client.beta.assistants.delete(a.id);
    expect(deleted).toEqual({ id: a.id, object: 'assistant.deleted', deleted: true });
    await expect(h.client.beta.assistants.retrieve(a.id)).rejects.toMatchObject({
      status: 404,
      error: { message: `No assistant found with id '${a.id}'.`, type: 'invalid_request_error', param: null, code: null },
    });
  });

  it('rejects a missing model with the real error', async () => {
    const { error, body } = await apiError(h.client.beta.assistants.create({} as never));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(body).toEqual({
      message: "Missing required parameter: 'model'.",
      type: 'invalid_request_error',
      param: 'model',
      code: 'missing_required_parameter',
    });
  });

  it('rejects unknown fields, bad types and out-of-range values naming the param', async () => {
    const cases: [Record<string, unknown>, string, string, string][] = [
      [{ model: 'm', colour: 'red' }, 'colour', 'unknown_parameter', "Unknown parameter: 'colour'."],
      [{ model: 'm', temperature: 'hot' }, 'temperature', 'invalid_type', "Invalid type for 'temperature': expected a decimal, but got a string instead."],
      [{ model: 'm', temperature: 3 }, 'temperature', 'decimal_above_max_value', "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead."],
      [{ model: 'm', name: 'x'.repeat(257) }, 'name', 'string_above_max_length', "Invalid 'name': string too long. Expected a string with maximum length 256, but got a string with length 257 instead."],
      [{ model: 'm', tools: [{ type: 'function', function: { name: 'f', extra: 1 } }] }, 'tools[0].function.extra', 'unknown_parameter', "Unknown parameter: 'tools[0].function.extra'."],
      [{ model: 5 }, 'model', 'invalid_type', "Invalid type for 'model': expected a string, but got an integer instead."],
    ];
    for (const [body, param, code, message] of cases) {
      const error = await apiError(h.client.beta.assistants.create(body as never));
      expect(error.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(error.body).toEqual({ message, type: 'invalid_request_error', param, code });
    }
  });

  it('enforces metadata limits: 16 pairs, keys up to 64 and values up to 512 characters', async () => {
    const seventeen = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    const cases = [
      [seventeen, 'metadata'],
      [{ ['k'.repeat(65)]: 'v' }, 'metadata'],
      [{ k: 'v'.repeat(513) }, `metadata.k`],
    ] as const;
    for (const [metadata, param] of cases) {
      const error = await apiError(h.client.beta.assistants.create({ model: 'm', metadata }));
      expect(error.status).toBe(400);
      expect(error.body.param).toBe(param);
    }
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`.padEnd(64, 'x'), 'v'.repeat(512)]));
    await expect(h.client.beta.assistants.create({ model: 'm', metadata: sixteen })).resolves.toMatchObject({ metadata: sixteen });
  });
});
