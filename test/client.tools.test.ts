import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '@assistants-mock/client';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { recordingClient, submissions } from './helpers/assistants-client.js';

const h = await startHarness({
  scenarios: defineScenarios([
    {
      name: 'every-kind-of-error',
      match: { message: 'tool errors' },
      script: [
        {
          call: [
            { mystery: {} },
            { lookup: 'not json{' },
            { lookup: { term: 3 } },
            { explode: {} },
            { slow: {} },
            { lookup: { term: 'fine' } },
          ],
        },
        { say: '{{outputs}}' },
      ],
    },
    {
      name: 'zod',
      match: { message: 'zod' },
      script: [{ call: [{ search: { term: 'sympy' } }, { search: { term: 'x' } }] }, { say: '{{outputs}}' }],
    },
    {
      name: 'values',
      match: { message: 'serialise' },
      script: [{ call: [{ give: { kind: 'text' } }, { give: { kind: 'object' } }, { give: { kind: 'nothing' } }, { give: { kind: 'bigint' } }] }, { say: '{{outputs}}' }],
    },
    { name: 'empty-arguments', match: { message: 'empty arguments' }, script: [{ call: { ping: '' } }, { say: '{{outputs.ping}}' }] },
  ]),
});

const lookup = defineTool<{ term: string }>({
  name: 'lookup',
  parameters: { type: 'object', properties: { term: { type: 'string' } }, required: ['term'], additionalProperties: false },
  handler: ({ term }) => ({ found: term }),
});
const explode = defineTool({ name: 'explode', parameters: { type: 'object' }, handler: () => Promise.reject(new Error('disk on fire')) });
const slow = defineTool({
  name: 'slow',
  parameters: { type: 'object' },
  timeoutMs: 20,
  handler: (_args, { signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
});
const search = defineTool({
  name: 'search',
  description: 'Searches the notes',
  schema: z.object({ term: z.string().min(2), limit: z.number().int().default(3) }),
  handler: ({ term, limit }) => `${limit} results for ${term}`,
});

async function assistantWith(key: string, names: string[]) {
  const { client, requests } = recordingClient(h, key);
  const assistant = await client.openai.beta.assistants.create({
    model: 'gpt-4o',
    tools: names.map((name) => ({ type: 'function', function: { name, parameters: { type: 'object' } } })),
  });
  return { client, requests, assistant };
}

describe('defineTool', () => {
  it('gives the function definition for the API from a JSON Schema', () => {
    expect(lookup.definition).toEqual({
      type: 'function',
      function: {
        name: 'lookup',
        parameters: { type: 'object', properties: { term: { type: 'string' } }, required: ['term'], additionalProperties: false },
      },
    });
  });

  it('turns a zod schema into the JSON Schema of its input', () => {
    expect(search.definition.function).toEqual({
      name: 'search',
      description: 'Searches the notes',
      parameters: {
        type: 'object',
        properties: { term: { type: 'string', minLength: 2 }, limit: { type: 'integer', default: 3, minimum: -9007199254740991, maximum: 9007199254740991 } },
        required: ['term'],
      },
    });
  });

  it('refuses a name the API would refuse, and needs exactly one of parameters and schema', () => {
    expect(() => defineTool({ name: 'has space', parameters: {}, handler: () => '' })).toThrow(
      "Tool name 'has space' must be 1-64 characters of a-z, A-Z, 0-9, _ or -.",
    );
    expect(() => defineTool({ name: 'neither', handler: () => '' } as never)).toThrow('needs exactly one of `parameters`');
    expect(() => defineTool({ name: 'both', parameters: {}, schema: z.object({}), handler: () => '' } as never)).toThrow('needs exactly one of');
  });

  it('refuses an invalid JSON Schema when it is defined, not when the model calls it', () => {
    expect(() => defineTool({ name: 'broken', parameters: { type: 'no-such-type' }, handler: () => '' })).toThrow(/schema is invalid/);
  });
});

describe('tool dispatch', () => {
  it('gives every call an output the model can read, submitted together, whatever went wrong', async () => {
    const { client, requests, assistant } = await assistantWith(uniqueKey('errors'), ['mystery', 'lookup', 'explode', 'slow']);
    const result = await client.run({ assistantId: assistant.id, message: 'tool errors', tools: [lookup, explode, slow] });

    expect(result.status).toBe('completed');
    expect(result.toolCalls.map((call) => [call.name, call.error?.kind, call.output])).toEqual([
      ['mystery', 'unknown_tool', JSON.stringify({ error: "Unknown tool 'mystery'. Available tools: lookup, explode, slow." })],
      ['lookup', 'invalid_json', expect.stringMatching(/^\{"error":"Arguments for 'lookup' are not valid JSON: .+"\}$/)],
      ['lookup', 'invalid_arguments', JSON.stringify({ error: "Invalid arguments for 'lookup': /term must be string" })],
      ['explode', 'handler_error', JSON.stringify({ error: "Tool 'explode' failed: disk on fire" })],
      ['slow', 'timeout', JSON.stringify({ error: "Tool 'slow' did not answer within 20 ms." })],
      ['lookup', undefined, '{"found":"fine"}'],
    ]);
    expect(result.toolCalls[3]!.error!.cause).toEqual(new Error('disk on fire'));
    expect(result.toolCalls.map((call) => call.args)).toEqual([undefined, undefined, { term: 3 }, {}, {}, { term: 'fine' }]);
    const sent = submissions(requests);
    expect(sent).toHaveLength(1);
    expect((sent[0]!.body as { tool_outputs: unknown[] }).tool_outputs).toEqual(
      result.toolCalls.map((call) => ({ tool_call_id: call.id, output: call.output })),
    );
    expect(result.text).toBe(result.toolCalls.map((call) => call.output).join('\n'));
  });

  it('validates with the zod schema itself, so its defaults reach the handler', async () => {
    const { client, assistant } = await assistantWith(uniqueKey('zod'), ['search']);
    const result = await client.run({ assistantId: assistant.id, message: 'zod', tools: [search] });
    expect(result.toolCalls.map((call) => [call.args, call.output])).toEqual([
      [{ term: 'sympy', limit: 3 }, '3 results for sympy'],
      [{ term: 'x' }, JSON.stringify({ error: "Invalid arguments for 'search': /term Too small: expected string to have >=2 characters" })],
    ]);
  });

  it('submits strings as they are and anything else as JSON', async () => {
    const give = defineTool<{ kind: string }>({
      name: 'give',
      parameters: { type: 'object' },
      handler: ({ kind }) => ({ text: 'plain text', object: { a: [1, 'b'] }, nothing: undefined, bigint: 1n })[kind],
    });
    const { client, assistant } = await assistantWith(uniqueKey('values'), ['give']);
    const result = await client.run({ assistantId: assistant.id, message: 'serialise', tools: [give] });
    expect(result.toolCalls.map((call) => call.output)).toEqual([
      'plain text',
      '{"a":[1,"b"]}',
      'null',
      JSON.stringify({ error: "Tool 'give' failed: Do not know how to serialize a BigInt" }),
    ]);
  });

  it('reads empty arguments as no arguments', async () => {
    const ping = defineTool({ name: 'ping', parameters: { type: 'object', properties: {} }, handler: (args) => `pong ${JSON.stringify(args)}` });
    const { client, assistant } = await assistantWith(uniqueKey('empty'), ['ping']);
    const result = await client.run({ assistantId: assistant.id, message: 'empty arguments', tools: [ping] });
    expect(result.toolCalls[0]).toMatchObject({ arguments: '', args: {}, output: 'pong {}' });
    expect(result.text).toBe('pong {}');
  });

  it('gives a handler its call id, the waiting run and a signal', async () => {
    const seen: unknown[] = [];
    const ping = defineTool({
      name: 'ping',
      parameters: { type: 'object' },
      handler: (_args, context) => {
        seen.push({ callId: context.callId, status: context.run.status, aborted: context.signal.aborted });
        return 'pong';
      },
    });
    const { client, assistant } = await assistantWith(uniqueKey('context'), ['ping']);
    const result = await client.run({ assistantId: assistant.id, message: 'empty arguments', tools: [ping] });
    expect(seen).toEqual([{ callId: result.toolCalls[0]!.id, status: 'requires_action', aborted: false }]);
  });
});
