// Every page and status of the portal at a phone's width (390 px) and a desktop's (1280 px), in Vietnamese and in
// English, with JavaScript on and off: nothing is wider than the screen, axe-core finds no WCAG 2.1 AA violation at
// either width, the phone gets the subjects as cards while wide screens and print keep the paper template's table,
// and every English page says every label of the text tables in English.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePackage, formatLookupCode, renderRecordPdf, TRANSLATED_VALUES, type HocBaRecord } from '../../api/index.ts';
import { en } from '../../site/lib/text-en.ts';
import { vi } from '../../site/lib/text-vi.ts';
import QRCode from 'qrcode';
import { ensureSiteBuilt } from '../../scripts/build-site.ts';
import { recordUrl, type Lang } from '../../site/lib/paths.ts';
import { runAxe } from './support/accessibility.ts';
import { launchBrowser, newContext, screenshot } from './support/browser.ts';
import { startPortalUnderTest, type PortalUnderTest } from './support/portal-server.ts';

const PHONE = { width: 390, height: 844 };
/** qrcode's PNG writer (api/render/qrcode.d.ts types only the matrix the PDF uses). */
const qrPng = (QRCode as unknown as { toBuffer(text: string, options: Record<string, unknown>): Promise<Buffer> }).toBuffer;
const DESKTOP = { width: 1280, height: 900 };

let portal: PortalUnderTest;
let browser: Browser;
let withScript: BrowserContext;
let withoutScript: BrowserContext;
/** The portal's real CSP, scripts on: what a visitor's browser enforces. */
let strict: BrowserContext;

