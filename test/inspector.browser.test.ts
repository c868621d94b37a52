import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { toFile } from 'openai';
import type { Browser, Page } from 'playwright-core';
import { bundledScenariosDir, loadFixtures } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness, type Harness } from './helpers/harness.js';
import { BROWSER_MISSING_REASON, CHROMIUM_PATH, artifactsDir, solidPng } from './helpers/browser.js';

const KEY = 'sk-inspector-browser';
const HAMLET_ACT3 = [
  '제3막 제1장. 성 안의 방.',
  '오필리아: 왕자님, 그동안 안녕하셨어요?',
  '햄릿: 고맙소, 잘 지냈소, 잘, 잘.',
  '오필리아: 왕자님께 받은 선물을 돌려드리려고 오래전부터 벼르고 있었어요. 햄릿 왕자님, 오필리아의 선물을 받아 주세요.',
].join('\n');

const quizTool = {
  type: 'function' as const,
  function: { name: 'display_quiz', description: '퀴즈를 보여 줍니다.', parameters: { type: 'object', properties: { title: { type: 'string' }, questions: { type: 'array' } } } },
};

// A real browser on a shared machine: generous time for each test (none measures time).
describe.skipIf(BROWSER_MISSING_REASON !== null)(BROWSER_MISSING_REASON ?? 'the inspector page in headless Chromium', { timeout: 60_000 }, () => {
  // Runs move only when the test moves the clock: the live test sees a run at the point it chose.
  const clock = manualClock();
  let h: Harness;
  let origin: string;
  let browser: Browser;
  const client = () => h.clientFor(KEY);

  beforeAll(async () => {
    h = await startHarness({ clock, scenarios: loadFixtures([bundledScenariosDir]), over: 'http' });
    origin = new URL(h.baseURL).origin;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH });
  });
  afterAll(() => browser?.close());

  /** A fresh browser context on the inspector, with the key already chosen (unless `key: null`). */
  async function open(hash: string, { key = KEY as string | null, width = 1200 } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    if (key !== null) await context.addInitScript((chosen) => localStorage.setItem('assistants-mock.key', chosen), key);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${origin}/__assistants_mock/${hash}`);
    return page;
  }

  const screenshot = (page: Page, name: string) => page.screenshot({ path: join(artifactsDir(), `inspector-${name}.png`), fullPage: true });

  async function ophelia() {
    const store = await client().vectorStores.create({ name: '햄릿 대본' });
    await client().vectorStores.files.uploadAndPoll(store.id, await toFile(Buffer.from(HAMLET_ACT3), 'hamlet-act3.txt'));
    const assistant = await client().beta.assistants.create({
      model: 'gpt-4o',
      name: 'Ophelia',
      tools: [{ type: 'file_search' }],
      tool_resources: { file_search: { vector_store_ids: [store.id] } },
    });
    const run = await client().beta.threads.createAndRunPoll({
      assistant_id: assistant.id,
      thread: { messages: [{ role: 'user', content: '햄릿 왕자님께 받은 선물은 어떻게 할 건가요?' }] },
    });
    expect(run.status).toBe('completed');
    return { store, run };
  }

  it('asks for a key, then shows that key\'s threads and the Ophelia conversation with its citations', async () => {
    const { run } = await ophelia();
    const page = await open('', { key: null });
    await page.getByText('Enter the API key').waitFor();
    await page.fill('#api-key', KEY);
    await page.press('#api-key', 'Enter');
    const threadLink = page.locator(`a[href="#/thread/${run.thread_id}"]`);
    await threadLink.waitFor();
    await expect(page.locator('tbody tr').first().textContent()).resolves.toContain('햄릿 왕자님께 받은 선물은');
    await screenshot(page, 'threads');

    await threadLink.click();
    const assistantMessage = page.locator('.message.role-assistant');
    await assistantMessage.waitFor();
    await expect(page.locator('.message.role-user .text').textContent()).resolves.toBe('햄릿 왕자님께 받은 선물은 어떻게 할 건가요?');
    await expect(assistantMessage.locator('.text').textContent()).resolves.toContain('오래전부터 돌려드리고 싶었사옵니다[1].');
    const cite = assistantMessage.locator('a.cite');
    await expect(cite.getAttribute('title')).resolves.toBe('【1:0†hamlet-act3.txt】');
    const source = assistantMessage.locator('.sources li');
    await expect(source.textContent()).resolves.toContain('hamlet-act3.txt');
    await expect(source.locator('blockquote').textContent()).resolves.toContain('왕자님께 받은 선물을 돌려드리려고');
    await expect(page.locator('table.list').textContent()).resolves.toContain('scenario “ophelia-remembrances”');
    await screenshot(page, 'thread-ophelia');

    // The citation leads to the chunk it cites, among the file_search step's ranked results.
    await cite.click();
    const cited = page.locator('ol.results li.highlight');
    await cited.waitFor();
    await expect(cited.textContent()).resolves.toContain('hamlet-act3.txt');
    await expect(page.locator('pre.query').textContent()).resolves.toBe('햄릿 오필리아 선물');
    await expect(page.locator('.timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-status')))).resolves.toEqual([
      'queued',
      'in_progress',
      'completed',
    ]);
    await screenshot(page, 'run-ophelia');

    // Another key sees none of it.
    const stranger = await open('#/threads', { key: 'sk-someone-else' });
    await stranger.getByText('Nothing here yet.').waitFor();
    await page.context().close();
    await stranger.context().close();
  });

  it('shows the quiz run asking for both display_quiz calls and the outputs that resumed it', async () => {
    const assistant = await client().beta.assistants.create({ model: 'gpt-4o', name: '퀴즈 선생님', tools: [quizTool] });
    const waiting = await client().beta.threads.createAndRunPoll({
      assistant_id: assistant.id,
      thread: { messages: [{ role: 'user', content: '수학 퀴즈를 내 주세요.' }] },
    });
    expect(waiting.status).toBe('requires_action');
    const calls = waiting.required_action!.submit_tool_outputs.tool_calls;
    expect(calls).toHaveLength(2);
    const done = await client().beta.threads.runs.submitToolOutputsAndPoll(waiting.id, {
      thread_id: waiting.thread_id,
      tool_outputs: [
        { tool_call_id: calls[0]!.id, output: '["4", "7"]' },
        { tool_call_id: calls[1]!.id, output: '피드백 고마워요' },
      ],
    });
    expect(done.status).toBe('completed');

    const page = await open(`#/run/${done.thread_id}/${done.id}`);
    const asked = page.locator('.timeline li[data-status="requires_action"]');
    await asked.waitFor();
    await expect(page.locator('.timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-status')))).resolves.toEqual([
      'queued',
      'in_progress',
      'requires_action',
      'queued',
      'in_progress',
      'completed',
    ]);
    await expect(asked.locator('.call code:first-child').allTextContents()).resolves.toEqual(['display_quiz', 'display_quiz']);
    await expect(asked.locator('pre').first().textContent()).resolves.toContain('"title": "수학 퀴즈"');
    const resumed = page.locator('.timeline li[data-status="queued"]').nth(1);
    await expect(resumed.locator('.call').allTextContents()).resolves.toEqual([
      expect.stringContaining(calls[0]!.id),
      expect.stringContaining(calls[1]!.id),
    ]);
    await expect(resumed.locator('pre').allTextContents()).resolves.toEqual(['[\n  "4",\n  "7"\n]', '피드백 고마워요']);
    // The step keeps each call with its arguments and output.
    await expect(page.locator('.step [data-call="display_quiz"] pre.output').allTextContents()).resolves.toEqual(['[\n  "4",\n  "7"\n]', '피드백 고마워요']);
    await expect(page.locator('dd.source').textContent()).resolves.toBe('scenario “quiz”');
    await expect(page.locator('.step').last().textContent()).resolves.toContain('답변 고마워요: ["4", "7"]\n피드백 고마워요');
    await screenshot(page, 'run-quiz');
    await page.context().close();
  });

  it('follows a run live: its events arrive and the run is redrawn as it moves, with no reload', async () => {
    const answer = '하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열, 천천히 세어 보았습니다.';
    h.server.useFor(KEY, { name: 'slow-count', match: { message: '천천히' }, script: [{ say: answer, delay: 1000, pace: 1000 }] });
    const assistant = await client().beta.assistants.create({ model: 'gpt-4o', name: 'Counter' });
    // Nobody polls this run: the page's own event stream is what moves it, as the clock goes.
    const run = await client().beta.threads.createAndRun({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: '천천히 세어 주세요' }] } });

    const page = await open(`#/run/${run.thread_id}/${run.id}`);
    const status = page.locator('dl.facts .badge');
    await page.locator('section.live:not([hidden])').waitFor();
    await expect(status.textContent()).resolves.toBe('in_progress');
    clock.advance(1000); // the message starts, with its first delta
    await page.locator('.events li[data-event="thread.message.delta"]').first().waitFor();
    clock.advance(2000);
    // Caught mid-run: the message holds part of the answer while the run is still in progress.
    await page.waitForFunction(() => document.querySelectorAll('.events li[data-event="thread.message.delta"]').length === 3);
    const partial = await page.locator('.events li[data-event="thread.message.delta"] .text').allTextContents();
    expect(partial.join('').length).toBeLessThan(answer.length);
    expect(answer.startsWith(partial.join(''))).toBe(true);
    await page.waitForFunction((shown) => document.querySelector('.step .text')?.textContent === shown, partial.join(''));
    await expect(status.textContent()).resolves.toBe('in_progress');
    await screenshot(page, 'live-in-progress');
    // The thread's conversation, opened mid-run, follows the run too.
    const conversation = await open(`#/thread/${run.thread_id}`);
    await conversation.locator('.message.role-assistant').waitFor();
    await expect(conversation.locator('.message.role-assistant .text').textContent()).resolves.toBe(partial.join(''));

    clock.advance(60_000);
    await page.waitForFunction(() => document.querySelector('dl.facts .badge')?.textContent === 'completed');
    await expect(page.locator('.step .text').textContent()).resolves.toBe(answer);
    const events = await page.locator('.events li').evaluateAll((items) => items.map((li) => li.getAttribute('data-event')));
    expect(events.filter((event) => event === 'thread.message.delta').length).toBeGreaterThan(3);
    expect(events.at(-1)).toBe('thread.run.completed');
    await screenshot(page, 'live-completed');
    await conversation.waitForFunction((full) => document.querySelector('.message.role-assistant .text')?.textContent === full, answer);
    await conversation.context().close();

    const live = await open('#/live');
    await live.locator(`a[href="#/run/${run.thread_id}/${run.id}"]`).waitFor();
    await expect(live.locator('tbody tr').first().textContent()).resolves.toContain('scenario “slow-count”');
    await screenshot(live, 'live-list');
    await page.context().close();
    await live.context().close();
  });

  it('turns a miss into scenario YAML that, loaded back, makes the same run pass', async () => {
    const assistant = await client().beta.assistants.create({ model: 'gpt-4o', name: 'Weather bot' });
    const ask = () =>
      client().beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: '내일 서울 날씨는 "맑음"일까요?\n우산이 필요할까요?' }] } });
    const missed = await ask();
    expect(missed.status).toBe('failed');

    const page = await open('#/misses');
    const miss = page.locator('.miss').first();
    await miss.waitFor();
    await expect(miss.locator('dd').first().textContent()).resolves.toBe('내일 서울 날씨는 "맑음"일까요?\n우산이 필요할까요?');
    await expect(miss.textContent()).resolves.toContain(missed.id);
    await expect(miss.locator('dd code').textContent()).resolves.toMatch(/\S/); // the nearest scenario's name
    await miss.getByRole('button', { name: 'Copy scenario YAML' }).click();
    await miss.getByRole('button', { name: 'Copied' }).waitFor();
    const yaml = await page.evaluate(() => navigator.clipboard.readText());
    expect(yaml).toContain('assistant: { name: "Weather bot" }');
    expect(yaml).toContain('- say: ');
    await screenshot(page, 'misses');

    const loaded = await fetch(`${origin}/__assistants_mock/scenarios`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/yaml' },
      body: yaml,
    });
    expect(loaded.status).toBe(200);
    const passed = await ask();
    expect(passed.status).toBe('completed');
    const [reply] = (await client().beta.threads.messages.list(passed.thread_id)).data;
    expect(reply!.content[0]).toMatchObject({ type: 'text', text: { value: 'Write the answer here.' } });

    await page.goto(`${origin}/__assistants_mock/#/scenarios`);
    const own = page.locator('.scenario').first();
    await own.waitFor();
    await expect(own.locator('.badge').textContent()).resolves.toBe('this key');
    await expect(page.locator('.scenario[data-scenario="quiz"] .badge').textContent()).resolves.toBe('every key');
    await screenshot(page, 'scenarios');
    await page.context().close();
  });

  it('lists vector stores with their files and runs the real search, with scores', async () => {
    const { store } = await ophelia();
    const expected = await client().vectorStores.search(store.id, { query: '받은 선물', max_num_results: 10 });
    const page = await open('#/stores');
    await page.locator(`a[href="#/store/${store.id}"]`).first().click();
    await page.locator('ul.files li').getByText('hamlet-act3.txt').waitFor();
    await page.fill('#search-query', '받은 선물');
    await page.press('#search-query', 'Enter');
    const hits = page.locator('.search-results li');
    await hits.first().waitFor();
    await expect(hits.locator('.score').allTextContents()).resolves.toEqual(expected.data.map((hit) => `score ${hit.score.toFixed(3)}`));
    await expect(hits.first().locator('blockquote').textContent()).resolves.toContain('왕자님께 받은 선물을');
    await screenshot(page, 'vector-store');

    await page.goto(`${origin}/__assistants_mock/#/requests`);
    await page.locator('main h1').getByText('Requests').waitFor();
    await screenshot(page, 'requests');
    await page.context().close();
  });

  it('shows images and attachments, is usable from the keyboard, in Korean, and long Korean text does not widen the page', async () => {
    const long = '가나다라마바사아자차카타파하'.repeat(40);
    const image = await client().files.create({ file: await toFile(solidPng(24, 16, [200, 60, 40]), 'red.png'), purpose: 'vision' });
    const notes = await client().files.create({ file: await toFile(Buffer.from('회의록: 다음 주 화요일'), 'notes.txt'), purpose: 'assistants' });
    const assistant = await client().beta.assistants.create({ model: 'gpt-4o', name: '긴 이름의 조수'.repeat(10) });
    const thread = await client().beta.threads.create({
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: long }, { type: 'image_file', image_file: { file_id: image.id } }],
          attachments: [{ file_id: notes.id, tools: [{ type: 'file_search' }] }],
        },
      ],
    });
    await client().beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });

    const page = await open(`#/thread/${thread.id}`, { width: 420 });
    await page.locator('.message .text').first().waitFor();
    // The image's bytes come through the API with the key, and the attachment shows by its file name.
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.message img.image')?.naturalWidth ?? 0) === 24);
    await page.locator('.attachments .chip').getByText('notes.txt').waitFor();
    await page.getByRole('button', { name: '한국어' }).click();
    await page.getByRole('heading', { name: '대화' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'thread-korean-narrow');

    // From the top: the skip link, then the views; Enter opens one.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('본문으로 건너뛰기');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('실시간');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/live$/);
    // A digit opens a view, and the focus lands on what it shows.
    await page.keyboard.press('3');
    await page.waitForURL(/#\/misses$/);
    await page.getByRole('heading', { name: '매칭 실패' }).waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.closest('main') !== null)).resolves.toBe(true);
    await page.context().close();
  });
});
