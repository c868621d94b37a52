import type { z } from 'zod';
import { ApiError, cut } from './errors.js';
import { PROTO_STAND_IN } from './proto-keys.js';
import { isIntegerAt } from './schema-path.js';

type Issue = z.core.$ZodIssue;

/** What an issue is read against: the parsed input and the schema it failed. */
interface Subject {
  root: unknown;
  schema: z.core.$ZodType;
}

/** Parses a request body or query with a zod schema; the first problem becomes OpenAI's 400. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const error = issueToError(result.error.issues[0]!, { root: input, schema });
  if (!error.body.message.includes(PROTO_STAND_IN)) throw error;
  const shown = (text: string) => text.replaceAll(PROTO_STAND_IN, '__proto__');
  throw new ApiError(error.status, { ...error.body, message: shown(error.body.message), param: error.body.param && shown(error.body.param) });
}

/** A key is named in full up to this length: past it, a hostile key would make every 400 as long as itself. */
const SHOWN_KEY_CHARS = 256;

/** `['messages', 0, 'content']` → `messages[0].content`, the way the API names params. */
export function paramName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${cut(String(part), SHOWN_KEY_CHARS)}` : cut(String(part), SHOWN_KEY_CHARS);
  }
  return out;
}

function issueToError(issue: Issue, subject: Subject): ApiError {
  const param = paramName(issue.path);
  const bad = (message: string, code: string, at = param) =>
    new ApiError(400, { message, param: at || null, code });
  // A required field that is absent fails as a wrong type, a wrong enum value or no union member; the API calls it missing.
  const absent = (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union') && issue.input === undefined;
  if (absent && issue.path.length > 0) return bad(`Missing required parameter: '${param}'.`, 'missing_required_parameter');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const at = paramName([...issue.path, key]);
      return bad(`Unknown parameter: '${at}'.`, 'unknown_parameter', at);
    }
    case 'invalid_type': {
      // 1e309 in JSON parses as Infinity: a number, just not one any field can hold.
      if (typeof issue.input === 'number' && issue.expected === 'number')
        return bad(`Invalid '${param}': number out of range. Expected a finite number, but got ${issue.input > 0 ? 'a number too large' : 'a number too small'} to represent instead.`, 'invalid_value');
      const expected = issue.expected === 'number' && isIntegerAt(subject.schema, issue.path) ? 'int' : issue.expected;
      // A body that is JSON but not an object has no param to name.
      const subjectName = param ? `'${param}'` : 'the request body';
      return bad(`Invalid type for ${subjectName}: expected ${describeExpected(expected)}, but got ${describeValue(issue.input)} instead.`, 'invalid_type');
    }
    case 'invalid_value':
      return bad(
        `Invalid value: ${quote(issue.input)}. Supported values are: ${listValues(issue.values)}.`,
        'invalid_value',
      );
    case 'too_big':
      return boundError(issue, param, 'above', subject);
    case 'too_small':
      return boundError(issue, param, 'below', subject);
    case 'invalid_union':
      return unionError(issue, param, subject);
    case 'invalid_format':
      if (issue.format === 'regex') {
        // zod reports the pattern as a regex literal (`/^x$/`); the API quotes the bare pattern.
        const pattern = String((issue as z.core.$ZodIssueInvalidStringFormat).pattern).replace(/^\/(.*)\/[a-z]*$/, '$1');
        return bad(`Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '${pattern}'.`, 'invalid_value');
      }
      return bad(`Invalid '${param}': expected a valid ${issue.format}.`, 'invalid_value');
    default: {
      // Custom refinements carry their own wording and code in `params`.
      const code = (issue as { params?: { code?: string } }).params?.code ?? 'invalid_value';
      return bad(issue.message.startsWith('Invalid') ? issue.message : `Invalid '${param}': ${issue.message}`, code);
    }
  }
}

function boundError(
  issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall,
  param: string,
  side: 'above' | 'below',
  subject: Subject,
) {
  const limit = 'maximum' in issue ? issue.maximum : (issue as z.core.$ZodIssueTooSmall).minimum;
  const input = issue.input;
  const op = side === 'above' ? '<=' : '>=';
  const make = (message: string, code: string) => new ApiError(400, { message, param: param || null, code });
  switch (issue.origin) {
    case 'string': {
      const length = typeof input === 'string' ? input.length : 0;
      return side === 'above'
        ? make(
            `Invalid '${param}': string too long. Expected a string with maximum length ${limit}, but got a string with length ${length} instead.`,
            'string_above_max_length',
          )
        : make(
            `Invalid '${param}': string too short. Expected a string with minimum length ${limit}, but got a string with length ${length} instead.`,
            'string_below_min_length',
          );
    }
    case 'array': {
      const length = Array.isArray(input) ? input.length : 0;
      if (side === 'below' && length === 0)
        return make(
          `Invalid '${param}': empty array. Expected an array with minimum length ${limit}, but got an empty array instead.`,
          'empty_array',
        );
      return make(
        `Invalid '${param}': array too ${side === 'above' ? 'long' : 'short'}. Expected an array with ${side === 'above' ? 'maximum' : 'minimum'} length ${limit}, but got an array with length ${length} instead.`,
        `array_${side}_${side === 'above' ? 'max' : 'min'}_length`,
      );
    }
    default: {
      const kind = issue.origin === 'int' || isIntegerAt(subject.schema, issue.path) ? 'integer' : 'decimal';
      return make(
        `Invalid '${param}': ${kind} ${side} ${side === 'above' ? 'maximum' : 'minimum'} value. Expected a value ${op} ${limit}, but got ${String(input)} instead.`,
        `${kind}_${side}_${side === 'above' ? 'max' : 'min'}_value`,
      );
    }
  }
}

/**
 * For a union: a value that is missing is a missing parameter; a discriminated union names the
 * discriminator and its supported values (`tools[0].type`); a value of a type no branch takes names
 * the accepted types; otherwise the branch that got furthest speaks.
 */
function unionError(issue: z.core.$ZodIssueInvalidUnion, param: string, subject: Subject): ApiError {
  const value = valueAt(subject.root, issue.path);
  if (value === undefined && issue.path.length > 0)
    return new ApiError(400, { message: `Missing required parameter: '${param}'.`, param, code: 'missing_required_parameter' });
  const discriminated = issue as { discriminator?: string; options?: unknown[] };
  if (discriminated.discriminator !== undefined) {
    const supported = discriminated.options?.length ? ` Supported values are: ${listValues(discriminated.options)}.` : '';
    return new ApiError(400, { message: `Invalid value: ${quote(value)}.${supported}`, param: param || null, code: 'invalid_value' });
  }
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const takesTheType = branches.filter((branch) => !rejectsTheType(branch));
  if (takesTheType.length === 0) {
    const expected = [...new Set(branches.map((b) => expectedOf(b[0]!)))];
    return new ApiError(400, {
      message: `Invalid type for '${param}': expected one of ${expected.join(' or ')}, but got ${describeValue(issue.input)} instead.`,
      param: param || null,
      code: 'invalid_type',
    });
  }
  const depth = (branch: Issue[]) => Math.max(...branch.map((i) => i.path.length));
  const best = [...takesTheType].sort((a, b) => depth(b) - depth(a))[0]!;
  const inner = best[0]!;
  return issueToError({ ...inner, path: [...issue.path, ...inner.path] } as Issue, subject);
}

/** A branch that failed on the value itself because it is of another type (not on anything inside it). */
function rejectsTheType(branch: Issue[]): boolean {
  if (branch.length !== 1 || branch[0]!.path.length > 0) return false;
  const issue = branch[0]!;
  if (issue.code === 'invalid_type') return true;
  return issue.code === 'invalid_value' && issue.values.every((v) => typeof v !== typeof issue.input);
}

const expectedOf = (issue: Issue) =>
  issue.code === 'invalid_type' ? describeExpected(issue.expected) : describeValue((issue as z.core.$ZodIssueInvalidValue).values[0]);

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'number':
      return 'a decimal';
    case 'int':
      return 'an integer';
    case 'object':
    case 'record':
      return 'an object';
    case 'array':
      return 'an array';
    default:
      return `a ${expected}`;
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a decimal';
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return `a ${typeof value}`;
  }
}

/** A value as a 400 quotes it, cut short: a message never grows with the request. */
const SHOWN_VALUE_CHARS = 256;
const quote = (value: unknown) => cut(typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? 'undefined'), SHOWN_VALUE_CHARS);

function listValues(values: readonly unknown[]): string {
  const quoted = values.map(quote);
  if (quoted.length <= 1) return quoted.join('');
  if (quoted.length === 2) return `${quoted[0]} and ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
}