beforeAll(async () => {
  await ensureSiteBuilt();
  [portal, browser] = await Promise.all([startPortalUnderTest({ requestsPerMinute: 10_000 }), launchBrowser()]);
  // axe-core is injected as a script: the JavaScript-on context lets it past the CSP; the other runs no page script.
  withScript = await newContext(browser, portal.url, { bypassCSP: true });
  withoutScript = await newContext(browser, portal.url, { javaScriptEnabled: false });
  strict = await newContext(browser, portal.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

/** One visit: how to reach the page (a GET, or a form posted from its page), and what it must show. */
interface Visit {
  readonly name: string;
  open(page: Page, lang: Lang): Promise<void>;
}

const prefix = (lang: Lang) => (lang === 'en' ? '/en' : '');

async function postFile(page: Page, lang: Lang, name: string, content: string | Uint8Array): Promise<void> {
  await page.goto(`${prefix(lang)}/kiem-tra`);
  await page.locator('#upload-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(content) });
  await page.locator('form.panel button[type=submit]').click();
  await page.locator('#result-title').waitFor();
}

function visits(): Visit[] {
  const { codes, xml } = portal;
  const go = (name: string, path: string): Visit => ({ name, open: async (page, lang) => { await page.goto(`${prefix(lang)}${path}`); } });
  // The long names a phone user really gives files; a name with no space at all must wrap too.
  const longName = 'hoc-ba-da-bi-sua-noi-dung-truoc-khi-nop-ho-so-xet-tuyen-lop-10-cua-con-toi.xml';
  return [
    go('home', '/'),
    go('record-primary-not-locked', `/tra-cuu/${codes.notLocked}`),
    go('record-secondary-in-force', `/tra-cuu/${codes.inForce}`),
    go('record-secondary', `/tra-cuu/${codes.secondary}`),
    go('record-recalled', `/tra-cuu/${codes.recalled}`),
    go('record-replaced', `/tra-cuu/${codes.replaced}`),
    go('record-replacement', `/tra-cuu/${codes.replacement}`),
    go('record-not-found', `/tra-cuu/${'E'.repeat(32)}`),
    go('lookup-malformed', `/tra-cuu?ma=${'X'.repeat(90)}`),
    go('lookup-empty', '/tra-cuu?ma='),
    go('check-form', '/kiem-tra'),
    {
      name: 'check-tampered',
      open: (page, lang) => postFile(page, lang, longName, xml.get(codes.notLocked)!.replace(/<HoTen>[^<]*<\/HoTen>/, '<HoTen>Nguyễn Văn Giả</HoTen>')),
    },
    { name: 'check-identical', open: (page, lang) => postFile(page, lang, 'hoc-ba.b64', encodePackage(xml.get(codes.recalled)!)) },
    {
      name: 'check-not-a-record',
      open: (page, lang) => postFile(page, lang, 'anh-chup-man-hinh-hoc-ba-cua-con-gai-toi-nam-hoc-2025-2026-lop-4A.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])),
    },
    {
      name: 'check-pdf',
      open: async (page, lang) => {
        const view = await portal.opened.registry.getRecord(codes.inForce);
        const pdf = await renderRecordPdf({
          record: view!.content as HocBaRecord, status: 'valid', signatures: [], recordUrl: recordUrl(codes.inForce, portal.url), copy: { number: 3, issuedAt: new Date() },
        });
        await postFile(page, lang, 'ban-sao.pdf', pdf);
      },
    },
    go('bulk-form', '/xac-minh-hang-loat'),
    {
      name: 'bulk-results',
      open: async (page, lang) => {
        await page.goto(`${prefix(lang)}/xac-minh-hang-loat`);
        const list = [codes.inForce, formatLookupCode(codes.notLocked), codes.recalled, codes.replaced, '0'.repeat(32), 'không-phải-mã-tra-cứu-mà-là-một-dòng-rất-dài-không-có-dấu-cách'];
        await page.locator('#bulk-codes').fill(list.join('\n'));
        await page.locator('form.panel button[type=submit]').click();
        await page.locator('[data-bulk-results]').waitFor();
      },
    },
    go('help', '/huong-dan'),
    go('page-not-found', '/khong-co-trang-nay'),
    go('too-many', '/429'),
  ];
}

/** How much wider than the viewport the document is, and which elements stick out (for the failure message). */
async function overflowOf(page: Page): Promise<{ scrollWidth: number; width: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const outside = Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').trim().slice(0, 40)}"`);
    return { scrollWidth: document.documentElement.scrollWidth, width, outside };
  });
}

async function expectFits(page: Page, label: string): Promise<void> {
  const found = await overflowOf(page);
  expect(found.width, label).toBeLessThanOrEqual(page.viewportSize()!.width);
  expect({ label, fits: found.scrollWidth <= found.width, scrollWidth: found.scrollWidth, outside: found.outside }).toEqual({ label, fits: true, scrollWidth: found.scrollWidth, outside: [] });
}

describe.each(['vi', 'en'] as const)('every page fits and passes axe at 390 and 1280 px (%s)', (lang) => {
  it('with JavaScript on: no horizontal overflow, axe WCAG 2.1 AA clean at both widths', async () => {
    const page = await withScript.newPage();
    for (const visit of visits()) {
      await page.setViewportSize(DESKTOP);
      await visit.open(page, lang);
      for (const size of [DESKTOP, PHONE]) {
        await page.setViewportSize(size);
        const label = `${lang} ${visit.name} ${size.width}px`;
        await expectFits(page, label);
        // axe's WCAG 2.1 A/AA rules (contrast included); landmarks, labels and the rest: portal.test.ts.
        const violations = await runAxe(page);
        expect(violations, `${label}: axe-core is a dev dependency`).not.toBeNull();
        expect(violations, label).toEqual([]);
      }
      await screenshot(page, `phone-${lang}-${visit.name}`);
    }
    await page.close();
  }, 300_000);

  it('with JavaScript off: no horizontal overflow at either width', async () => {
    const page = await withoutScript.newPage();
    for (const visit of visits()) {
      await page.setViewportSize(PHONE);
      await visit.open(page, lang);
      await expectFits(page, `${lang} ${visit.name} 390px, no script`);
      await page.setViewportSize(DESKTOP);
      await expectFits(page, `${lang} ${visit.name} 1280px, no script`);
    }
    await page.close();
  }, 300_000);
});

describe('the subject table on a phone, on a wide screen and in print', () => {
  it('is one card per subject at 390 px, the paper template table at 1280 px and when printed', async () => {
    const page = await withScript.newPage();
    await page.goto(`/tra-cuu/${portal.codes.notLocked}`);
    const table = page.locator('[data-subjects]');
    const firstRow = table.locator('tbody tr').first();
    const layout = () => Promise.all([
      table.evaluate((element) => getComputedStyle(element).display),
      firstRow.evaluate((element) => getComputedStyle(element).display),
      table.locator('thead').evaluate((element) => element.getBoundingClientRect().height),
    ]);
    await page.setViewportSize(DESKTOP);
    expect(await layout()).toEqual(['table', 'table-row', expect.any(Number)]);
    expect((await layout())[2]).toBeGreaterThan(20);

    await page.setViewportSize(PHONE);
    const [display, rowDisplay, headHeight] = await layout();
    expect([display, rowDisplay, headHeight]).toEqual(['block', 'grid', 1]);
    // Each card holds the whole subject inside the screen, every value with its column's name.
    const box = (await firstRow.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    const labels = await firstRow.locator('td[data-label]').evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell, '::before').content));
    expect(labels).toContain('"Cuối năm"');
    expect(labels).toContain('"Nhận xét"');

    // Print keeps the paper template even on a phone-sized page.
    await page.emulateMedia({ media: 'print' });
    expect((await layout()).slice(0, 2)).toEqual(['table', 'table-row']);
    await page.emulateMedia({ media: 'screen' });
    await page.close();
  });

  it('writes lookup codes in groups of four and never breaks a group', async () => {
    const page = await withScript.newPage();
    await page.setViewportSize(PHONE);
    await page.goto('/xac-minh-hang-loat');
    await page.locator('#bulk-codes').fill([portal.codes.inForce, portal.codes.replaced].join('\n'));
    await page.locator('form.panel button[type=submit]').click();
    const links = page.locator('[data-bulk-results] a.code');
    await links.first().waitFor();
    for (const link of await links.all()) {
      const text = (await link.textContent())!;
      expect(text).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
      // Each line the code is laid out on holds whole groups of four: a group is never split across lines.
      const wordsPerRow = await link.evaluate((element) => {
        const tops = new Map<number, string[]>();
        const text = element.textContent!;
        const node = element.firstChild!;
        for (let at = 0; at < text.length; at += 1) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const top = Math.round(range.getBoundingClientRect().top);
          tops.set(top, [...(tops.get(top) ?? []), text[at]!]);
        }
        return [...tops.values()].map((chars) => chars.join('').trim());
      });
      for (const row of wordsPerRow) expect(row).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4})*$/);
    }
    await page.close();
  });
});

