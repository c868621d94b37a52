import { describe, expect, it } from 'vitest';
import { startHarness } from './helpers/harness.js';

const h = await startHarness();

describe('multipart field names', () => {
  it('a bracketed `__proto__[x]` field is an unknown parameter, never a property of every object', async () => {
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    form.append('purpose', 'assistants');
    form.append('__proto__[polluted]', 'yes');
    const response = await h.raw('/files', { method: 'POST', body: form });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: "Unknown parameter: '__proto__'.", type: 'invalid_request_error', param: '__proto__', code: 'unknown_parameter' },
    });
  });
});
