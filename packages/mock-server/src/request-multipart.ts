import type { Context } from 'hono';
import { ApiError, unsupportedContentType } from './errors.js';

type FormValue = string | File;
type FormTree = { [key: string]: FormValue | FormValue[] | FormTree };

/**
 * Reads a `multipart/form-data` body into an object. Bracketed names, as the SDKs encode nested
 * fields (`expires_after[anchor]`), become nested objects, so one zod schema validates the result.
 */
export async function readMultipart(c: Context): Promise<FormTree> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    throw unsupportedContentType(contentType, 'multipart/form-data');
  }
  let form: Record<string, FormValue | FormValue[]>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw new ApiError(400, { message: 'The multipart body of the request could not be parsed.' });
  }
  // Null-prototype nodes: a field named `__proto__[x]` is a field like any other, not a write to Object.prototype.
  const tree: FormTree = Object.create(null);
  for (const [name, value] of Object.entries(form)) setPath(tree, pathOf(name), Array.isArray(value) ? value.map(withFileName) : withFileName(value));
  return tree;
}

/**
 * A part's filename is a quoted-string, in which `\\` stands for one backslash. httpx (under the
 * Python SDK) escapes a backslash that way; the form-data parser keeps both characters, so without
 * this a Python upload of `a\b.txt` would be named `a\\b.txt`. (Browsers and Node send it bare.)
 */
function withFileName(value: FormValue): FormValue {
  if (typeof value === 'string' || !value.name.includes('\\\\')) return value;
  return new File([value], value.name.replaceAll('\\\\', '\\'), { type: value.type, lastModified: value.lastModified });
}

/** `a[b][c]` → `['a', 'b', 'c']`; a name that is not of that form is kept whole. */
function pathOf(name: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]+\])*)$/.exec(name);
  if (!match) return [name];
  return [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]+)\]/g)].map((part) => part[1]!)];
}

function setPath(tree: FormTree, path: string[], value: FormValue | FormValue[]): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || typeof next !== 'object' || next instanceof File || Array.isArray(next)) node[key] = Object.create(null);
    node = node[key] as FormTree;
  }
  node[path.at(-1)!] = value;
}
