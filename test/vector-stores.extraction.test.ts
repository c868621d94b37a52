import { describe, expect, it } from 'vitest';
import { toFile } from 'openai';
import { startHarness } from './helpers/harness.js';
import { textPdf } from './helpers/pdf.js';

const h = await startHarness();

/** Uploads one file into a fresh store and returns what the store parsed out of it. */
async function parsed(filename: string, content: Buffer | string) {
  const file = await h.client.files.create({ file: await toFile(Buffer.from(content), filename), purpose: 'assistants' });
  const store = await h.client.vectorStores.create({ file_ids: [file.id] });
  const attached = await h.client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id });
  const page = await h.client.vectorStores.files.content(file.id, { vector_store_id: store.id });
  return { status: attached.status, text: page.data.map((part) => part.text).join('') };
}

describe('text extraction', () => {
  it('reads plain text formats as UTF-8 (BOM dropped)', async () => {
    expect(await parsed('notes.txt', '\uFEFF오필리아와 햄릿')).toEqual({ status: 'completed', text: '오필리아와 햄릿' });
    expect(await parsed('README.md', '# 햄릿\n\n- 오필리아')).toEqual({ status: 'completed', text: '# 햄릿\n\n- 오필리아' });
    expect(await parsed('cast.json', '{"햄릿":"왕자"}')).toEqual({ status: 'completed', text: '{"햄릿":"왕자"}' });
    expect(await parsed('cast.csv', '이름,역할\n햄릿,왕자\n')).toEqual({ status: 'completed', text: '이름,역할\n햄릿,왕자\n' });
  });

  it('keeps the visible text of HTML: no tags, scripts or styles; entities decoded', async () => {
    const html = '<html><head><style>p{color:red}</style></head><body><p>햄릿&#44; 덴마크의 왕자</p><div>오필리아&nbsp;&lt;3</div></body></html>';
    expect(await parsed('cast.HTML', html)).toEqual({ status: 'completed', text: '햄릿, 덴마크의 왕자\n\n오필리아 <3' });
  });

  it('leaves an entity it does not know as written, even one named like an object property', async () => {
    expect(await parsed('odd.html', '<p>a &constructor; b &bogus; c</p>')).toEqual({ status: 'completed', text: 'a &constructor; b &bogus; c' });
  });

  it('reads Korean out of a PDF with a composite font and a ToUnicode map', async () => {
    const lines = ['오필리아: 저를 잊지 마세요.', 'Hamlet, Act III'];
    expect(await parsed('scene.pdf', textPdf(lines))).toEqual({ status: 'completed', text: lines.join('\n') });
  });

  it('parses nothing for a file that failed', async () => {
    expect(await parsed('scan.jpg', Buffer.from([0xff, 0xd8, 0xff]))).toEqual({ status: 'failed', text: '' });
  });
});
