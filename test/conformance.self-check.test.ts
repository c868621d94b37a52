import { describe, expect, it } from 'vitest';
import { checkResponse, checkStreamBlock, checkStreamEvent, conformanceEnabled, takeConformanceFailures } from './helpers/conformance.js';
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

  it('checks a stream event against the AssistantStreamEvent member of its name', async () => {
    checkStreamEvent({ event: 'thread.run.completed', data: { id: 'run_1', object: 'thread.run' } }, 'self-check');
    checkStreamEvent({ event: 'thread.run.finished', data: {} }, 'self-check');
    checkStreamEvent({ event: 'done', data: 'DONE' }, 'self-check');
    const failures = takeConformanceFailures();
    expect(failures).toHaveLength(3);
    expect(failures[0]).toContain('RunStreamEvent');
    expect(failures[1]).toContain("'thread.run.finished' is not an AssistantStreamEvent");
  });

  it('accepts an error event wrapped as the SDKs read it, and a well-formed delta (see ALLOWANCES)', async () => {
    checkStreamEvent({ event: 'error', data: { error: { message: 'x', type: 'server_error', param: null, code: null } } }, 'self-check');
    checkStreamBlock('event: done\ndata: [DONE]', 'self-check');
    checkStreamBlock(
      'event: thread.message.delta\ndata: {"id":"msg_1","object":"thread.message.delta","delta":{"content":[{"index":0,"type":"text","text":{"value":"Hi"}}]}}',
      'self-check',
    );
    expect(takeConformanceFailures()).toEqual([]);
  });

  it('flags an SSE block that is not framed as event/data, or whose data is not JSON', async () => {
    checkStreamBlock('data: {"id":"run_1"}', 'self-check');
    checkStreamBlock('event: thread.run.created\r\ndata: {}', 'self-check');
    checkStreamBlock('event: thread.run.created\ndata: {oops', 'self-check');
    const failures = takeConformanceFailures();
    expect(failures).toHaveLength(3);
    expect(failures[2]).toContain('not JSON');
  });
});
