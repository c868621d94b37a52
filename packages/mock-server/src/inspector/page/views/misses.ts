/// <reference lib="dom" />
import { inspector } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import type { List } from '../types.js';
import { emptyNote, loadInto, runHref } from './common.js';

interface Miss {
  threadId: string;
  run_id: string | null;
  message: string | null;
  nearest: { name: string; reason: string } | null;
  error: string;
  yaml: string;
}

/** Runs no scenario matched: what was asked, the nearest scenario and what differed, and a scenario to start from. */
export function missesView(main: HTMLElement): void {
  void loadInto(main, () => inspector<List<Miss>>('/misses'), (misses) => [
    h('h1', {}, t('misses')),
    misses.data.length === 0 ? emptyNote() : h('ol', { class: 'misses' }, misses.data.map(missItem)),
  ]);
}

function missItem(miss: Miss): HTMLElement {
  const yaml = h('pre', { class: 'yaml', tabindex: 0 }, miss.yaml);
  const copy = h('button', { type: 'button', class: 'copy', onclick: () => void copyYaml(miss.yaml, copy) }, t('copyYaml'));
  return h('li', { class: 'miss' },
    h('div', { class: 'meta' }, miss.run_id ? h('a', { href: runHref(miss.threadId, miss.run_id) }, h('code', {}, miss.run_id)) : h('code', {}, miss.threadId)),
    h('dl', { class: 'facts' },
      h('dt', {}, t('message')), h('dd', { class: 'text' }, miss.message ?? '—'),
      h('dt', {}, t('nearest')), h('dd', {}, miss.nearest ? h('code', {}, miss.nearest.name) : t('noNearest')),
      miss.nearest && [h('dt', {}, t('whatDiffered')), h('dd', { class: 'text' }, miss.nearest.reason)],
    ),
    copy,
    yaml,
  );
}

async function copyYaml(yaml: string, button: HTMLButtonElement): Promise<void> {
  await navigator.clipboard.writeText(yaml);
  button.textContent = t('copied');
  setTimeout(() => (button.textContent = t('copyYaml')), 1500);
}
