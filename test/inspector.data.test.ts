import { describe, expect, it } from 'vitest';
import { defineScenarios, parseFixtureText } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { fakeUpstream } from './helpers/fake-upstream.js';

const clock = manualClock();
const h = await startHarness({
  clock,
  scenarios: defineScenarios([
    { name: 'slow', match: { message: 'slow' }, queued: 1000, script: [{ say: 'first', delay: 5000 }] },
    { name: 'call', match: { message: 'call' }, script: [{ call: [{ lookup: { q: 'a' } }, { lookup: { q: 'b' } }] }, { say: '{{outputs}}', delay: 300 }] },
    { name: 'search', match: { message: 'search' }, script: [{ file_search: { query: 'the query', results: [{ file_id: 'file_x', text: 'chunk' }] } }, { file_search: {} }] },
  ]),
});

const lookup = { type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } };

async function inspect<T>(path: string, key = 'sk-test-default'): Promise<T> {
  const response = await h.raw(`/../__assistants_mock/inspector${path}`, { headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

interface Detail {
  run: { status: string };
  source: { kind: string; name?: string; message?: string } | null;
  history: { status: string; at_ms: number; detail: Record<string, unknown> | null }[];
  file_search_queries: Record<string, string>;
}

async function start(text: string, tools = [lookup]) {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', name: 'Inspected', tools });
  const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: text }] });
  const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
  const detail = () => inspect<Detail>(`/threads/${thread.id}/runs/${run.id}`);
  return { assistant, thread, run, detail };
}

const offsets = (detail: Detail) => detail.history.map((entry) => [entry.status, entry.at_ms - detail.history[0]!.at_ms]);

describe('a run\'s status history on the run\'s clock', () => {
  it('is exact for a run read as it moves', async () => {
    const { detail } = await start('slow');
    clock.advance(1000);
    await detail();
    clock.advance(5000);
    const done = await detail();
    expect(offsets(done)).toEqual([['queued', 0], ['in_progress', 1000], ['completed', 6000]]);
    expect(done.source).toEqual({ kind: 'scenario', name: 'slow' });
  });

  it('puts each transition of a run nobody read within its own second, never after the read', async () => {
    const { detail } = await start('slow');
    clock.advance(7500);
    // started_at and completed_at say which second; the read came later.
    expect(offsets(await detail())).toEqual([['queued', 0], ['in_progress', 1999], ['completed', 6999]]);
  });

  it('keeps the calls asked for, the outputs that resumed the run, and a resumed start after them', async () => {
    const { run, thread, detail } = await start('call');
    const waiting = await h.client.beta.threads.runs.poll(run.id, { thread_id: thread.id });
    const calls = waiting.required_action!.submit_tool_outputs.tool_calls;
    clock.advance(2000);
    await h.client.beta.threads.runs.submitToolOutputs(run.id, {
      thread_id: thread.id,
      tool_outputs: calls.map((call, index) => ({ tool_call_id: call.id, output: `out ${index}` })),
    });
    await detail(); // read as a polling client would: the run starts again at once
    clock.advance(300);
    const done = await detail();
    expect(offsets(done)).toEqual([
      ['queued', 0],
      ['in_progress', 0],
      ['requires_action', 0],
      ['queued', 2000],
      ['in_progress', 2000],
      ['completed', 2300],
    ]);
    expect(done.history[2]!.detail).toEqual({ tool_calls: calls });
    expect(done.history[3]!.detail).toEqual({
      tool_outputs: calls.map((call, index) => ({ tool_call_id: call.id, name: 'lookup', output: `out ${index}` })),
    });
  });

  it('says what each file_search step searched for', async () => {
    const { detail } = await start('search please', [{ type: 'file_search' } as never]);
    const done = await detail();
    expect(done.run.status).toBe('completed');
    expect(Object.values(done.file_search_queries)).toEqual(['the query', 'search please']);
  });
});