/** Every string of a text table; a function's fixed words between its arguments (called with a marker). */
function stringsOf(table: unknown): string[] {
  const MARK = '\u0000';
  if (typeof table === 'string') return [table];
  if (typeof table === 'function') {
    const text = String((table as (...args: unknown[]) => unknown)(MARK, MARK, MARK, MARK));
    return text.split(MARK);
  }
  if (table && typeof table === 'object') return Object.values(table).flatMap(stringsOf);
  return [];
}

const VIETNAMESE_LETTER = /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i;

describe('English pages say everything in English', () => {
  it('shows no Vietnamese label or value word of the text tables outside a Vietnamese-marked term', async () => {
    // The words to find: every Vietnamese string of the portal's table and of the record's value words that has a
    // Vietnamese letter. Where the English table quotes one ("the “Mã tra cứu” line"), its sentence is removed first.
    const english = stringsOf(en).map((text) => text.replace(/\s+/g, ' ').trim()).filter((text) => text !== '');
    const words = [...new Set([...stringsOf(vi), ...TRANSLATED_VALUES].map((text) => text.trim()))]
      .filter((text) => text.length >= 2 && VIETNAMESE_LETTER.test(text))
      .sort((a, b) => b.length - a.length);
    expect(words.length).toBeGreaterThan(200);
    expect(words).toContain('Tốt');
    expect(words).toContain('Được lên lớp');
    expect(words).toContain('Giáo viên chủ nhiệm');

    // What a record legitimately holds in Vietnamese (names, places, comments, a school's own text) is data, not a
    // label: it is taken out of the page's text first, unless it is itself a word of the tables ("Tốt").
    const data = new Set<string>();
    for (const code of Object.values(portal.codes)) {
      const view = await portal.opened.registry.getRecord(code);
      const collect = (value: unknown): void => {
        if (typeof value === 'string') data.add(value.trim());
        else if (value && typeof value === 'object') Object.values(value).forEach(collect);
      };
      collect(view?.content);
      collect({ school: view?.schoolName, student: view?.studentName });
    }
    data.add(portal.recallReason);
    const dataValues = [...data].filter((text) => text.length >= 2 && !words.includes(text)).sort((a, b) => b.length - a.length);

    const englishLines = [...new Set(english)].filter((line) => line.length >= 3).sort((a, b) => b.length - a.length);
    const untranslated = async (page: Page): Promise<string[]> => {
      // The page's text, without what is marked Vietnamese on purpose (the language switch, the paper's line) and
      // what is marked as not to be translated (a certificate's names, the CA's own text).
      let text = await page.evaluate(() => {
        const copy = document.body.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('[lang="vi"], [translate="no"], script, style').forEach((element) => element.remove());
        copy.querySelectorAll('*').forEach((element) => element.append(' '));
        return copy.textContent!.replace(/\s+/g, ' ');
      });
      // A bracketed official term stays beside its English: "Promoted to the next grade (Được lên lớp)". Then the
      // English sentences that quote a Vietnamese term ("the “Mã tra cứu” line"), then the record's own data.
      text = text.replace(/\([^()]*\)/g, (inside) => (VIETNAMESE_LETTER.test(inside) ? ' ' : inside));
      for (const line of englishLines) text = text.split(line).join(' ');
      for (const value of dataValues) text = text.split(value).join(' ');
      if (process.env.SHOW_TEXT) console.log(text);
      const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return words.filter((word) => new RegExp(`(^|[^\\p{L}])${escape(word)}($|[^\\p{L}])`, 'u').test(text));
    };

    const page = await withScript.newPage();
    // The check can fail: the Vietnamese record page is full of these words.
    await page.goto(`/tra-cuu/${portal.codes.inForce}`);
    expect(await untranslated(page)).toEqual(expect.arrayContaining(['Được lên lớp', 'Giáo viên chủ nhiệm', 'Hiệu trưởng', 'Tốt']));
    const found: string[] = [];
    for (const visit of visits()) {
      await visit.open(page, 'en');
      // The error pages are one static page in both languages: Vietnamese first, English in a section marked so.
      if (await page.evaluate(() => document.documentElement.lang) === 'vi') {
        expect(await page.locator('main [lang="en"] h2').count(), visit.name).toBe(1);
        continue;
      }
      found.push(...(await untranslated(page)).map((word) => `${visit.name}: ${word}`));
    }
    await page.close();
    expect(found).toEqual([]);
  }, 300_000);
});

