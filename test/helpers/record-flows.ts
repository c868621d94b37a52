import type OpenAI from 'openai';
import { expect } from 'vitest';
import { toFile } from 'openai';
import type { ScenarioInput } from '@assistants-mock/fixtures';
import { transcript } from './transcript.js';

/** The "model's" next answer: the recording server plays it, a replaying server ignores it. */
export type Play = (...script: ScenarioInput['script']) => void | Promise<void>;

const HAMLET = 'Ophelia drowned in the brook, her garments spread wide.\n\nHamlet speaks to the skull of Yorick.';
const QUIZ = { type: 'function' as const, function: { name: 'display_quiz', parameters: { type: 'object', properties: {} } } };
const EXAMINE = { type: 'function' as const, function: { name: 'examine_server', parameters: { type: 'object', properties: {} } } };

/** A model's text with what the fixture format would read as templates, and a citation marker. */
export const LITERAL_TEXT = 'Write {{cite:1}} or {{name}} }} {{ as is【1:0†hamlet.txt】.';
/** How a live run fails when the upstream's stream ends before the model finished. */
export const STREAM_ENDED = 'The upstream model stream ended before the model finished its answer.';

/** The SSE event types of a streamed run. */
async function streamedEvents(client: OpenAI, threadId: string, assistantId: string): Promise<string[]> {
  const events: string[] = [];
  for await (const event of client.beta.threads.runs.stream(threadId, { assistant_id: assistantId })) events.push(event.event);
  return events;
}

/**
 * Seed-like flows: a multi-turn thread asking the same question twice after different context,
 * parallel calls and a two-round tool loop, file_search with a citation, two searches in one turn,
 * text holding `{{…}}`, runs ended incomplete (cut off) and failed (before and while writing), streamed runs. `play` is called before each run.
 */
