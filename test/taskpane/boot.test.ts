// Choosing the preview's workbook and language from the page address; a workbook that cannot be fetched.
import { fetchWorkbook, PreviewFetchError, previewLang, previewSource, SAMPLE_WORKBOOK } from '../../src/preview/boot';
import { detectLang } from '../../src/taskpane/i18n';
import { describeError } from '../../src/taskpane/errorText';

const PAGE = 'https://localhost:3000/taskpane.html';

describe('previewSource', () => {
  it.each([
    ['', `https://localhost:3000/${SAMPLE_WORKBOOK}`, 'sample-county.xlsx'],
    ['?preview=', `https://localhost:3000/${SAMPLE_WORKBOOK}`, 'sample-county.xlsx'],
    ['?preview=samples/other.xlsx', 'https://localhost:3000/samples/other.xlsx', 'other.xlsx'],
    ['?preview=%2Fdata%2F%E7%9F%B3%E9%97%A8%E4%B9%A1.xlsx', 'https://localhost:3000/data/%E7%9F%B3%E9%97%A8%E4%B9%A1.xlsx', '石门乡.xlsx'],
  ])('%s → %s', (search, url, name) => {
    expect(previewSource(search, PAGE)).toEqual({ url, name });
  });
});

describe('languages', () => {
  it.each([
    ['', 'zh-CN'],
    ['?lang=en', 'en'],
    ['?lang=fr', 'zh-CN'],
  ])('preview %s → %s', (search, lang) => expect(previewLang(search)).toBe(lang));

  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['en-US', 'en'],
    ['de-DE', 'en'],
    ['', 'zh-CN'],
    [undefined, 'zh-CN'],
  ])('Office display language %s → %s', (display, lang) => expect(detectLang(display)).toBe(lang));
});

describe('fetchWorkbook', () => {
  const source = { url: 'https://localhost:3000/samples/none.xlsx', name: 'none.xlsx' };

  it('returns the bytes', async () => {
    const bytes = new Uint8Array([80, 75, 3, 4]).buffer;
    const fetcher = (async () => ({ ok: true, status: 200, arrayBuffer: async () => bytes })) as unknown as typeof fetch;
    expect(await fetchWorkbook(source, fetcher)).toBe(bytes);
  });

  it('an HTTP failure is a PreviewFetchError the pane words for users', async () => {
    const fetcher = (async () => ({ ok: false, status: 404 })) as unknown as typeof fetch;
    const error = await fetchWorkbook(source, fetcher).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreviewFetchError);
    expect(describeError(error, 'zh-CN').message).toBe(`无法打开工作簿 ${source.url}，请用“打开工作簿”选择文件。`);
    expect(describeError(error, 'en').details).toEqual([`PreviewFetchError: Could not load ${source.url} (HTTP 404)`]);
  });

  it('a network failure keeps its cause', async () => {
    const fetcher = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const error = await fetchWorkbook(source, fetcher).catch((e: unknown) => e);
    expect(describeError(error, 'en').details).toEqual([`PreviewFetchError: Could not load ${source.url}`, 'TypeError: Failed to fetch']);
  });
});
