import type { Annotation } from 'openai/resources/beta/threads/messages';
import type { FileSearchResult } from './actions.js';

/**
 * A citation marker as the real service writes it into the text: `【4:12†source】`,
 * `【4:1†Hamlet_KOR.pdf】`. The first number counts messages in the model's context (nothing a
 * client can resolve); the second is the index of the cited result of the latest file_search call.
 */
const MARKER = /【(\d+):(\d+)†([^】]*)】/g;
const TEMPLATE = /\{\{\s*cite:(\d+)\s*\}\}/g;

export interface CitedText {
  text: string;
  annotations: Annotation[];
}

/**
 * Finds the real service's citation markers in `text` (a scripted answer pasted from a real one, or
 * a model's output) and returns a `file_citation` annotation for each marker whose result index names
 * one of `results`: the marker stays in the text, `file_id` is that result's file. A marker pointing
 * past the results stays plain text, as an unresolved marker does on the real service.
 *
 * `start_index`/`end_index` count Unicode code points, not UTF-16 units: the service is Python and
 * its indices are Python string indices, so `value[start:end]` in the Python SDK is the marker, as the
 * spec's "index of the first character" says. They only differ for text outside the BMP (emoji).
 */
export function citeMarkers(text: string, results: readonly FileSearchResult[]): CitedText {
  const annotations: Annotation[] = [];
  const codePoints = codePointCounter(text);
  for (const match of text.matchAll(MARKER)) {
    const result = results[Number(match[2])];
    if (!result) continue;
    const start = codePoints(match.index);
    annotations.push({
      type: 'file_citation',
      text: match[0],
      start_index: start,
      end_index: start + codePointLength(match[0]),
      file_citation: { file_id: result.file_id },
    });
  }
  return { text, annotations };
}

/**
 * Scripted text: each `{{cite:N}}` becomes the marker the real service would have written for result
 * N (`【<step>:<N>†<file name>】`; dropped if there is no result N), then every marker, written
 * or pasted, becomes its annotation through {@link citeMarkers}.
 */
export function resolveCitations(text: string, results: readonly FileSearchResult[], stepNumber: number): CitedText {
  const expanded = text.replace(TEMPLATE, (_whole, n: string) => {
    const result = results[Number(n)];
    return result ? `【${stepNumber}:${n}†${result.file_name}】` : '';
  });
  return citeMarkers(expanded, results);
}

const isSurrogatePair = (text: string, at: number) => {
  const high = text.charCodeAt(at);
  const low = text.charCodeAt(at + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
};

/** Length in code points (what `len()` says in Python). */
export const codePointLength = (text: string): number => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

/** Code points before a UTF-16 offset, for offsets asked in increasing order (one pass over the text). */
function codePointCounter(text: string): (utf16Offset: number) => number {
  let unit = 0;
  let points = 0;
  return (offset) => {
    while (unit < offset) {
      unit += isSurrogatePair(text, unit) ? 2 : 1;
      points++;
    }
    return points;
  };
}
