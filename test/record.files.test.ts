import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixtureError, loadFixtureFile, loadFixtures } from '@assistants-mock/fixtures';
import { ownerOf, recordRun, type RecordedStep, type RunRecording } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'record-files-'));
const timing = { delay: 0, pace: 0 };
const say = (text: string): RecordedStep => ({ action: { kind: 'say', text, ...timing } });
const recording = (over: Partial<RunRecording> = {}): RunRecording => ({
  assistant: { name: 'Tutor', model: 'gpt-4o' },
  message: 'What is 2 + 2?',
  history: [],
  steps: [say('4')],
  ...over,
});

describe('recorded files', () => {
  it('keep texts and arguments byte for byte through YAML', () => {
    const dir = tmp();
    const texts = ['  leading spaces', 'trailing newline\n', 'a: b # not a comment', '- list?', '물이 나를 끌어당겼다【4:1†Hamlet_KOR.pdf】 🌊', 'line\n\n  indented\n', "'quotes' \"both\"", 'null', '123', ''];
    for (const [i, text] of texts.entries()) recordRun(dir, recording({ message: `q${i}`, steps: [say(text)] }));
    const args = ['{"a":1}', '{"a": 1}', '{"x":1.0}', '[1,2]', 'not json', '{"nested":{"k":["v",null,true]}}'];
    recordRun(dir, recording({ message: 'calls', steps: [{ action: { kind: 'call', calls: args.map((a) => ({ name: 'f', arguments: a })), ...timing } }] }));
    const scenarios = loadFixtureFile(join(dir, 'Tutor.yaml'));
    expect(scenarios.slice(0, texts.length).map((s) => (s.script[0] as { say: string }).say)).toEqual(texts);
    const calls = (scenarios.at(-1)!.script[0] as { call: Record<string, unknown>[] }).call;
    expect(calls.map((c) => (typeof c.f === 'string' ? c.f : JSON.stringify(c.f)))).toEqual(args);
    // Arguments the scripted driver writes back exactly read as YAML; the others stay the model's string.
    expect(readFileSync(join(dir, 'Tutor.yaml'), 'utf8')).toContain('- f:\n              a: 1\n');
  });

  it('keep a model\'s text holding {{ and }} byte for byte, as literal text (no template)', () => {
    const dir = tmp();
    const texts = ['{{', '}}', '{{cite:1}}', 'a {{message}} b }} {{outputs.x}}', '{{ {{cite:0}} }}\n'];
    for (const [i, text] of texts.entries()) recordRun(dir, recording({ message: `q${i}`, steps: [{ action: { kind: 'say', text, literal: true, ...timing } }] }));
    const scenarios = loadFixtureFile(join(dir, 'Tutor.yaml'));
    expect(scenarios.map((s) => s.script[0])).toEqual(texts.map((text) => ({ say: text, literal: true })));
  });

  it('keep every scenario: a second recording with the same match goes after it (new) or before it (all)', () => {
    const dir = tmp();
    recordRun(dir, recording({ steps: [say('first')] }));
    const again = recordRun(dir, recording({ steps: [say('second')] }), 'new');
    const rerecorded = recordRun(dir, recording({ steps: [say('third')] }), 'all');
    expect(again.sameMatch).toEqual(['What is 2 + 2?']);
    expect(rerecorded.sameMatch).toEqual(['What is 2 + 2?', 'What is 2 + 2? #2']);
    expect(loadFixtures([dir]).map((s) => [s.name, s.script])).toEqual([
      ['What is 2 + 2? #3', [{ say: 'third' }]],
      ['What is 2 + 2?', [{ say: 'first' }]],
      ['What is 2 + 2? #2', [{ say: 'second' }]],
    ]);
  });

  it('keep what a person wrote in the file, comments included', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'Tutor.yaml'), '# hand-written\nscenarios:\n  - name: greeting # keep me\n    match: { message: hi }\n    script: [{ say: hello }]\n');
    recordRun(dir, recording());
    const text = readFileSync(join(dir, 'Tutor.yaml'), 'utf8');
    expect(text).toContain('# hand-written');
    expect(text).toContain('# keep me');
    expect(loadFixtures([dir]).map((s) => s.name)).toEqual(['greeting', 'What is 2 + 2?']);
  });

  it('name files after the assistant, safely', () => {
    const dir = tmp();
    expect(recordRun(dir, recording({ assistant: { name: '../../etc/passwd', model: 'm' } })).file).toBe(join(dir, 'etc_passwd.yaml'));
    expect(recordRun(dir, recording({ assistant: { name: 'a<b>:c|d?*', model: 'm' } })).file).toBe(join(dir, 'a_b_c_d_.yaml'));
    expect(recordRun(dir, recording({ assistant: { name: null, model: 'gpt-4o' } })).file).toBe(join(dir, 'unnamed-assistant.yaml'));
    expect(recordRun(dir, recording({ assistant: { name: '수학 선생님', model: 'm' } })).file).toBe(join(dir, '수학 선생님.yaml'));
  });

  it('edited with a typo, fail to load with the file, scenario and field, and are never overwritten', () => {
    const dir = tmp();
    const { file } = recordRun(dir, recording({ steps: [say('4')] }));
    writeFileSync(file, readFileSync(file, 'utf8').replace('- say:', '- sya:'));
    const expected = `${file}: scenario "What is 2 + 2?", script[0]: a step needs exactly one of say, call, code_interpreter, file_search, fail, incomplete, empty (got sya)`;
    expect(() => loadFixtures([dir])).toThrow(expected);
    const broken = readFileSync(file, 'utf8');
    expect(() => recordRun(dir, recording({ message: 'another' }))).toThrow(FixtureError);
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });
});

describe('replaying a recorded tool loop', () => {
  it('given other tool outputs than recorded, goes on as recorded and notes it in the journal', async () => {
    const dir = tmp();
    const call = { kind: 'call' as const, calls: [{ name: 'lookup', arguments: '{"q":"x"}' }], ...timing };
    recordRun(dir, recording({ steps: [{ action: call, outputs: [{ tool_call_id: 'call_old', name: 'lookup', output: '42' }] }, say('It is 42.')] }));
    const h = await startHarness({ scenarios: loadFixtures([dir]) });
    const { beta } = h.client;
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    const assistant = await beta.assistants.create({ name: 'Tutor', model: 'gpt-4o', tools });
    const answer = async (output: string) => {
      const thread = await beta.threads.create({ messages: [{ role: 'user', content: 'What is 2 + 2?' }] });
      const run = await beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
      const id = run.required_action!.submit_tool_outputs.tool_calls[0]!.id;
      const done = await beta.threads.runs.submitToolOutputsAndPoll(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: id, output }] });
      return { thread, done };
    };
    expect((await answer('42')).done.status).toBe('completed');
    expect(h.server.journal()).toEqual([]);
    const { thread, done } = await answer('41');
    expect(done.status).toBe('completed');
    expect(h.server.journal()).toEqual([
      {
        owner: ownerOf('sk-test-default'),
        threadId: thread.id,
        message: 'What is 2 + 2?',
        nearest: null,
        error: 'Scenario "What is 2 + 2?": the tool outputs submitted after script[0] were ["41"], the recording had ["42"]; the run goes on as recorded.',
      },
    ]);
  });
});
