import type { Outcome, World } from './world.js';

type Page<T> = { data: T[]; has_more: boolean };

/**
 * Reads a whole list page by page (`after` the last id), checking each page's size and `has_more`.
 * Returns the first page's error, or the items in order.
 */
export async function readAllPages<T extends { id: string }>(
  world: World,
  limit: number,
  read: (after: string | undefined) => Promise<Outcome<Page<T>>>,
): Promise<Outcome<T[]>> {
  const items: T[] = [];
  for (let after: string | undefined, pages = 0; ; pages++) {
    const page = await read(after);
    if (!page.ok) {
      if (pages === 0) return page;
      world.fail([`page ${pages} failed: ${page.body.message}`]);
    }
    const { data, has_more } = page.value;
    if (data.length > limit || (has_more && data.length !== limit)) world.fail([`a page of ${data.length} with limit ${limit} and has_more ${has_more}`]);
    if (pages > 0 && data.length === 0) world.fail(['has_more was true, but the next page is empty']);
    items.push(...data);
    if (!has_more || data.length === 0) return { ok: true, value: items };
    after = data.at(-1)!.id;
    if (pages > 200) world.fail(['paging does not end']);
  }
}

/** The same items read in one page and page by page, ascending and descending, must agree. */
export function pagingProblems<T extends { id: string }>(all: readonly T[], paged: readonly T[], order: 'asc' | 'desc'): string[] {
  const expected = (order === 'asc' ? all : [...all].reverse()).map((item) => item.id);
  const got = paged.map((item) => item.id);
  return expected.join() === got.join() ? [] : [`paging ${order} gives ${got.join(', ')}, not ${expected.join(', ')}`];
}
