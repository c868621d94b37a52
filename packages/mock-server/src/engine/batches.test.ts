import { describe, expect, it } from 'vitest';
import { batches } from './batches.js';

async function* source(plan: (string | number | Error)[]) {
  for (const step of plan) {
    if (typeof step === 'number') await new Promise((resolve) => setTimeout(resolve, step));
    else if (step instanceof Error) throw step;
    else yield step;
  }
}

/** Takes the batches, `busyMs` on each (a store write), as the turn runner does. */
const collect = async (plan: (string | number | Error)[], busyMs = 0) => {
  const out: string[][] = [];
  try {
    for await (const batch of batches(source(plan))) {
      out.push(batch);
      if (busyMs > 0) await new Promise((resolve) => setTimeout(resolve, busyMs));
    }
  } catch (error) {
    out.push([`error: ${(error as Error).message}`]);
  }
  return out;
};

describe('batches', () => {
  it("an idle consumer's reaction, to its next tick, goes before the rest of a burst already read", async () => {
    const burst = Array.from({ length: 50 }, (_, i) => `item${i}`);
    let read = 0;
    const source = (async function* () {
      for (const item of burst) {
        read++;
        yield item;
      }
    })();
    const readWhenTicked: number[] = [];
    const batch = await batches(source).next();
    // What an HTTP response does with a write: it reaches the socket at the next tick.
    await new Promise<void>((resolve) => process.nextTick(() => resolve(void readWhenTicked.push(read))));
    expect(batch.value).toEqual(['item0']);
    expect(readWhenTicked[0]).toBeLessThan(5);
  });

  it('lets the event loop go on while a source has much to read: its reading goes on in slices of the loop', async () => {
    const total = 200_000;
    let read = 0;
    const source = (async function* () {
      for (let i = 0; i < total; i++) {
        read++;
        yield i;
      }
    })();
    const readWhenLoopWentOn = new Promise<number>((resolve) => setImmediate(() => resolve(read)));
    let got = 0;
    for await (const batch of batches(source)) got += batch.length;
    expect(got).toBe(total);
    expect(await readWhenLoopWentOn).toBeLessThan(total);
  });

  it('an idle consumer gets each item as it comes', async () => {
    expect(await collect(['a', 5, 'b', 5, 'c'])).toEqual([['a'], ['b'], ['c']]);
  });

  it('a busy consumer gets everything that came meanwhile as one batch', async () => {
    expect(await collect(['a', 5, 'b', 'c', 'd', 5, 'e', 200, 'f'], 40)).toEqual([['a'], ['b', 'c', 'd', 'e'], ['f']]);
  });

  it('an error comes after the items that arrived before it', async () => {
    expect(await collect(['a', 5, 'b', 'c', new Error('boom')], 20)).toEqual([['a'], ['b', 'c'], ['error: boom']]);
    expect(await collect(['a', 5, new Error('later')])).toEqual([['a'], ['error: later']]);
  });

  it('reads the source from the start, before the first batch is asked for', async () => {
    const read: string[] = [];
    const iterable = batches((async function* () { read.push('started'); yield 'a'; })());
    expect(read).toEqual(['started']);
    for await (const batch of iterable) expect(batch).toEqual(['a']);
  });

  it('stopping early closes the source', async () => {
    let closed = false;
    const endless = (async function* () {
      try {
        for (let i = 0; ; i++) {
          yield String(i);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      } finally {
        closed = true;
      }
    })();
    for await (const batch of batches(endless)) if (batch.length > 0) break;
    await expect.poll(() => closed).toBe(true);
  });
});