export async function recordFlows(client: OpenAI, play: Play) {
  const { beta } = client;
  const tutor = await beta.assistants.create({ name: 'Math Tutor', model: 'gpt-4o', instructions: 'Answer briefly.' });
  const threads: string[] = [];

  // Multi-turn, and the same question asked twice in one thread after different earlier context.
  const thread = await beta.threads.create();
  threads.push(thread.id);
  for (const [question, answer, prompt] of [
    ['What is 2 + 2?', '4', 250],
    ['And times 3?', '12', 310],
    ['What is 5 + 5?', '10', 370],
    ['And times 3?', '30', 430],
  ] as const) {
    await beta.threads.messages.create(thread.id, { role: 'user', content: question });
    // The answers come with the model's own token counts, which the runs must report.
    await play({ say: answer, usage: { prompt_tokens: prompt, completion_tokens: 3, total_tokens: prompt + 3 } });
    await beta.threads.runs.createAndPoll(thread.id, { assistant_id: tutor.id });
  }

  // Parallel calls, then a second round of tool calls, then the answer made from the outputs.
  const quizzer = await beta.assistants.create({ name: 'Quiz / Bot', model: 'gpt-4o', tools: [QUIZ, EXAMINE] });
  const quiz = await beta.threads.create({ messages: [{ role: 'user', content: 'Quiz me, then check the server.' }] });
  threads.push(quiz.id);
  await play(
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
  await play({ file_search: { query: 'Ophelia brook' } }, { say: 'She drowned in the brook{{cite:0}}.' });
  await beta.threads.runs.createAndPoll(cited.id, { assistant_id: reader.id });

  // Endings: incomplete after a partial answer, and a failure.
  const ended = await beta.threads.create({ messages: [{ role: 'user', content: 'Write an essay.' }] });
  threads.push(ended.id);
  await play({ say: 'Once upon a time', cut_off: true, usage: { prompt_tokens: 180, completion_tokens: 4, total_tokens: 184 } });
  await beta.threads.runs.createAndPoll(ended.id, { assistant_id: tutor.id });
  await beta.threads.messages.create(ended.id, { role: 'user', content: 'Try again.' });
  await play({ fail: { code: 'rate_limit_exceeded', message: 'Rate limit reached for requests.' } });
  await beta.threads.runs.createAndPoll(ended.id, { assistant_id: tutor.id });
  // A failure while the model was writing: the message it had begun ends incomplete (run_failed); streamed.
  await beta.threads.messages.create(ended.id, { role: 'user', content: 'Once more.' });
  await play({ say: 'Here is the essay I', cut_off: true }, { fail: { code: 'server_error', message: STREAM_ENDED } });
  const events = [await streamedEvents(client, ended.id, tutor.id)];

  // The SSE event sequence, by type, of a streamed run.
  const streamed = await beta.threads.create({ messages: [{ role: 'user', content: 'Stream it.' }] });
  threads.push(streamed.id);
  await play({ say: 'Streaming\nin two lines.' });
  events.push(await streamedEvents(client, streamed.id, tutor.id));

  // Two searches in one model turn (one step), then text holding what reads as templates, kept as is; streamed.
  const searched = await beta.threads.create({ messages: [{ role: 'user', content: 'Who dies by water, who is a skull?' }] });
  threads.push(searched.id);
  await play({ file_search: [{ query: 'Ophelia brook' }, { query: 'skull of Yorick' }] }, { say: LITERAL_TEXT, literal: true });
  events.push(await streamedEvents(client, searched.id, reader.id));

  return { transcripts: await Promise.all(threads.map((id) => transcript(client, id))), events };
}


type Flows = Awaited<ReturnType<typeof recordFlows>>;

/**
 * What the flows' runs did, so a round trip that replays them equal is known to replay these (not two
 * servers failing alike): texts, calls, citations, usage, the endings, the searches of one turn.
 */
export function expectFlowsPlayed(flows: Flows): void {
  const [thread, quiz, cited, ended, , searched] = flows.transcripts;
  expect(thread!.messages.filter((m) => m.role === 'assistant').map((m) => m.content[0])).toMatchObject([{ text: '4' }, { text: '12' }, { text: '10' }, { text: '30' }]);
  expect(thread!.runs.flatMap((r) => [r.usage, r.steps[0]!.usage]).map((u) => u && [u.prompt_tokens, u.completion_tokens, u.total_tokens])).toEqual(
    [250, 310, 370, 430].flatMap((prompt) => [[prompt, 3, prompt + 3], [prompt, 3, prompt + 3]]),
  );
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
  expect(ended!.runs.map((r) => [r.status, r.incomplete_details, r.last_error])).toEqual([
    ['incomplete', { reason: 'max_completion_tokens' }, null],
    ['failed', null, { code: 'rate_limit_exceeded', message: 'Rate limit reached for requests.' }],
    ['failed', null, { code: 'server_error', message: STREAM_ENDED }],
  ]);
  expect(ended!.messages.filter((m) => m.role === 'assistant').map((m) => [m.content[0], m.status, m.incomplete_details])).toEqual([
    [{ text: 'Once upon a time', annotations: [] }, 'incomplete', { reason: 'max_tokens' }],
    [{ text: 'Here is the essay I', annotations: [] }, 'incomplete', { reason: 'run_failed' }],
  ]);
  expect(ended!.runs[2]!.steps.map((s) => [s.type, s.status, s.last_error])).toEqual([['message_creation', 'failed', { code: 'server_error', message: STREAM_ENDED }]]);
  expect(searched!.runs[0]!.steps.map((s) => s.calls?.length ?? null)).toEqual([2, null]);
  expect(searched!.messages.at(-1)!.content[0]).toMatchObject({ text: LITERAL_TEXT, annotations: [{ text: '【1:0†hamlet.txt】', file_citation: { file: 'hamlet.txt' } }] });
  expect(flows.events.map((run) => run.at(-1))).toEqual(['thread.run.failed', 'thread.run.completed', 'thread.run.completed']);
  expect(flows.events[0]).toEqual(expect.arrayContaining(['thread.message.delta', 'thread.message.incomplete', 'thread.run.step.failed']));
}
