/// <reference lib="dom" />
import type { Scenario } from '@assistants-mock/fixtures';
import { inspector } from '../api.js';
import { h, pretty } from '../dom.js';
import { t } from '../i18n.js';
import type { List } from '../types.js';
import { emptyNote, loadInto } from './common.js';

/** The scenarios runs of this key are matched against, in order: this key's own first, then everyone's. */
export function scenariosView(main: HTMLElement): void {
  void loadInto(main, () => inspector<List<Scenario & { scope: 'key' | 'all' }>>('/scenarios'), (list) => [
    h('h1', {}, t('scenarios')),
    list.data.length === 0 ? emptyNote() : h('ol', { class: 'scenarios' }, list.data.map((scenario) =>
      h('li', { class: 'scenario', 'data-scenario': scenario.name },
        h('div', { class: 'meta' }, h('strong', {}, scenario.name), ' ', h('span', { class: `badge scope-${scenario.scope}` }, t(scenario.scope === 'key' ? 'scopeKey' : 'scopeAll'))),
        scenario.description && h('p', { class: 'text' }, scenario.description),
        h('div', { class: 'muted' }, t('match')), h('pre', {}, pretty(scenario.match)),
        h('details', {}, h('summary', {}, `${t('script')} (${scenario.script.length})`), h('pre', {}, pretty(scenario.script))),
      ),
    )),
  ]);
}
