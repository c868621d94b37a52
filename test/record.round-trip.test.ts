import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import { defineScenarios, loadFixtures, type ScenarioInput } from '@assistants-mock/fixtures';
import { startHarness, type Harness } from './helpers/harness.js';
import { transcript } from './helpers/transcript.js';

/**
 * Record, then replay: a server with `record` writes every run as a scenario; a second server given
 * only those files plays the same conversations to the same transcripts. The recording server's
 * "model" is a set of hand-written scenarios swapped before each run (so it answers the same
 * question differently in another context, as a model does).
 */
const dir = mkdtempSync(join(tmpdir(), 'record-'));
const recorder = await startHarness({ record: { dir } });

const HAMLET = 'Ophelia drowned in the brook, her garments spread wide.\n\nHamlet speaks to the skull of Yorick.';
const QUIZ = { type: 'function' as const, function: { name: 'display_quiz', parameters: { type: 'object', properties: {} } } };
const EXAMINE = { type: 'function' as const, function: { name: 'examine_server', parameters: { type: 'object', properties: {} } } };

/** Makes `say` the "model's" only answer for the next run of this client. */
function model(h: Harness, key: string, ...script: ScenarioInput['script']) {
  h.server.reset(key);
  h.server.useFor(key, ...defineScenarios([{ name: 'model', script }]));
}

/** The seed-like flows; `play` is called before each run (the recording server sets the model's answer there). */
async function flows(client: OpenAI, play: (...script: ScenarioInput['script']) => void) {
  const { beta } = client;
  const tutor = await beta.assistants.create({ name: 'Math Tutor', model: 'gpt-4o', instructions: 'Answer briefly.' });
  const threads: string[] = [];

  // Multi-turn, and the same question asked twice in one thread after different earlier context.
  const thread = await beta.threads.create();
  threads.push(thread.id);
  for (const [question, answer] of [
    ['What is 2 + 2?', '4'],
    ['And times 3?', '12'],
    ['What is 5 + 5?', '10'],
    ['And times 3?', '30'],
  ] as const) {
    await beta.threads.messages.create(thread.id, { role: 'user', content: question });
    play({ say: answer });
    await beta.threads.runs.createAndPoll(thread.id, { assistant_id: tutor.id });
  }

  // Parallel calls, then a second round of tool calls, then the answer made from the outputs.
  const quizzer = await beta.assistants.create({ name: 'Quiz / Bot', model: 'gpt-4o', tools: [QUIZ, EXAMINE] });
  const quiz = await beta.threads.create({ messages: [{ role: 'user', content: 'Quiz me, then check the server.' }] });
  threads.push(quiz.id);
  play(
    { call: [{ display_quiz: { title: 'Sums', n: 1 } }, { display_quiz: '{"title": "Products", "n": 2}' }] },
    { call: { examine_server: {} } },
    { say: 'Quiz answers: {{outputs.display_quiz}}; server: {{outputs.examine_server}}' },
  );
  let run = await beta.threads.runs.createAndPoll(quiz.id, { assistant_id: quizzer.id });
  const first = run.required_action!.submit_tool_outputs.tool_calls;
  run = await beta.threads.runs.submitToolOutputsAndPoll(run.id, {
    thread_id: quiz.id,
    tool_outputs: first.map((call, i) => ({ tool_call_id: call.id, output: `answer ${i}` })),
  });
  const second = run.required_action!.submit_tool_outputs.tool_calls;
  await beta.threads.runs.submitToolOutputsAndPoll(run.id, { thread_id: quiz.id, tool_outputs: [{ tool_call_id: second[0]!.id, output: 'cpu 3%' }] });

  // file_search with a citation, on this server's own upload.
  const store = await client.vectorStores.create({ name: 'Hamlet' });
  await client.vectorStores.fileBatches.uploadAndPoll(store.id, { files: [await toFile(Buffer.from(HAMLET), 'hamlet.txt')] });
  const reader = await beta.assistants.create({
    name: 'Reader',
    model: 'gpt-4o',
    tools: [{ type: 'file_search' }],
    tool_resources: { file_search: { vector_store_ids: [store.id] } },
  });
  const cited = await beta.threads.create({ messages: [{ role: 'user', content: 'How does Ophelia die?' }] });
  threads.push(cited.id);
  play({ file_search: { query: 'Ophelia brook' } }, { say: 'She drowned in the brook{{cite:0}}.' });
  await beta.threads.runs.createAndPoll(cited.id, { assistant_id: reader.id });

  // Endings: incomplete after a partial answer, and a failure.
  const ended = await beta.threads.create({ messages: [{ role: 'user', content: 'Write an essay.' }] });
  threads.push(ended.id);
  play({ say: 'Once upon a time' }, { incomplete: 'max_completion_tokens' });
  await beta.threads.runs.createAndPoll(ended.id, { assistant_id: tutor.id });
  await beta.threads.messages.create(ended.id, { role: 'user', content: 'Try again.' });
  play({ fail: { code: 'rate_limit_exceeded', message: 'Rate limit reached for requests.' } });
  await beta.threads.runs.createAndPoll(ended.id, { assistant_id: tutor.id });

  // The SSE event sequence, by type, of a streamed run.
  const streamed = await beta.threads.create({ messages: [{ role: 'user', content: 'Stream it.' }] });
  threads.push(streamed.id);
  play({ say: 'Streaming\nin two lines.' });
  const events: string[] = [];
  for await (const event of beta.threads.runs.stream(streamed.id, { assistant_id: tutor.id })) events.push(event.event);

  return { transcripts: await Promise.all(threads.map((id) => transcript(client, id))), events };
}

