import type { AssistantStream } from 'openai/lib/AssistantStream';
import type OpenAI from 'openai';
import type { Stream } from 'openai/core/streaming';
import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { pick } from '../fuzz.js';
import { isActive, isTerminal } from './run-rules.js';
import { newMessage, newestRun, pickRun, pickThread, runOptions, weighted } from './choices.js';
import { readAllPages, pagingProblems } from './paging.js';
import { watchLazyStream, watchStream, type StreamWatch } from './stream-watch.js';
import type { StreamStart } from './stream-rules.js';
import type { Outcome, World } from './world.js';

/** One kind of thing a client does, and how often the session does it. */
interface Operation {
  name: string;
  weight: number;
  run(world: World): Promise<void>;
}

/** The three ways to ask for a run: answered with JSON, with an AssistantStream, with a plain SDK Stream. */
interface Starters {
  poll(): Promise<Run>;
  stream(client: OpenAI): AssistantStream;
  lazy(client: OpenAI): Promise<Stream<AssistantStreamEvent>>;
}

/**
 * Polls, or opens a stream: consumed in the background (sometimes abandoned after a few events), or
 * read only when the session pulls. A stream's outcome is its first run event, or its opening error.
 */
async function pollOrStream(world: World, start: StreamStart, starters: Starters, poll = world.random() < 0.45): Promise<Outcome<Run>> {
  if (poll) return world.attempt(starters.poll());
  let watch: StreamWatch;
  if (world.random() < 0.5) watch = await watchLazyStream(world, start, starters.lazy);
  else watch = watchStream(world, start, starters.stream, world.random() < 0.15 ? 3 + Math.floor(world.random() * 10) : null);
  const opened = await watch.opened;
  if ('run' in opened) return { ok: true, value: opened.run };
  watch.openErrorChecked = true;
  return world.failure(opened.error);
}

export async function createThread(world: World) {
  const content = newMessage(world);
  const thread = await world.client.beta.threads.create({ messages: [{ role: 'user', content }] });
  world.threads.push({ id: thread.id, deleted: false, userMessages: [content], runIds: [] });
  world.note(`${thread.id} created`);
}

async function createRun(world: World, thread = pickThread(world)) {
  const { params, setup, additional } = runOptions(world, thread.userMessages.at(-1) ?? '', true);
  // Now and then the request names a file that does not exist: refused after the thread was looked at.
  const missingFile = additional !== null && world.random() < 0.15;
  if (missingFile) params.additional_messages![0]!.attachments = [{ file_id: 'file-missing', tools: [{ type: 'code_interpreter' }] }];
  const before = newestRun(world, thread);
  const outcome = await pollOrStream(world, 'create', {
    poll: () => world.client.beta.threads.runs.create(thread.id, params),
    stream: (client) => client.beta.threads.runs.stream(thread.id, params),
    lazy: (client) => client.beta.threads.runs.create(thread.id, { ...params, stream: true }),
  });
  world.note(`create a run on ${thread.id}${missingFile ? ' with a missing file' : ''}: ${outcome.ok ? 'created' : outcome.body.message}`);
  world.touched.threads.add(thread.id);
  if (thread.deleted) return world.expectError(outcome, 404, world.threadGone(thread.id));
  const refusedFile = !outcome.ok && outcome.status === 404;
  if (missingFile && (!before.known || !before.active) && refusedFile) return world.expectError(outcome, 404, 'Files [file-missing] were not found');
  if (outcome.ok) {
    if (missingFile) world.fail(['a run was created with a message naming a missing file']);
    if (before.known && before.active) world.fail([`a run was created beside ${before.run!.id} (${before.run!.last.status})`]);
    if (additional) thread.userMessages.push(additional);
    return world.register(outcome.value, setup, params.metadata ?? {});
  }
  if (!before.run || (before.known && !before.active)) world.fail([`creating a run on an idle thread failed: ${outcome.body.message}`]);
  world.expectError(outcome, 400, `Thread ${thread.id} already has an active run ${before.run.id}.`);
  // A refusal changes nothing: the run it names is active at this very moment.
  const read = await world.retrieve(before.run);
  if (read && !isActive(read.status)) world.fail([`refused for ${read.id}, which is ${read.status}`]);
}

