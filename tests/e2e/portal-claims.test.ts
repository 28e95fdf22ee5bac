// The claims page of admissions offices (issue 18, /doi-chieu): a CSV of 5,000 applicants as Excel writes it
// (Vietnamese headers, semicolon, BOM) gives on the page, with JavaScript off, the same per-applicant answers as
// POST /api/v1/verify/claims; "problems only" shows exactly the unconfirmed ones; the page's CSV download is the API's
// CSV; the signed answer downloads as a JWS the test root verifies; the page fits 390 px and passes the a11y checks.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkSignedAnswer, type ClaimResult } from '../../api/index.ts';
import type { HocBaRecord, SecondaryRecord, SecondarySubjectResult } from '../../api/record/index.ts';
import { ensureSiteBuilt } from '../../scripts/build-site.ts';
import { checkAccessibility } from './support/accessibility.ts';
import { launchBrowser, newContext, screenshot } from './support/browser.ts';
import { startPortalUnderTest, type PortalUnderTest } from './support/portal-server.ts';

let portal: PortalUnderTest;
let browser: Browser;
beforeAll(async () => {
  await ensureSiteBuilt();
  portal = await startPortalUnderTest({ requestsPerMinute: 10_000 });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

/** A list of `count` applicants cycling through every kind of row: confirmed, differing, wrong identity, unknown, … */
async function applicantsCsv(count: number): Promise<string> {
  const { inForce, notLocked, recalled } = portal.codes;
  const view = (await portal.opened.registry.getRecord(inForce))!;
  const record = view.content as HocBaRecord as SecondaryRecord;
  const toan = record.results.subjects.find((subject: SecondarySubjectResult) => subject.code === 'TOAN')!;
  const year = typeof toan.year === 'number' ? toan.year : 8;
  const grade = view.grade;
  const header = ['Mã hồ sơ', 'Họ và tên', 'Mã tra cứu', 'Ngày sinh', 'CCCD 4 số cuối', `Toán ${grade} CN`, `Học tập ${grade} CN`];
  const kinds = [
    () => [inForce, record.dateOfBirth, view.personalId!.slice(-4), String(year).replace('.', ','), record.results.learning.year],
    () => [inForce, '', '', String(year >= 9.5 ? year - 0.5 : year + 0.5), ''],
    () => [inForce, '01/01/1990', '', '', ''],
    () => [randomUUID().replaceAll('-', '').toUpperCase(), '', '', '', ''],
    () => ['không-phải-mã', '', '', '', ''],
    () => [recalled, '', '', '', ''],
    () => [notLocked, '', '', '', ''],
  ];
  const lines = Array.from({ length: count }, (_, at) => [`TS${String(at).padStart(5, '0')}`, 'Nguyễn Văn An', ...kinds[at % kinds.length]!()].join(';'));
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}

const viaApi = async (csv: string, accept = 'application/json') => fetch(`${portal.url}/api/v1/verify/claims`, {
  method: 'POST', body: csv, headers: { 'Content-Type': 'text/csv', Accept: accept },
});
const viaForm = (csv: string, fields: Record<string, string>) => {
  const form = new FormData();
  form.set('tep', new File([csv], 'thi-sinh.csv', { type: 'text/csv' }));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return fetch(`${portal.url}/doi-chieu`, { method: 'POST', body: form, headers: { Origin: portal.url } });
};

describe('the claims page', () => {
  it('answers 5,000 applicants on the page (JavaScript off) exactly as the API does, row by row', async () => {
    const csv = await applicantsCsv(5000);
    const api = (await (await viaApi(csv)).json()) as { results: ClaimResult[] };
    expect(api.results).toHaveLength(5000);
    const context = await newContext(browser, portal.url, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/doi-chieu');
    await page.setInputFiles('#claims-file', { name: 'thi-sinh.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Đối chiếu', exact: true }).click();
    await page.waitForSelector('[data-claims-results]');
    const rows = await page.$$eval('[data-claims-results] tbody tr', (trs) => trs.map((tr) => [
      tr.getAttribute('data-ref'), tr.getAttribute('data-confirmed'), tr.getAttribute('data-problems'),
      tr.querySelector('[data-identity]')?.getAttribute('data-identity'),
    ]));
    expect(rows).toEqual(api.results.map((result) => [result.ref, String(result.confirmed), result.problems.join(' '), result.identity]));
    // Every kind of row is there, so the comparison compares something.
    expect(new Set(api.results.flatMap((result) => result.problems))).toEqual(new Set(['value_differs', 'identity_differs', 'record_not_found', 'code_unreadable', 'record_not_in_force', 'record_not_locked']));
    const summary = page.locator('[data-summary]');
    expect(await summary.getAttribute('data-rows')).toBe('5000');
    expect(Number(await summary.getAttribute('data-confirmed'))).toBe(api.results.filter((result) => result.confirmed).length);
    await context.close();
  }, 180_000);

  it('streams its progress: the line for the first 250 applicants reaches the client while the rest is unchecked', async () => {
    const csv = await applicantsCsv(1000);
    // The first chunk's read goes through; the second waits until the test has read the first progress line.
    const reads = portal.holdReads(1);
    const response = await viaForm(csv, { dang: 'bang' });
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let sent = '';
    while (!sent.includes('data-progress="250"')) {
      const { value, done } = await reader.read();
      if (done) break;
      sent += value;
    }
    await reads.held;
    // Before release: the page has said how far it got, and holds no table yet.
    expect(sent).toContain('Đã đối chiếu 250 / 1000 thí sinh…');
    expect(sent).not.toContain('data-claims-results');
    reads.release();
    for (let next = await reader.read(); !next.done; next = await reader.read()) sent += next.value;
    expect([...sent.matchAll(/data-progress="(\d+)"/g)].map((found) => Number(found[1]))).toEqual([250, 500, 750, 1000]);
    expect([...sent.matchAll(/<tr data-ref=/g)]).toHaveLength(1000);
  });

  it('shows only the applicants with problems when asked, and says how many', async () => {
    const csv = await applicantsCsv(14);
    const html = await (await viaForm(csv, { dang: 'bang', 'chi-van-de': '1' })).text();
    const refs = [...html.matchAll(/<tr data-ref="([^"]+)" data-confirmed="(true|false)"/g)].map((found) => [found[1], found[2]]);
    expect(refs.map(([, confirmed]) => confirmed)).toEqual(Array(12).fill('false'));
    expect(refs.map(([ref]) => ref)).toEqual(['TS00001', 'TS00002', 'TS00003', 'TS00004', 'TS00005', 'TS00006', 'TS00008', 'TS00009', 'TS00010', 'TS00011', 'TS00012', 'TS00013']);
    expect(html).toContain('Đang hiện 12 thí sinh có vấn đề.');
  });

  it('downloads the same CSV as the API, and a signed answer the test root verifies', async () => {
    const csv = await applicantsCsv(21);
    const fromPage = new Uint8Array(await (await viaForm(csv, { dang: 'csv' })).arrayBuffer());
    const fromApi = new Uint8Array(await (await viaApi(csv, 'text/csv')).arrayBuffer());
    expect(Buffer.from(fromPage).equals(Buffer.from(fromApi))).toBe(true);
    expect([...fromPage.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const signed = await viaForm(csv, { dang: 'jws' });
    expect(signed.headers.get('content-type')).toBe('application/jose');
    const checked = checkSignedAnswer(await signed.text(), { roots: [portal.fixtures.pki.entities.root!.certPem] });
    expect(checked.ok && (checked.payload.answer as { summary: { rows: number } }).summary.rows).toBe(21);
  });

  it('refuses a list it cannot read with the reason on the page (400), and a file that is not UTF-8', async () => {
    const unknown = await viaForm('ma_tra_cuu;Toán 12 CA\r\nX;1\r\n', { dang: 'bang' });
    expect(unknown.status).toBe(400);
    const text = await unknown.text();
    expect(text).toContain('Không hiểu cột 2');
    expect(text).toContain('Toán 12 CA');
    const form = new FormData();
    form.set('tep', new File([new Uint8Array([0x4d, 0xe3, 0x0d, 0x0a])], 'a.csv'));
    const latin = await fetch(`${portal.url}/en/doi-chieu`, { method: 'POST', body: form, headers: { Origin: portal.url } });
    expect(latin.status).toBe(400);
    expect(await latin.text()).toContain('CSV UTF-8');
  });

  // axe runs inside the page (JavaScript on, the CSP bypassed for its script); the page itself needs neither.
  it('fits a 390 px phone and a 1280 px screen with its results, in Vietnamese and English, and passes the a11y checks', async () => {
    const csv = await applicantsCsv(14);
    for (const [path, button] of [['/doi-chieu', 'Đối chiếu'], ['/en/doi-chieu', 'Check']] as const) {
      for (const width of [390, 1280]) {
        const context = await newContext(browser, portal.url, { bypassCSP: true });
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 900 });
        await page.goto(path);
        await page.setInputFiles('#claims-file', { name: 'thi-sinh.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
        await page.getByRole('button', { name: button, exact: true }).click();
        await page.waitForSelector('[data-claims-results]');
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} at ${width}`).toBeLessThanOrEqual(width);
        const findings = await checkAccessibility(page);
        expect({ h1: findings.h1, unlabelled: findings.unlabelled, duplicateIds: findings.duplicateIds, lowContrast: findings.lowContrast, axe: findings.axe ?? [] }, `${path} at ${width}`)
          .toEqual({ h1: 1, unlabelled: [], duplicateIds: [], lowContrast: [], axe: [] });
        await screenshot(page, `claims-${path.includes('/en/') ? 'en' : 'vi'}-${width}`);
        await context.close();
      }
    }
  }, 240_000);
});
