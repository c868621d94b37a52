/// <reference lib="dom" />
import { control } from '../api.js';
import { h, pretty } from '../dom.js';
import { t } from '../i18n.js';
import type { List } from '../types.js';
import { emptyNote, loadInto } from './common.js';

type Entry = Record<string, unknown> & { method?: string; path?: string; status?: number };

/** The server's journal of this key's requests, where the server keeps one. */
export function requestsView(main: HTMLElement): void {
  void loadInto(main, () => control<List<Entry>>('/requests'), (journal) => [
    h('h1', {}, t('requests')),
    journal === null ? h('p', { class: 'muted' }, t('noJournal')) : journal.data.length === 0 ? emptyNote() : h('ol', { class: 'requests' },
      journal.data.map((entry) => h('li', {},
        entry.method && entry.path ? [h('code', {}, `${entry.method} ${entry.path}`), ' ', String(entry.status ?? '')] : null,
        h('details', {}, h('summary', {}, 'JSON'), h('pre', {}, pretty(entry))),
      ))),
  ]);
}
