import type { RunCreateParamsBase } from 'openai/resources/beta/threads/runs/runs';
import { pick } from '../fuzz.js';
import { isActive } from './run-rules.js';
import { messageFor, scenarioOf, type RunSetup, type ScenarioName } from './scenarios.js';
import type { RunModel, ThreadModel, World } from './world.js';

/* The session's random choices: which scenario, thread, run and run options. */

const SCENARIO_WEIGHTS: [ScenarioName, number][] = [
  ['text', 3], ['paced', 3], ['call', 4], ['parallel', 3], ['twice', 3], ['code', 2],
  ['fail', 1], ['incomplete', 1], ['queued', 2], ['slow', 1], ['long', 1], ['drip', 4], ['unmatched', 1],
];

export function weighted<T>(world: World, items: readonly [T, number][]): T {
  let roll = world.random() * items.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items.at(-1)![0];
}

export const newMessage = (world: World) => messageFor(weighted(world, SCENARIO_WEIGHTS), world.nextMessageNumber());

/**
 * A live thread, often one whose run was last seen active (where requests meet the lock); now and
 * then a deleted one (every call on it must be a 404).
 */
export function pickThread(world: World): ThreadModel {
  const deleted = world.threads.filter((t) => t.deleted);
  if (deleted.length > 0 && world.random() < 0.05) return pick(world.random, deleted);
  const busy = world.liveThreads().filter((t) => newestRun(world, t).active);
  if (busy.length > 0 && world.random() < 0.5) return pick(world.random, busy);
  return pick(world.random, world.liveThreads());
}

/** The newest run of a live thread mostly, or any run; with `waiting`, preferably one last seen requires_action. */
export function pickRun(world: World, waiting = false): RunModel | null {
  const all = [...world.runs.values()];
  if (all.length === 0) return null;
  const live = all.filter((run) => !world.thread(run.threadId).deleted);
  const requiring = live.filter((run) => run.last.status === 'requires_action');
  if (waiting && requiring.length > 0 && world.random() < 0.75) return pick(world.random, requiring);
  const newest = world.liveThreads().flatMap((t) => (t.runIds.length > 0 ? [world.runs.get(t.runIds.at(-1)!)!] : []));
  if (newest.length > 0 && world.random() < 0.75) return pick(world.random, newest);
  return pick(world.random, all);
}

/** The thread's newest run, and whether the model knows its status as of now. */
export function newestRun(world: World, thread: ThreadModel) {
  const id = thread.runIds.at(-1);
  const run = id ? world.runs.get(id)! : null;
  return { run, known: run ? run.fresh : true, active: run !== null && isActive(run.last.status) };
}

/** Random run options; the setup records what decides the scenario's fate. */
export function runOptions(world: World, newestMessage: string, withAdditional: boolean) {
  const r = world.random;
  const hasTools = r() < 0.85;
  const additional = withAdditional && r() < 0.6 ? newMessage(world) : null;
  const params: Omit<RunCreateParamsBase, 'stream'> = {
    assistant_id: hasTools ? world.assistants.tools : world.assistants.bare,
    ...(additional && { additional_messages: [{ role: 'user' as const, content: additional }] }),
    ...(r() < 0.15 && { max_completion_tokens: 256 + Math.floor(r() * 160) }),
    ...(r() < 0.12 && { max_prompt_tokens: 256 + Math.floor(r() * 300) }),
    ...(r() < 0.08 && { tool_choice: 'none' as const }),
    ...(r() < 0.1 && { parallel_tool_calls: false }),
    ...(r() < 0.3 && { metadata: { tag: `m${world.nextMessageNumber()}` } }),
  };
  const setup: RunSetup = {
    scenario: scenarioOf(additional ?? newestMessage),
    hasTools,
    toolChoiceNone: params.tool_choice === 'none',
    parallelOff: params.parallel_tool_calls === false,
    limited: params.max_completion_tokens !== undefined || params.max_prompt_tokens !== undefined,
  };
  return { params, setup, additional };
}
