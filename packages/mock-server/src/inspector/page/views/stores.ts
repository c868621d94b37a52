/// <reference lib="dom" />
import type { VectorStore } from 'openai/resources/vector-stores/vector-stores';
import type { VectorStoreFile } from 'openai/resources/vector-stores/files';
import type { VectorStoreSearchResponse } from 'openai/resources/vector-stores/vector-stores';
import { api, postJson } from '../api.js';
import { h, show, statusBadge } from '../dom.js';
import { t, when } from '../i18n.js';
import type { List } from '../types.js';
import { emptyNote, loadInto } from './common.js';
import { fileChip } from './thread.js';

/** The key's vector stores. */
export function storesView(main: HTMLElement): void {
  void loadInto(main, () => api<List<VectorStore>>('/vector_stores?limit=100'), (stores) => [
    h('h1', {}, t('stores')),
    stores.data.length === 0 ? emptyNote() : h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'id'), h('th', {}, t('files')), h('th', {}, 'bytes'), h('th', {}, t('created')))),
      h('tbody', {}, stores.data.map((store) => h('tr', {},
        h('td', { class: 'text' }, h('a', { href: `#/store/${encodeURIComponent(store.id)}` }, store.name || store.id)),
        h('td', {}, h('code', {}, store.id)),
        h('td', {}, `${store.file_counts.completed}/${store.file_counts.total}`),
        h('td', {}, String(store.usage_bytes)),
        h('td', { class: 'nowrap' }, when(store.created_at)),
      ))),
    ),
  ]);
}

/** One vector store: its files, and a search box that runs the store's real search and shows the scores. */
export function storeView(main: HTMLElement, [storeId = '']: string[]): void {
  const id = encodeURIComponent(storeId);
  void loadInto(main, () => Promise.all([api<VectorStore>(`/vector_stores/${id}`), api<List<VectorStoreFile>>(`/vector_stores/${id}/files?limit=100`)]), ([store, files]) => {
    const query = h('input', { type: 'search', id: 'search-query', placeholder: t('searchPlaceholder'), 'aria-label': t('search') });
    const results = h('div', { class: 'search-results', 'aria-live': 'polite' });
    const search = async (event: Event) => {
      event.preventDefault();
      show(results, h('p', { class: 'muted' }, t('loading')));
      try {
        const found = await postJson<List<VectorStoreSearchResponse>>(`/vector_stores/${id}/search`, { query: query.value, max_num_results: 10 });
        show(results, found.data.length === 0 ? emptyNote() : h('ol', { class: 'results' }, found.data.map((hit) => h('li', {},
          h('strong', {}, hit.filename), ' ', h('code', { class: 'muted' }, hit.file_id), ' · ', h('span', { class: 'score' }, `${t('score')} ${hit.score.toFixed(3)}`),
          h('blockquote', { class: 'chunk' }, hit.content.map((c) => c.text).join('\n')),
        ))));
      } catch (error) {
        show(results, h('p', { class: 'error', role: 'alert' }, (error as Error).message));
      }
    };
    return [
      h('h1', {}, store.name || store.id, ' ', h('code', { class: 'muted' }, store.id)),
      h('section', {}, h('h2', {}, t('files')), files.data.length === 0 ? emptyNote() : h('ul', { class: 'files' }, files.data.map((file) =>
        h('li', {}, fileChip(file.id), ' ', statusBadge(file.status), ' ', h('span', { class: 'muted' }, `${file.usage_bytes} bytes`))))),
      h('section', {}, h('h2', {}, t('search')), h('form', { class: 'search', onsubmit: (e) => void search(e) }, query, h('button', { type: 'submit' }, t('search'))), results),
    ];
  });
}
