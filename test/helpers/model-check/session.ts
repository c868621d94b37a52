import { World } from './world.js';
import { createThread, pickOperation, readSlowStreams } from './operations.js';
import { checkFinishedStreams } from './stream-watch.js';

export interface SessionResult {
  /** Every observation, ids replaced by aliases. */
  trace: string[];
  /** What each stream showed, in the order they were opened. */
  streams: string[];
}

const lookup = { type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } };

/**
 * Plays `operations` random client operations chosen by `seed` against a fresh server, checking
 * every observation against the model; throws `ModelCheckFailure` at the first violation.
 */
export async function runSession(seed: number, operations: number): Promise<SessionResult> {
  const world = new World(seed);
  try {
    const { assistants } = world.client.beta;
    world.assistants.tools = (await assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }, lookup] })).id;
    world.assistants.bare = (await assistants.create({ model: 'gpt-4o' })).id;
    for (let i = 0; i < 3; i++) await createThread(world);
    for (let i = 0; i < operations; i++) {
      const operation = pickOperation(world);
      world.where = `#${i} ${operation.name}`;
      await operation.run(world);
      await world.quiesce();
      await checkFinishedStreams(world);
      await world.checkTouched();
    }
    world.where = 'drain';
    await drain(world);
    return { trace: world.trace, streams: world.streams.map((s) => s.summary.replace(/\b(thread|run|msg|step|call)_[A-Za-z0-9]+/g, '$1_…')) };
  } finally {
    for (const watch of world.streams) if (!watch.finished) watch.stop();
    await world.close();
  }
}

/** Lets every run reach its end on the clock: every stream must end, and nothing may still sleep on the clock. */
async function drain(world: World) {
  for (let i = 0; i < 30 && world.streams.some((s) => !s.finished); i++) {
    world.advance(60_000);
    await world.quiesce();
    await readSlowStreams(world);
  }
  const stuck = world.streams.filter((s) => !s.finished);
  if (stuck.length > 0) world.fail([`streams ${stuck.map((s) => s.n).join(', ')} never ended`]);
  await checkFinishedStreams(world);
  await world.checkTouched();
  if (world.clock.sleeping() !== 0) world.fail([`${world.clock.sleeping()} waits are left on the clock after every stream ended`]);
}
