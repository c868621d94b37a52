import { describe, expect, it } from 'vitest';
import { citeMarkers, resolveCitations } from './citations.js';
import type { FileSearchResult } from './actions.js';

const result = (file_id: string, file_name = `${file_id}.pdf`): FileSearchResult => ({ file_id, file_name, score: 0.5, content: [] });
const results = Array.from({ length: 13 }, (_, i) => result(`file-${i}`));
/** Python's `value[start:end]`: slices by code points. */
const pySlice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

// The first Ophelia answer of seed notebook 000, with the annotations the real service returned for it.
const SEED_ANSWER =
  '아, 나의 슬픈 운명이여. 나는 사랑하는 아버지를 잃고, 그로 인해 마음의 고통을 견디지 못하고 말았다. 그리하여 나는 시냇가에서 꽃을 엮으며 슬픔을 노래하고 있었는데, 불행히도 내 옷이 물에 젖어 무겁게 되어, 결국 물속으로 빠져들고 말았다. 그 순간, 나는 하늘과 땅 사이에서 인어처럼 미소 지으며, 내 슬픔을 노래했지만, 물이 나를 끌어당기고 말았다【4:12†source】. \n\n이렇게 나는 비극적으로 세상을 떠나게 되었고, 내 죽음은 많은 이들에게 슬픔을 안겼다. 나의 사랑, 햄릿은 나를 잊지 못할 것이고, 나의 죽음은 그에게도 큰 상처가 될 것이다【4:4†source】.';

describe('citeMarkers: the real service’s markers in text', () => {
  it('gives the seed’s own answer the annotations the real service gave it', () => {
    const cited = citeMarkers(SEED_ANSWER, results);
    expect(cited.text).toBe(SEED_ANSWER);
    expect(cited.annotations).toEqual([
      { type: 'file_citation', text: '【4:12†source】', start_index: 198, end_index: 211, file_citation: { file_id: 'file-12' } },
      { type: 'file_citation', text: '【4:4†source】', start_index: 312, end_index: 324, file_citation: { file_id: 'file-4' } },
    ]);
  });

  it('cites the result the marker’s second number points at, whatever the source name says', () => {
    const text = '돌려드리고 싶었어요【4:1†Hamlet_KOR.pdf】.';
    expect(citeMarkers(text, [result('file-a'), result('file-b')]).annotations).toEqual([
      { type: 'file_citation', text: '【4:1†Hamlet_KOR.pdf】', start_index: 10, end_index: 30, file_citation: { file_id: 'file-b' } },
    ]);
  });

  it('leaves a marker that points past the results as plain text, without an annotation', () => {
    expect(citeMarkers('a【4:3†source】b【0:0†source】', [result('file-a')])).toEqual({
      text: 'a【4:3†source】b【0:0†source】',
      annotations: [{ type: 'file_citation', text: '【0:0†source】', start_index: 14, end_index: 26, file_citation: { file_id: 'file-a' } }],
    });
    expect(citeMarkers('no results【4:0†source】', []).annotations).toEqual([]);
  });

  it('counts start_index and end_index in code points (Python string indices), not UTF-16 units', () => {
    const text = '😀 𝄞 pick【4:0†source】 and 🎉【4:1†b.pdf】';
    const cited = citeMarkers(text, [result('file-a'), result('file-b')]);
    expect(cited.annotations.map((a) => [a.start_index, a.end_index])).toEqual([
      [8, 20],
      [26, 37],
    ]);
    for (const a of cited.annotations) expect(pySlice(text, a.start_index, a.end_index)).toBe(a.text);
    // In UTF-16 units (JavaScript's `String#slice`) the first marker starts at 10.
    expect(text.indexOf('【4:0')).toBe(10);
  });
});

describe('resolveCitations: scripted text', () => {
  it('writes {{cite:N}} as the marker the real service would have written, cited the same way', () => {
    const scripted = resolveCitations('Refunds within 30 days{{cite:1}}.', [result('file-a', 'a.txt'), result('file-b', 'policy.md')], 3);
    expect(scripted).toEqual({
      text: 'Refunds within 30 days【3:1†policy.md】.',
      annotations: [{ type: 'file_citation', text: '【3:1†policy.md】', start_index: 22, end_index: 37, file_citation: { file_id: 'file-b' } }],
    });
  });

  it('cites pasted markers and templates in one text, and drops a template with no result', () => {
    const scripted = resolveCitations('x【7:0†source】 y{{cite:0}} z{{ cite:9 }}', [result('file-a', 'a.txt')], 1);
    expect(scripted.text).toBe('x【7:0†source】 y【1:0†a.txt】 z');
    expect(scripted.annotations.map((a) => [a.text, a.start_index, a.end_index, a.type === 'file_citation' && a.file_citation])).toEqual([
      ['【7:0†source】', 1, 13, { file_id: 'file-a' }],
      ['【1:0†a.txt】', 15, 26, { file_id: 'file-a' }],
    ]);
  });
});
