import { describe, expect, it } from 'vitest';
import { batches } from './batches.js';

async function* source(plan: (string | number | Error)[]) {
  for (const step of plan) {
    if (typeof step === 'number') await new Promise((resolve) => setTimeout(resolve, step));
    else if (step instanceof Error) throw step;
    else yield step;
  }
}

const collect = async (plan: (string | number | Error)[]) => {
  const out: string[][] = [];
  try {
    for await (const batch of batches(source(plan))) out.push(batch);
  } catch (error) {
    out.push([`error: ${(error as Error).message}`]);
  }
  return out;
};

describe('batches', () => {
  it('items ready together form one batch; a wait starts the next', async () => {
    expect(await collect(['a', 'b', 'c', 5, 'd', 5, 'e', 'f'])).toEqual([['a', 'b', 'c'], ['d'], ['e', 'f']]);
  });

  it('an error comes after the items that arrived before it', async () => {
    expect(await collect(['a', 'b', new Error('boom')])).toEqual([['a', 'b'], ['error: boom']]);
    expect(await collect(['a', 5, new Error('later')])).toEqual([['a'], ['error: later']]);
  });
});