async function createThreadAndRun(world: World) {
  const content = newMessage(world);
  const { params, setup } = runOptions(world, content, false);
  const body = { ...params, thread: { messages: [{ role: 'user' as const, content }] } };
  const outcome = await pollOrStream(world, 'create_thread', {
    poll: () => world.client.beta.threads.createAndRun(body),
    stream: (client) => client.beta.threads.createAndRunStream(body),
    lazy: (client) => client.beta.threads.createAndRun({ ...body, stream: true }),
  });
  if (!outcome.ok) world.fail([`create thread and run failed: ${outcome.body.message}`]);
  world.threads.push({ id: outcome.value.thread_id, deleted: false, userMessages: [content], runIds: [] });
  world.register(outcome.value, setup, params.metadata ?? {});
}

async function retrieveRun(world: World) {
  const run = pickRun(world);
  if (!run) return createRun(world, pickThread(world));
  await world.retrieve(run);
  world.touched.runs.add(run.id);
}

async function listRuns(world: World) {
  const thread = pickThread(world);
  const order = pick(world.random, ['asc', 'desc'] as const);
  const limit = 1 + Math.floor(world.random() * 4);
  const { runs } = world.client.beta.threads;
  const paged = await readAllPages(world, limit, (after) => world.attempt(runs.list(thread.id, { limit, order, ...(after && { after }) })));
  if (thread.deleted) return world.expectError(paged, 404, world.threadGone(thread.id));
  if (!paged.ok) world.fail([paged.body.message]);
  world.check(pagingProblems(thread.runIds.map((id) => ({ id })), paged.value, order));
  for (const run of paged.value) world.observe(run);
}

async function listSteps(world: World) {
  const run = pickRun(world);
  if (!run) return createRun(world, pickThread(world));
  const order = pick(world.random, ['asc', 'desc'] as const);
  const limit = 1 + Math.floor(world.random() * 3);
  const { steps } = world.client.beta.threads.runs;
  const thread_id = run.threadId;
  const paged = await readAllPages(world, limit, (after) => world.attempt(steps.list(run.id, { thread_id, limit, order, ...(after && { after }) })));
  if (world.thread(thread_id).deleted) return world.expectError(paged, 404, world.threadGone(thread_id));
  const all = await world.attempt(steps.list(run.id, { thread_id, limit: 100, order: 'asc' }));
  if (!paged.ok || !all.ok) return world.fail(['listing steps failed']);
  world.check(pagingProblems(all.value.data, paged.value, order));
  world.touched.runs.add(run.id);
}

async function listMessages(world: World) {
  const thread = pickThread(world);
  const order = pick(world.random, ['asc', 'desc'] as const);
  const limit = 1 + Math.floor(world.random() * 5);
  const { messages } = world.client.beta.threads;
  const paged = await readAllPages(world, limit, (after) => world.attempt(messages.list(thread.id, { limit, order, ...(after && { after }) })));
  if (thread.deleted) return world.expectError(paged, 404, world.threadGone(thread.id));
  const all = await world.attempt(messages.list(thread.id, { limit: 100, order: 'asc' }));
  if (!paged.ok || !all.ok) return world.fail(['listing messages failed']);
  const problems = pagingProblems(all.value.data, paged.value, order);
  const users = all.value.data.filter((m) => m.role === 'user').map((m) => (m.content[0]?.type === 'text' ? m.content[0].text.value : ''));
  if (users.join('|') !== thread.userMessages.join('|')) problems.push(`user messages ${users.join(' | ')}, not ${thread.userMessages.join(' | ')}`);
  const foreign = all.value.data.filter((m) => m.run_id !== null && !thread.runIds.includes(m.run_id));
  if (foreign.length > 0) problems.push(`messages of runs not on this thread: ${foreign.map((m) => m.id).join(', ')}`);
  all.value.data.forEach((m, i, list) => {
    if (i > 0 && m.created_at < list[i - 1]!.created_at) problems.push(`${m.id} is listed after a newer message`);
  });
  world.check(problems);
  world.touched.threads.add(thread.id);
}