describe('QR scan without a native BarcodeDetector (WebAssembly reader, from the portal\'s own origin)', () => {
  it('decodes a photo of the QR printed on a copy and opens its record, under the real CSP, loading the reader only then', async () => {
    const page = await strict.newPage();
    await page.setViewportSize(PHONE);
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(request.url()));
    const refused: string[] = [];
    page.on('console', (message) => { if (/Content Security Policy|Refused/i.test(message.text())) refused.push(message.text()); });
    await page.goto('/');
    // Debian's Chromium has no BarcodeDetector: this is the fallback path.
    expect(await page.evaluate(() => 'BarcodeDetector' in window)).toBe(false);
    const scan = page.locator('[data-qr-scan]');
    expect(await scan.isVisible()).toBe(true);
    expect(await page.getByText('Chọn ảnh chụp mã QR').isVisible()).toBe(true);
    // "Dừng quét" stays hidden until a scan has started (the [hidden] rule beats the button's display).
    expect(await page.locator('[data-qr-stop]').isVisible()).toBe(false);
    expect(fetched.filter((url) => /\.wasm$|qr-decoder/.test(url))).toEqual([]);

    // The QR a copy carries: the record page's address (api/render/qr.ts).
    const target = recordUrl(portal.codes.recalled, portal.url);
    const png = await qrPng(target, { type: 'png', width: 480, margin: 4, errorCorrectionLevel: 'M' });
    await page.locator('[data-qr-photo]').setInputFiles({ name: 'anh-ma-qr.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 20_000 }).toBe(`/tra-cuu/${portal.codes.recalled}`);
    const wasm = fetched.filter((url) => url.endsWith('.wasm'));
    expect(wasm).toHaveLength(1);
    expect(new URL(wasm[0]!).origin).toBe(new URL(portal.url).origin);
    expect(fetched.every((url) => new URL(url).origin === new URL(portal.url).origin)).toBe(true);
    expect(refused).toEqual([]);
    const served = await page.request.get(wasm[0]!);
    expect(served.headers()['content-type']).toBe('application/wasm');
    // Only the scanner's pages may compile WebAssembly; every other page keeps the CSP as it was.
    const cspOf = async (path: string) => (await page.request.get(path)).headers()['content-security-policy'] ?? '';
    const base = await cspOf('/kiem-tra');
    expect(base).toContain("script-src 'self';");
    for (const path of ['/', '/en/']) expect(await cspOf(path)).toBe(base.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"));
    for (const path of ['/huong-dan', `/tra-cuu/${portal.codes.recalled}`, '/en/kiem-tra']) expect(await cspOf(path)).toBe(base);
    await page.close();
  });

  it('says so when the photo holds no QR code, and stays on the page', async () => {
    const page = await strict.newPage();
    await page.goto('/en/');
    // A one-pixel PNG: an image, but no QR code in it.
    const cleared = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    await page.locator('[data-qr-photo]').setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: Buffer.from(cleared, 'base64') });
    await expect.poll(() => page.locator('[data-qr-status]').textContent(), { timeout: 20_000 }).toContain('No QR code');
    expect(new URL(page.url()).pathname).toBe('/en/');
    await page.close();
  });
});

describe('the drop zone on /kiem-tra', () => {
  it('checks a file dropped on the box through the same form POST', async () => {
    const page = await strict.newPage();
    await page.setViewportSize(PHONE);
    await page.goto('/kiem-tra');
    expect(await page.locator('[data-drop-hint]').isVisible()).toBe(true);
    const xml = portal.xml.get(portal.codes.notLocked)!;
    await page.locator('[data-dropzone]').evaluate((zone, text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'keo-tha.xml', { type: 'application/xml' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, xml);
    await page.locator('#result-title').waitFor();
    expect(await page.locator('#result-title').textContent()).toContain('keo-tha.xml');
    expect(await page.locator('[data-match]').getAttribute('data-match')).toBe('identical');
    await page.close();
  });

  it('is a plain file field without JavaScript (no hint, no zone behaviour)', async () => {
    const page = await withoutScript.newPage();
    await page.goto('/en/kiem-tra');
    expect(await page.locator('[data-drop-hint]').isVisible()).toBe(false);
    expect(await page.getByLabel('File to check').isVisible()).toBe(true);
    await page.close();
  });
});
