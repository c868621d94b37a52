import { describe, expect, it } from 'vitest';
import { startHarness } from './helpers/harness.js';

const h = await startHarness();

/** Fields the real service sends that the SDK's Assistant type does not declare. */
const extra = (object: object) => object as { reasoning_effort?: unknown };

const lookup = { type: 'function' as const, function: { name: 'lookup' } };

describe('assistant tool_resources, as the real service fills them', () => {
  it('an enabled code_interpreter or file_search tool gets an empty resource entry', async () => {
    const cases = [
      [[{ type: 'code_interpreter' as const }], { code_interpreter: { file_ids: [] } }],
      [[{ type: 'file_search' as const }], { file_search: { vector_store_ids: [] } }],
      [[{ type: 'code_interpreter' as const }, { type: 'file_search' as const }], { code_interpreter: { file_ids: [] }, file_search: { vector_store_ids: [] } }],
      [[lookup], {}],
      [[], {}],
    ] as const;
    for (const [tools, expected] of cases) {
      const created = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [...tools] });
      expect(created.tool_resources, JSON.stringify(tools)).toEqual(expected);
      expect((await h.client.beta.assistants.retrieve(created.id)).tool_resources).toEqual(expected);
    }
  });

  it('keeps the resources the request names beside the empty entries', async () => {
    const created = await h.client.beta.assistants.create({
      model: 'gpt-4o',
      tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
      tool_resources: { code_interpreter: { file_ids: ['file-abc'] } },
    });
    expect(created.tool_resources).toEqual({ code_interpreter: { file_ids: ['file-abc'] }, file_search: { vector_store_ids: [] } });
  });

  it('a modify that enables a tool adds its entry; one that names resources replaces them', async () => {
    const created = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [lookup] });
    const enabled = await h.client.beta.assistants.update(created.id, { tools: [lookup, { type: 'code_interpreter' }] });
    expect(enabled.tool_resources).toEqual({ code_interpreter: { file_ids: [] } });
    const named = await h.client.beta.assistants.update(created.id, { tool_resources: { code_interpreter: { file_ids: ['file-1'] } } });
    expect(named.tool_resources).toEqual({ code_interpreter: { file_ids: ['file-1'] } });
    const renamed = await h.client.beta.assistants.update(created.id, { name: 'kept' });
    expect(renamed.tool_resources).toEqual({ code_interpreter: { file_ids: ['file-1'] } });
  });
});

describe('assistant reasoning_effort', () => {
  it('is null unless set, and echoes what create or modify set', async () => {
    const plain = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    expect(extra(plain).reasoning_effort).toBeNull();
    expect(extra(await h.client.beta.assistants.retrieve(plain.id)).reasoning_effort).toBeNull();
    const set = await h.client.beta.assistants.create({ model: 'o3-mini', reasoning_effort: 'high' });
    expect(extra(set).reasoning_effort).toBe('high');
    expect(extra(await h.client.beta.assistants.update(set.id, { reasoning_effort: 'low' })).reasoning_effort).toBe('low');
    expect(extra(await h.client.beta.assistants.retrieve(set.id)).reasoning_effort).toBe('low');
  });
});
