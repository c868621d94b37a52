import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness, uniqueKey } from './helpers/harness.js';

const h = await startHarness({
  scenarios: defineScenarios([{ name: 'tuned', match: { assistant: { model: 'ft:gpt-4o-mini:acme::tutor' } }, script: [{ say: 'Hi' }] }]),
});

describe('GET /v1/models, the health check apps run', () => {
  it('lists the models in the real list shape: the catalog, the scenarios’ models and this key’s assistants’', async () => {
    const client = h.clientFor(uniqueKey('models'));
    const assistant = await client.beta.assistants.create({ model: 'my-local-model' });
    const page = await client.models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4o', 'gpt-4o-mini', 'ft:gpt-4o-mini:acme::tutor', 'my-local-model']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(page.data.find((m) => m.id === 'gpt-4o')).toEqual({ id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' });
    expect(page.data.find((m) => m.id === 'my-local-model')).toEqual({ id: 'my-local-model', object: 'model', created: assistant.created_at, owned_by: 'system' });
    const raw = (await (await h.raw('/models', { headers: { authorization: `Bearer ${uniqueKey('raw')}` } })).json()) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(['object', 'data']);
    expect(raw.object).toBe('list');
    // Another key does not see this key's assistants' models.
    expect((await h.clientFor(uniqueKey('other')).models.list()).data.map((m) => m.id)).not.toContain('my-local-model');
  });

  it('retrieves one model, and answers an unknown one with the real 404', async () => {
    expect(await h.client.models.retrieve('gpt-4o-mini')).toEqual({ id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' });
    expect((await h.client.models.retrieve('ft:gpt-4o-mini:acme::tutor')).id).toBe('ft:gpt-4o-mini:acme::tutor');
    await expect(h.client.models.retrieve('gpt-nonexistent')).rejects.toMatchObject({
      status: 404,
      error: { message: "The model 'gpt-nonexistent' does not exist", type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
  });

  it('needs an API key like every endpoint, but no OpenAI-Beta header', async () => {
    const anonymous = await h.raw('/models', { headers: { authorization: '' } });
    expect(anonymous.status).toBe(401);
    const plain = await h.raw('/models');
    expect(plain.status).toBe(200);
  });
});