describe('what the inspector routes show, and to whom', () => {
  it('serves the page and its assets without a key, and every data route only with one', async () => {
    for (const path of ['/__assistants_mock', '/__assistants_mock/', '/__assistants_mock/index.html']) {
      const page = await h.server.fetch(`http://x${path}`);
      expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('/__assistants_mock/assets/app.js')]);
    }
    const script = await h.server.fetch('http://x/__assistants_mock/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await script.text()).length).toBeGreaterThan(1000);
    const again = await h.server.fetch('http://x/__assistants_mock/assets/app.js', { headers: { 'if-none-match': script.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await h.server.fetch('http://x/__assistants_mock/assets/nope.js')).status).toBe(404);
    expect((await h.server.fetch('http://x/__assistants_mock/inspector/threads')).status).toBe(401);
  });

  it('lists the key\'s threads newest first, a page at a time, and no other key\'s', async () => {
    const made = [];
    for (const text of ['one', 'two', 'three']) made.push(await h.clientFor('sk-threads').beta.threads.create({ messages: [{ role: 'user', content: text }] }));
    type Page = { data: { thread: { id: string }; first_message: string }[]; has_more: boolean; last_id: string };
    const first = await inspect<Page>('/threads?limit=2', 'sk-threads');
    expect(first.data.map((row) => row.first_message)).toEqual(['three', 'two']);
    expect(first.has_more).toBe(true);
    const second = await inspect<Page>(`/threads?limit=2&after=${first.last_id}`, 'sk-threads');
    expect(second.data.map((row) => row.thread.id)).toEqual([made[0]!.id]);
    const stranger = await h.raw(`/../__assistants_mock/inspector/threads/${made[0]!.id}/runs`, { headers: { authorization: 'Bearer sk-stranger' } });
    expect([stranger.status, (await stranger.json()).error.message]).toEqual([404, `No thread found with id '${made[0]!.id}'.`]);
  });

  it('lists the runs that changed lately, newest change first, each once, with what played them', async () => {
    const client = h.clientFor('sk-recent');
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', tools: [lookup] });
    const waiting = await client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'call' }] } });
    const slow = await client.beta.threads.createAndRun({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'slow' }] } });
    const calls = waiting.required_action!.submit_tool_outputs.tool_calls;
    await client.beta.threads.runs.submitToolOutputs(waiting.id, { thread_id: waiting.thread_id, tool_outputs: calls.map((call) => ({ tool_call_id: call.id, output: 'ok' })) });
    type Recent = { data: { run: { id: string; status: string }; source: { name: string } }[] };
    const recent = await inspect<Recent>('/runs', 'sk-recent');
    expect(recent.data.map(({ run, source }) => [run.id, run.status, source.name])).toEqual([
      [waiting.id, 'in_progress', 'call'],
      [slow.id, 'queued', 'slow'],
    ]);
  });

  it('turns a miss into YAML that loads and makes the same run pass', async () => {
    const client = h.clientFor('sk-misses');
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', name: 'Nobody\'s "bot"' });
    const ask = () => client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: '안녕?\n\t"따옴표" \\ 백슬래시' }] } });
    const missed = await ask();
    expect(missed.status).toBe('failed');
    const misses = await inspect<{ data: { run_id: string; yaml: string; nearest: { name: string } }[] }>('/misses', 'sk-misses');
    expect(misses.data).toHaveLength(1);
    expect(misses.data[0]!.run_id).toBe(missed.id);
    expect(parseFixtureText(misses.data[0]!.yaml, 'miss', 'yaml')[0]!.match).toEqual({
      assistant: { name: 'Nobody\'s "bot"' },
      message: { equals: '안녕?\n\t"따옴표" \\ 백슬래시' },
    });
    const detail = await inspect<Detail>(`/threads/${missed.thread_id}/runs/${missed.id}`, 'sk-misses');
    expect(detail.source).toEqual({ kind: 'refused', message: missed.last_error!.message });

    const loaded = await h.raw('/../__assistants_mock/scenarios', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-misses', 'content-type': 'application/yaml' },
      body: misses.data[0]!.yaml,
    });
    expect(loaded.status).toBe(200);
    expect((await ask()).status).toBe('completed');
    const scenarios = await inspect<{ data: { name: string; scope: string }[] }>('/scenarios', 'sk-misses');
    expect(scenarios.data.map((s) => [s.name, s.scope])).toEqual([[misses.data[0]!.yaml.match(/name: "(.*)"/)![1], 'key'], ['slow', 'all'], ['call', 'all'], ['search', 'all']]);
  });
});

describe('what played a run, with a model upstream (hybrid)', () => {
  it('names the scenario a matched run played, and the model an unmatched one went to', async () => {
    const upstream = fakeUpstream();
    upstream.fallback(() => ({ text: 'From the model.' }));
    const hybrid = await startHarness({
      scenarios: defineScenarios([{ name: 'greeting', match: { message: 'hello' }, script: [{ say: 'hi' }] }]),
      upstream: { baseURL: upstream.baseURL, fetch: upstream.fetch, model: 'qwen2.5:7b' },
    });
    const assistant = await hybrid.client.beta.assistants.create({ model: 'gpt-4o' });
    const sources = [];
    for (const content of ['hello', 'something else']) {
      const run = await hybrid.client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content }] } });
      expect(run.status).toBe('completed');
      const detail = await hybrid.raw(`/../__assistants_mock/inspector/threads/${run.thread_id}/runs/${run.id}`);
      sources.push(((await detail.json()) as Detail).source);
    }
    expect(sources).toEqual([{ kind: 'scenario', name: 'greeting' }, { kind: 'live', name: 'qwen2.5:7b' }]);
  });
});
