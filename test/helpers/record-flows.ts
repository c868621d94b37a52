import type OpenAI from 'openai';
import { toFile } from 'openai';
import type { ScenarioInput } from '@assistants-mock/fixtures';
import { transcript } from './transcript.js';

/** The "model's" next answer: the recording server plays it, a replaying server ignores it. */
export type Play = (...script: ScenarioInput['script']) => void | Promise<void>;

const HAMLET = 'Ophelia drowned in the brook, her garments spread wide.\n\nHamlet speaks to the skull of Yorick.';
const QUIZ = { type: 'function' as const, function: { name: 'display_quiz', parameters: { type: 'object', properties: {} } } };
const EXAMINE = { type: 'function' as const, function: { name: 'examine_server', parameters: { type: 'object', properties: {} } } };

/**
 * Seed-like flows: a multi-turn thread asking the same question twice after different context,
 * parallel calls and a two-round tool loop, file_search with a citation, runs ended incomplete and
 * failed, a streamed run. `play` is called before each run.
 */
export async function recordFlows(client: OpenAI, play: Play) {
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
    await play({ say: answer });
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
  await play({ say: 'Once upon a time' }, { incomplete: 'max_completion_tokens' });
  await beta.threads.runs.createAndPoll(ended.id, { assistant_id: tutor.id });
  await beta.threads.messages.create(ended.id, { role: 'user', content: 'Try again.' });
  await play({ fail: { code: 'rate_limit_exceeded', message: 'Rate limit reached for requests.' } });
  await beta.threads.runs.createAndPoll(ended.id, { assistant_id: tutor.id });

  // The SSE event sequence, by type, of a streamed run.
  const streamed = await beta.threads.create({ messages: [{ role: 'user', content: 'Stream it.' }] });
  threads.push(streamed.id);
  await play({ say: 'Streaming\nin two lines.' });
  const events: string[] = [];
  for await (const event of beta.threads.runs.stream(streamed.id, { assistant_id: tutor.id })) events.push(event.event);

  return { transcripts: await Promise.all(threads.map((id) => transcript(client, id))), events };
}

