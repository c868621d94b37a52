import { describe, expect, it } from 'vitest';
import { checkResponse, conformanceEnabled, takeConformanceFailures } from './helpers/conformance.js';
import { SPEC_MISSING_REASON } from './helpers/openapi.js';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe.skipIf(!conformanceEnabled())(conformanceEnabled() ? 'the OpenAPI response check itself' : SPEC_MISSING_REASON, () => {
  it('flags an assistant that lacks required fields', async () => {
    await checkResponse(new Request('http://x/v1/assistants/asst_1'), json({ id: 'asst_1', object: 'assistant' }));
    const failures = takeConformanceFailures();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('getAssistant');
  });

  it('flags an error body without `param` and `code`', async () => {
    await checkResponse(new Request('http://x/v1/threads/t'), json({ error: { message: 'x', type: 't' } }, 404));
    expect(takeConformanceFailures()).toHaveLength(1);
  });

  it('accepts an empty list with null cursors (observed behaviour, see ALLOWANCES)', async () => {
    await checkResponse(
      new Request('http://x/v1/assistants'),
      json({ object: 'list', data: [], first_id: null, last_id: null, has_more: false }),
    );
    expect(takeConformanceFailures()).toEqual([]);
  });
});
