import type { Annotation } from 'openai/resources/beta/threads/messages';
import type { FileSearchResult } from './actions.js';

const MARKER = /\{\{\s*cite:(\d+)\s*\}\}/g;

/**
 * Turns `{{cite:N}}` markers (N indexes the latest file_search results) into the real service's
 * citation text `【<step>:<N>†<file name>】` and a `file_citation` annotation spanning it.
 */
export function resolveCitations(text: string, results: readonly FileSearchResult[], stepNumber: number) {
  const annotations: Annotation[] = [];
  let out = '';
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    out += text.slice(last, match.index);
    last = match.index + match[0].length;
    const n = Number(match[1]);
    const result = results[n];
    if (!result) continue;
    const citation = `【${stepNumber}:${n}†${result.file_name}】`;
    annotations.push({
      type: 'file_citation',
      text: citation,
      start_index: out.length,
      end_index: out.length + citation.length,
      file_citation: { file_id: result.file_id },
    });
    out += citation;
  }
  return { text: out + text.slice(last), annotations };
}