const ADVANCES: [number, number][] = [
  [1, 2], [300, 4], [700, 4], [1000, 3], [1500, 2], [2500, 2], [5000, 1], [30_000, 1], [120_000, 1], [11 * 60_000, 1],
];

async function advanceClock(world: World) {
  const ms = weighted(world, ADVANCES);
  world.advance(ms);
  world.note(`clock +${ms} ms`);
}

/** Time passes in small steps with nobody looking: streams wake at each, and a slow client's fills up. */
async function letTimePass(world: World) {
  const steps = 4 + Math.floor(world.random() * 9);
  for (let i = 0; i < steps; i++) {
    world.advance(250 + Math.floor(world.random() * 4) * 250, false);
    await world.quiesce();
  }
  world.note(`clock moved in ${steps} small steps`);
}

/**
 * Time passes and, before anyone has looked, a client writes to a busy thread (which the lock
 * refuses), often one whose run is being streamed.
 */
async function advanceThenWrite(world: World) {
  const ms = weighted(world, ADVANCES.slice(0, 6));
  world.advance(ms, false);
  world.note(`clock +${ms} ms`);
  const streamed = world.streams.filter((s) => !s.finished && s.threadId !== null && !world.thread(s.threadId).deleted);
  const thread = streamed.length > 0 && world.random() < 0.5 ? world.thread(pick(world.random, streamed).threadId!) : pickThread(world);
  await (world.random() < 0.5 ? addMessage(world, thread) : createRun(world, thread));
}

const quote = (ids: readonly string[]) => `[${ids.map((id) => `'${id}'`).join(', ')}]`;
const sameIds = (got: readonly string[], expected: readonly string[]) =>
  got.length === expected.length && new Set(got).size === got.length && expected.every((id) => got.includes(id));

async function submitOutputs(world: World) {
  const run = pickRun(world, true);
  if (!run) return createRun(world, pickThread(world));
  const known = run.last.required_action?.submit_tool_outputs.tool_calls.map((call) => call.id) ?? [];
  const variant = pick(world.random, ['right', 'right', 'partial', 'extra', 'wrong', 'duplicate', 'concurrent', 'stream', 'stream'] as const);
  const ids = {
    right: known,
    concurrent: known,
    stream: known,
    partial: known.slice(1),
    extra: [...known, 'call_bogus'],
    wrong: [...known.slice(1), 'call_bogus'],
    duplicate: [...known, known[0] ?? 'call_bogus'],
  }[variant];
  const n = world.nextMessageNumber();
  const tool_outputs = ids.map((tool_call_id) => ({ tool_call_id, output: world.random() < 0.2 ? 'x'.repeat(1100) : `out-${n}` }));
  const before = { fresh: run.fresh, status: run.last.status };
  const { runs } = world.client.beta.threads;
  const params = { thread_id: run.threadId, tool_outputs };
  const submit = () => world.attempt(runs.submitToolOutputs(run.id, params));
  let outcomes: Outcome<Run>[];
  if (variant === 'concurrent') outcomes = await Promise.all([submit(), submit()]);
  else {
    const starters = {
      poll: () => runs.submitToolOutputs(run.id, params),
      stream: (client: OpenAI) => client.beta.threads.runs.submitToolOutputsStream(run.id, params),
      lazy: (client: OpenAI) => client.beta.threads.runs.submitToolOutputs(run.id, { ...params, stream: true }),
    };
    outcomes = [await pollOrStream(world, 'submit', starters, variant !== 'stream')];
  }
  world.note(`submit ${variant} ${quote(ids)} to ${run.id}: ${outcomes.map((o) => (o.ok ? o.value.status : o.body.message)).join(' / ')}`);
  world.touched.runs.add(run.id);
  if (world.thread(run.threadId).deleted) return outcomes.forEach((o) => world.expectError(o, 404, world.threadGone(run.threadId)));
  const accepted = outcomes.filter((o) => o.ok);
  if (accepted.length > 1) world.fail(['two submissions of the same outputs were both accepted']);
  if (accepted.length === 1) {
    if (before.fresh && !(before.status === 'requires_action' && sameIds(ids, known))) world.fail([`accepted outputs ${quote(ids)} in ${before.status}`]);
    const answered = accepted[0]!.value;
    if (answered.status !== 'queued') world.fail([`a submission answers ${answered.status}, not queued`]);
    if (variant === 'stream') world.sent(run, 'submitted');
    else world.commanded(run, answered, 'submitted');
  }
  if (accepted.length === outcomes.length) return;
  // A refusal changes nothing: a read right after shows what it refused.
  const read = (await world.retrieve(run))!;
  const required = read.required_action?.submit_tool_outputs.tool_calls.map((call) => call.id) ?? [];
  if (read.status === 'requires_action' && sameIds(ids, required)) world.fail([`refused the right outputs ${quote(ids)}`]);
  const message =
    read.status === 'requires_action'
      ? `Expected tool outputs for call_ids ${quote(required)}, got ${quote(ids)}`
      : `Runs in status "${read.status}" do not accept tool outputs.`;
  for (const outcome of outcomes) if (!outcome.ok) world.expectError(outcome, 400, message);
}