const key = 'sk-recording-session';
const recorded = await flows(recorder.clientFor(key), (...script) => model(recorder, key, ...script));
await recorder.server.close();

const replayer = await startHarness({ scenarios: loadFixtures([dir]) });
const replayed = await flows(replayer.client, () => {});

describe('a recorded session replays to the same transcripts', () => {
  it('every flow: texts, annotations, tool calls, step types, statuses, usage, SSE event types', () => {
    expect(replayer.server.journal()).toEqual([]);
    expect(replayed).toEqual(recorded);
  });

  it('the recordings are what the runs did (not two servers failing alike)', () => {
    const [thread, quiz, cited, ended] = replayed.transcripts;
    expect(thread!.messages.filter((m) => m.role === 'assistant').map((m) => m.content[0])).toMatchObject([
      { text: '4' },
      { text: '12' },
      { text: '10' },
      { text: '30' },
    ]);
    expect(quiz!.runs[0]!.steps.map((s) => s.calls?.map((c) => ('function' in c ? [c.function, c.arguments] : c)))).toEqual([
      [
        ['display_quiz', '{"title":"Sums","n":1}'],
        ['display_quiz', '{"title": "Products", "n": 2}'],
      ],
      [['examine_server', '{}']],
      undefined,
    ]);
    expect(quiz!.messages.at(-1)!.content[0]).toMatchObject({ text: 'Quiz answers: answer 1; server: cpu 3%' });
    expect(cited!.messages.at(-1)!.content[0]).toMatchObject({
      text: 'She drowned in the brook【1:0†hamlet.txt】.',
      annotations: [{ type: 'file_citation', text: '【1:0†hamlet.txt】', file_citation: { file: 'hamlet.txt' } }],
    });
    expect(ended!.runs.map((r) => [r.status, r.incomplete_details, r.last_error?.code])).toEqual([
      ['incomplete', { reason: 'max_completion_tokens' }, undefined],
      ['failed', null, 'rate_limit_exceeded'],
    ]);
    expect(replayed.events).toContain('thread.message.delta');
  });

  it('writes one readable YAML file per assistant, named after it', () => {
    expect(readdirSync(dir).sort()).toEqual(['Math Tutor.yaml', 'Quiz _ Bot.yaml', 'Reader.yaml']);
    const tutor = readFileSync(join(dir, 'Math Tutor.yaml'), 'utf8');
    expect(tutor).toContain('- name: And times 3? (after 6 messages)');
    expect(tutor).toContain('say: |-\n          Streaming\n          in two lines.');
  });
});
