import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, parseDocument, visit, type Node, type YAMLSeq } from 'yaml';
import { FixtureError, parseFixtureText, type Scenario, type ScenarioInput } from '@assistants-mock/fixtures';

/** `new`: a recording joins the file behind what is there; `all` (re-recording): it goes in front. */
export type RecordMode = 'new' | 'all';

export interface WrittenRecording {
  file: string;
  /** The scenario as written (its name made unique in the file). */
  scenario: Scenario;
  /** Earlier scenarios of the file with the very same match, which replay now plays after / instead of it. */
  sameMatch: string[];
}

/** Where recordings of an assistant go: one file per assistant, named after it, safe on every file system. */
export function recordingFile(dir: string, assistantName: string | null): string {
  const base = (assistantName ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f<>:"/\\|?*\u007f]+/g, '_')
    .replace(/^[.\s_]+|[.\s]+$/g, '')
    .slice(0, 100);
  return join(dir, `${base || 'unnamed-assistant'}.yaml`);
}

/**
 * Adds a recorded scenario to its assistant's file, keeping every scenario already there (and a
 * person's comments and layout). A scenario with the very same match is never replaced: with `new`
 * the recording goes after it (replay keeps playing the first), with `all` before it (replay plays
 * the newest recording). The file is checked by the fixture loader before it is written, and written
 * whole (temporary file, then rename), so a crash never leaves half a file.
 */
export function writeRecording(dir: string, input: ScenarioInput, assistantName: string | null, mode: RecordMode): WrittenRecording {
  const file = recordingFile(dir, assistantName);
  const { doc, seq, existing } = openFixtureDocument(file);
  const names = new Set(existing.map((scenario) => scenario.name));
  let name = input.name;
  for (let n = 2; names.has(name); n++) name = `${input.name} #${n}`;
  const [scenario] = parseFixtureText(JSON.stringify({ scenarios: [{ ...input, name }] }), file, 'json');
  const same = existing.flatMap((other, index) => (isDeepStrictEqual(other.match, scenario!.match) ? [index] : []));
  const at = mode === 'all' && same.length > 0 ? same[0]! : seq.items.length;
  seq.items.splice(at, 0, compactUsage(doc.createNode({ ...input, name })));
  const text = doc.toString({ lineWidth: 0, blockQuote: 'literal' });
  parseFixtureText(text, file);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  return { file, scenario: scenario!, sameMatch: same.map((index) => existing[index]!.name) };
}

/** The file as a YAML document to add to; a file a person broke is refused with the loader's message. */
function openFixtureDocument(file: string): { doc: Document; seq: YAMLSeq; existing: Scenario[] } {
  if (!existsSync(file)) {
    const doc = new Document({ scenarios: [] });
    return { doc, seq: doc.get('scenarios') as YAMLSeq, existing: [] };
  }
  const text = readFileSync(file, 'utf8');
  const existing = parseFixtureText(text, file);
  const doc = parseDocument(text);
  const seq = doc.get('scenarios');
  if (!isSeq(seq)) throw new FixtureError(file, undefined, 'scenarios', 'expected a top-level `scenarios:` list');
  return { doc, seq, existing };
}

/** A step's usage on one line (`usage: { prompt_tokens: 12, ... }`): three numbers need no block of their own. */
function compactUsage(node: Node): Node {
  visit(node, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'usage' && isMap(pair.value)) pair.value.flow = true;
    },
  });
  return node;
}