async function cancelRun(world: World) {
  const run = pickRun(world);
  if (!run) return createRun(world, pickThread(world));
  const before = { fresh: run.fresh, status: run.last.status };
  const cancel = () => world.attempt(world.client.beta.threads.runs.cancel(run.id, { thread_id: run.threadId }));
  const outcomes = world.random() < 0.2 ? await Promise.all([cancel(), cancel()]) : [await cancel()];
  world.note(`cancel ${run.id} (last seen ${before.status}): ${outcomes.map((o) => (o.ok ? o.value.status : o.body.message)).join(' / ')}`);
  world.touched.runs.add(run.id);
  if (world.thread(run.threadId).deleted) return outcomes.forEach((o) => world.expectError(o, 404, world.threadGone(run.threadId)));
  const accepted = outcomes.filter((o) => o.ok);
  if (accepted.length > 1) world.fail(['two cancels were both accepted']);
  if (accepted.length === 1) {
    if (before.fresh && !isActive(before.status)) world.fail([`cancelled a run last seen ${before.status}`]);
    if (accepted[0]!.value.status !== 'cancelling') world.fail([`a cancel answers ${accepted[0]!.value.status}, not cancelling`]);
    world.commanded(run, accepted[0]!.value, 'cancelled');
  }
  if (accepted.length === outcomes.length) return;
  const read = (await world.retrieve(run))!;
  if (!isTerminal(read.status)) world.fail([`a cancel was refused while the run is ${read.status}`]);
  for (const outcome of outcomes) if (!outcome.ok) world.expectError(outcome, 400, `Cannot cancel run with status '${read.status}'.`);
}

async function addMessage(world: World, thread = pickThread(world)) {
  const content = newMessage(world);
  const before = newestRun(world, thread);
  const outcome = await world.attempt(world.client.beta.threads.messages.create(thread.id, { role: 'user', content }));
  world.note(`add a message to ${thread.id}: ${outcome.ok ? 'added' : outcome.body.message}`);
  if (thread.deleted) return world.expectError(outcome, 404, world.threadGone(thread.id));
  if (outcome.ok) {
    if (before.known && before.active) world.fail([`a message was added while ${before.run!.id} is ${before.run!.last.status}`]);
    thread.userMessages.push(content);
    const m = outcome.value;
    if (m.thread_id !== thread.id || m.run_id !== null || m.role !== 'user' || m.status !== 'completed') world.fail(['the added message is a completed user message']);
    return world.checkThread(thread, { idle: true });
  }
  if (!before.run || (before.known && !before.active)) world.fail([`adding a message to an idle thread failed: ${outcome.body.message}`]);
  world.expectError(outcome, 400, `Can't add messages to ${thread.id} while a run ${before.run.id} is active.`);
  const read = await world.retrieve(before.run);
  if (read && !isActive(read.status)) world.fail([`refused for ${read.id}, which is ${read.status}`]);
}

async function modifyRun(world: World) {
  const run = pickRun(world);
  if (!run) return createRun(world, pickThread(world));
  const metadata: Record<string, string> = world.random() < 0.2 ? {} : { note: `n${world.nextMessageNumber()}` };
  const outcome = await world.attempt(world.client.beta.threads.runs.update(run.id, { thread_id: run.threadId, metadata }));
  world.touched.runs.add(run.id);
  if (world.thread(run.threadId).deleted) return world.expectError(outcome, 404, world.threadGone(run.threadId));
  if (!outcome.ok) world.fail([`modifying ${run.id}: ${outcome.body.message}`]);
  run.metadata = metadata;
  run.last = { ...run.last, metadata };
  world.observe(outcome.value);
}

async function deleteThread(world: World) {
  const thread = pick(world.random, world.liveThreads());
  const outcome = await world.attempt(world.client.beta.threads.delete(thread.id));
  if (!outcome.ok || !outcome.value.deleted) world.fail([`deleting ${thread.id} failed`]);
  thread.deleted = true;
  world.note(`${thread.id} deleted`);
  if (world.liveThreads().length < 2) await createThread(world);
}

async function deleteMessage(world: World) {
  const thread = pick(world.random, world.liveThreads());
  const listed = await world.client.beta.threads.messages.list(thread.id, { limit: 100 });
  if (listed.data.length === 0) return;
  // A message a run is still writing is the interesting one.
  const writing = listed.data.filter((m) => m.status === 'in_progress');
  const message = pick(world.random, writing.length > 0 && world.random() < 0.7 ? writing : listed.data);
  const outcome = await world.attempt(world.client.beta.threads.messages.delete(message.id, { thread_id: thread.id }));
  if (!outcome.ok || !outcome.value.deleted) world.fail([`deleting ${message.id} failed`]);
  world.note(`${message.id} (${message.role}, ${message.status}) deleted`);
  if (message.run_id) {
    world.runs.get(message.run_id)!.deletedMessages.add(message.id);
    world.touched.runs.add(message.run_id);
  } else {
    const text = message.content[0]?.type === 'text' ? message.content[0].text.value : '';
    const index = thread.userMessages.indexOf(text);
    if (index === -1) world.fail([`deleted ${message.id}, a user message the model never added`]);
    thread.userMessages.splice(index, 1);
  }
  world.touched.threads.add(thread.id);
}

async function abortStream(world: World) {
  const open = world.streams.filter((s) => !s.finished && !s.aborted);
  if (open.length > 0) pick(world.random, open).stop();
}

/** The slow clients read what the server has written for them so far. */
export async function readSlowStreams(world: World) {
  for (const watch of world.streams) if (!watch.finished) await watch.pull();
}

/** Moves the clock in small steps, every client reading, until every open stream has ended (or a while has passed). */
async function finishStreams(world: World) {
  for (let i = 0; i < 40 && world.streams.some((s) => !s.finished); i++) {
    world.advance(500);
    await world.quiesce();
    await readSlowStreams(world);
  }
  world.note('streams drained');
}

export const OPERATIONS: readonly Operation[] = [
  { name: 'create thread', weight: 2, run: (w) => (w.liveThreads().length < 5 ? createThread(w) : retrieveRun(w)) },
  { name: 'create run', weight: 10, run: (w) => createRun(w) },
  { name: 'create thread and run', weight: 4, run: createThreadAndRun },
  { name: 'retrieve run', weight: 8, run: retrieveRun },
  { name: 'list runs', weight: 3, run: listRuns },
  { name: 'list steps', weight: 4, run: listSteps },
  { name: 'list messages', weight: 4, run: listMessages },
  { name: 'advance the clock', weight: 12, run: advanceClock },
  { name: 'advance the clock, then write', weight: 4, run: advanceThenWrite },
  { name: 'let time pass in small steps', weight: 3, run: letTimePass },
  { name: 'submit tool outputs', weight: 12, run: submitOutputs },
  { name: 'cancel', weight: 6, run: cancelRun },
  { name: 'add a message', weight: 6, run: (w) => addMessage(w) },
  { name: 'modify run metadata', weight: 3, run: modifyRun },
  { name: 'delete a thread', weight: 1, run: deleteThread },
  { name: 'delete a message', weight: 2, run: deleteMessage },
  { name: 'abort a stream', weight: 2, run: abortStream },
  { name: 'read slow streams', weight: 1, run: readSlowStreams },
  { name: 'finish the streams', weight: 2, run: finishStreams },
];

export const pickOperation = (world: World) => weighted(world, OPERATIONS.map((op) => [op, op.weight] as [Operation, number]));

