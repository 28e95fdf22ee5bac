// The portal in Chromium against a real server (registry on PGlite, records signed with the test PKI): lookups,
// every status banner, the technical disclosure, downloads, file checks, bulk CSV, and the no-JavaScript path.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_CSV_HEADER, checkAcceptanceProof, encodePackage, formatLookupCode, renderRecordPdf, type HocBaRecord } from '../../api/index.ts';
import { SCHOOLS } from '../helpers/signed-records.ts';
import { ensureSiteBuilt } from '../../scripts/build-site.ts';
import { recordPdfPath, recordUrl } from '../../site/lib/paths.ts';
import { checkAccessibility } from './support/accessibility.ts';
import { download, launchBrowser, newContext, screenshot } from './support/browser.ts';
import { CORRECTED_TEACHER, startPortalUnderTest, type PortalUnderTest } from './support/portal-server.ts';

let portal: PortalUnderTest;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'hocba-e2e-'));

beforeAll(async () => {
  await ensureSiteBuilt();
  // With a log key, as `hocba serve --log-key`: the record page's "Sổ minh bạch" and the bundle's proof.
  // One browser on one address makes every request of the suite: the portal's per-address budget (120 a minute,
  // tested in portal-guards.test.ts) must not decide whether a late test of a fast run meets a 429 page.
  [portal, browser] = await Promise.all([startPortalUnderTest({ log: true, requestsPerMinute: 10_000 }), launchBrowser()]);
  context = await newContext(browser, portal.url);
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

const status = () => page.locator('[data-status]').first();

describe('portal lookup', () => {
  it('finds a record by the code typed into the form', async () => {
    await page.goto('/');
    await page.getByRole('textbox', { name: 'Mã tra cứu' }).fill(portal.codes.notLocked);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/tra-cuu/${portal.codes.notLocked}`);
    await expect.poll(() => status().getAttribute('data-status')).toBe('not_locked');
    await screenshot(page, 'record-not-locked');
  });

  it('forgives spaces, hyphens and lower case', async () => {
    const messy = `  ${formatLookupCode(portal.codes.inForce).toLowerCase().replace(/ /g, '-').replace('-', ' ')} `;
    await page.goto('/');
    await page.getByRole('textbox', { name: 'Mã tra cứu' }).fill(messy);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/tra-cuu/${portal.codes.inForce}`);
    const direct = await fetch(`${portal.url}/tra-cuu/${portal.codes.inForce.toLowerCase()}`, { redirect: 'manual' });
    expect(direct.status).toBe(301);
    expect(direct.headers.get('location')).toBe(`/tra-cuu/${portal.codes.inForce}`);
  });

  it('opens the record from the URL the QR code carries', async () => {
    await page.goto(recordUrl(portal.codes.inForce, portal.url));
    expect(await status().getAttribute('data-status')).toBe('in_force');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Hợp lệ và đang có hiệu lực');
    await screenshot(page, 'record-in-force');
  });

  it('says what is wrong with a malformed code, and keeps what was typed', async () => {
    await page.goto('/');
    await page.getByRole('textbox', { name: 'Mã tra cứu' }).fill('12345');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('không phải là mã tra cứu');
    expect(await page.getByRole('textbox', { name: 'Mã tra cứu' }).inputValue()).toBe('12345');
  });
});

describe('status banners', () => {
  it('shows a recalled record with when and why', async () => {
    const response = await page.goto(`/tra-cuu/${portal.codes.recalled}`);
    expect(response?.status()).toBe(200);
    expect(await status().getAttribute('data-status')).toBe('recalled');
    const text = await status().textContent();
    expect(text).toContain('Đã bị thu hồi');
    expect(text).toContain(portal.recallReason);
    expect(text).toMatch(/\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
    await screenshot(page, 'record-recalled');
  });

  it('shows a replaced record with a link to its replacement', async () => {
    await page.goto(`/tra-cuu/${portal.codes.replaced}`);
    expect(await status().getAttribute('data-status')).toBe('replaced');
    await screenshot(page, 'record-replaced');
    await page.getByRole('link', { name: 'Xem học bạ thay thế' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/tra-cuu/${portal.codes.replacement}`);
    expect(await status().getAttribute('data-status')).toBe('not_locked');
    expect(await page.locator('main').textContent()).toContain(CORRECTED_TEACHER);
  });

  it('answers an unknown code with a 404 page in the same style', async () => {
    const unknown = 'ABCDEF0123456789ABCDEF0123456789';
    const response = await page.goto(`/tra-cuu/${unknown}`);
    expect(response?.status()).toBe(404);
    expect(await status().getAttribute('data-status')).toBe('not_found');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không tìm thấy học bạ');
    expect(await page.getByRole('textbox', { name: 'Mã tra cứu' }).inputValue()).toBe(formatLookupCode(unknown));
    await screenshot(page, 'record-not-found');
    const other = await page.goto('/khong-co-trang-nay');
    expect(other?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Không tìm thấy trang');
  });
});

describe('record page', () => {
  it('opens the technical details on demand, with the digest of the stored XML', async () => {
    await page.goto(`/tra-cuu/${portal.codes.notLocked}`);
    const digest = page.locator('[data-digest]');
    expect(await digest.isVisible()).toBe(false);
    await page.getByText('Chi tiết kỹ thuật').click();
    expect(await digest.isVisible()).toBe(true);
    const stored = createHash('sha256').update(portal.xml.get(portal.codes.notLocked)!).digest('hex');
    expect(await digest.textContent()).toBe(stored);
    expect(await page.locator('details').textContent()).toContain('TOTAL-PASSED');
    await screenshot(page, 'record-details-open');
  });

  it('shows the personal identification number by its last four digits only', async () => {
    await page.goto(`/tra-cuu/${portal.codes.notLocked}`);
    const full = /<MaDinhDanh>(\d{12})<\/MaDinhDanh>/.exec(portal.xml.get(portal.codes.notLocked)!)![1]!;
    expect(await page.locator('[data-personal-id]').textContent()).toBe(`********${full.slice(-4)}`);
    expect(await page.content()).not.toContain(full);
    expect(await page.content()).not.toMatch(/CCCD:\d{12}/);
  });

  it('lays out a primary and a secondary record like their paper templates', async () => {
    await page.goto(`/tra-cuu/${portal.codes.notLocked}`);
    expect(await page.getByRole('columnheader', { name: 'Điểm kiểm tra định kì' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Những phẩm chất chủ yếu' }).count()).toBe(1);
    await page.goto(`/tra-cuu/${portal.codes.inForce}`);
    expect(await page.getByRole('columnheader', { name: 'Điểm hoặc mức đánh giá lại' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Kết quả rèn luyện và học tập' }).count()).toBe(1);
  });

  it('downloads the signed XML exactly as the school sent it, on proof of the student\'s personal id', async () => {
    await page.goto(`/tra-cuu/${portal.codes.notLocked}`);
    // The file holds the student's whole id: released on proof of it, typed into a POST form (SPEC §9).
    const full = /<MaDinhDanh>(\d{12})<\/MaDinhDanh>/.exec(portal.xml.get(portal.codes.notLocked)!)![1]!;
    await page.getByRole('textbox', { name: 'Số định danh cá nhân của học sinh (12 chữ số)' }).fill(full);
    const file = await download(page, () => page.getByRole('button', { name: 'Tải tệp XML' }).click());
    expect(file.bytes.equals(Buffer.from(portal.xml.get(portal.codes.notLocked)!, 'utf8'))).toBe(true);
  });

  it('downloads a ZIP that xmlsec1 verifies on its own', async () => {
    const code = portal.codes.inForce;
    await page.goto(`/tra-cuu/${code}`);
    const full = /<MaDinhDanh>(\d{12})<\/MaDinhDanh>/.exec(portal.xml.get(code)!)![1]!;
    await page.getByRole('textbox', { name: 'Số định danh cá nhân của học sinh (12 chữ số)' }).fill(full);
    const file = await download(page, () => page.getByRole('button', { name: 'Tải gói tự kiểm tra' }).click());
    const zip = join(work, 'bundle.zip');
    writeFileSync(zip, file.bytes);
    const out = join(work, 'bundle');
    const { execFileSync, spawnSync } = await import('node:child_process');
    execFileSync('unzip', ['-q', '-o', zip, '-d', out]);
    const xml = readFileSync(join(out, `hoc-ba-${code}.xml`));
    expect(xml.equals(Buffer.from(portal.xml.get(code)!))).toBe(true);
    const readme = readFileSync(join(out, 'HUONG-DAN.txt'), 'utf8');
    expect(readme).toContain(createHash('sha256').update(xml).digest('hex'));
    const xmlsec = spawnSync('sh', ['-c', /xmlsec1 --verify[\s\S]*?\[1\]" [^\n]+/.exec(readme)![0]], { cwd: out, encoding: 'utf8' });
    expect(xmlsec.status, xmlsec.stderr).toBe(0);
    expect(`${xmlsec.stdout}${xmlsec.stderr}`).toContain('OK');
  });
});

describe('file check', () => {
  async function checkFile(name: string, content: string | Uint8Array): Promise<void> {
    const path = join(work, name);
    writeFileSync(path, content);
    await page.goto('/kiem-tra');
    await page.getByLabel('Tệp cần kiểm tra').setInputFiles(path);
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await page.locator('#result-title').waitFor();
  }

  it('confirms a registered XML and its package byte for byte', async () => {
    await checkFile('hoc-ba.xml', portal.xml.get(portal.codes.notLocked)!);
    expect(await page.locator('[data-match]').getAttribute('data-match')).toBe('identical');
    // ONE verdict on the file: the registered record's status when the file is that record.
    expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('not_locked');
    await checkFile('hoc-ba.b64', encodePackage(portal.xml.get(portal.codes.recalled)!));
    expect(await page.locator('[data-match]').getAttribute('data-match')).toBe('identical');
    expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('recalled');
    expect(await page.locator('[data-registered] [data-status]').getAttribute('data-status')).toBe('recalled');
  });

  it('shows what differs in a tampered copy', async () => {
    const tampered = portal.xml.get(portal.codes.notLocked)!.replace(/<HoTen>[^<]*<\/HoTen>/, '<HoTen>Nguyễn Văn Giả</HoTen>');
    await checkFile('hoc-ba-sua.xml', tampered);
    expect(await page.locator('[data-match]').getAttribute('data-match')).toBe('different');
    expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('invalid');
    expect(await page.locator('[data-verdict]').getAttribute('class')).toContain('tone-bad');
    // The registered record comes second, in a neutral colour: one red verdict, never a green banner beside it.
    const registered = page.locator('[data-registered] [data-status]');
    expect(await registered.getAttribute('data-status')).toBe('not_locked');
    expect(await registered.getAttribute('data-tone')).toBe('neutral');
    expect(await page.locator('.result .tone-good, .result .tone-info').count()).toBe(0);
    const row = page.locator('[data-differences] tbody tr').filter({ hasText: 'Họ và tên' });
    expect(await row.textContent()).toContain('Nguyễn Văn Giả');
    await screenshot(page, 'check-tampered');
  });

  it('never calls a PDF made elsewhere genuine, whatever it names: no seal (pdf_seal_missing)', async () => {
    const code = portal.codes.inForce;
    const view = await portal.opened.registry.getRecord(code);
    const pdf = await renderRecordPdf({
      record: view!.content as HocBaRecord, status: 'valid', signatures: [], recordUrl: recordUrl(code, portal.url),
      copy: { number: 7, issuedAt: new Date() },
    });
    await checkFile('hoc-ba.pdf', pdf);
    expect(await page.locator('[data-pdf-code]').getAttribute('data-pdf-code')).toBe(code);
    expect(await page.locator('[data-pdf-code]').textContent()).toBe(formatLookupCode(code));
    // No seal: it proves nothing, so never green; the registry says what it knows, neutrally, and why.
    expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('indeterminate');
    expect(await page.locator('[data-verdict]').getAttribute('data-genuine')).toBe('false');
    expect(await page.locator('[data-reason]').getAttribute('data-reason')).toBe('pdf_seal_missing');
    expect(await page.locator('[data-verdict]').getAttribute('data-kind')).toBe('pdf');
    expect(await page.locator('.result .tone-good').count()).toBe(0);
    expect(await page.locator('[data-status-now]').getAttribute('data-status-now')).toBe('in_force');
    expect(await page.locator('[data-registered] [data-status]').getAttribute('data-tone')).toBe('neutral');
    // Copy no. 7 was rendered here, never issued by the registry: the portal says so.
    expect(await page.locator('[data-copy]').getAttribute('data-copy')).toBe('unknown');
    await screenshot(page, 'check-pdf');
  });

  it('calls the sealed official PDF downloaded from the record page a genuine copy, green', async () => {
    const code = portal.codes.notLocked;
    await page.goto(`/tra-cuu/${code}`);
    const href = await page.getByRole('link', { name: 'Bản PDF chính thức (bản thể hiện)' }).getAttribute('href');
    expect(href).toBe(recordPdfPath(code));
    const bytes = Buffer.from(await (await page.request.get(href!)).body());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await checkFile('ban-chinh-thuc.pdf', bytes);
    expect(await page.locator('[data-pdf-code]').getAttribute('data-pdf-code')).toBe(code);
    expect(await page.locator('[data-pdf-code]').textContent()).toBe(formatLookupCode(code));
    expect(await page.locator('[data-copy]').getAttribute('data-copy')).toBe('known');
    // The registry's seal over the whole file and a logged copy: genuine, with the record's status now.
    expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('not_locked');
    expect(await page.locator('[data-verdict]').getAttribute('data-genuine')).toBe('true');
    expect(await page.locator('[data-verdict]').getAttribute('data-seal')).toBe('valid');
    expect(await page.locator('.banner-title').first().textContent()).toMatch(/^Bản sao thật số \d+ của học bạ /);
    expect(await page.locator('[data-reason]').count()).toBe(0);
    await screenshot(page, 'check-official-pdf');
  });

  it('calls a random file "not a record file", never "invalid signature"', async () => {
    await checkFile('anh.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]));
    expect(await page.locator('[data-verdict]').getAttribute('data-kind')).toBe('not_a_record_file');
    const text = await page.locator('.result').textContent();
    expect(text).toContain('Không phải tệp học bạ');
    expect(text).not.toContain('Chữ ký số trong tệp KHÔNG hợp lệ');
    await screenshot(page, 'check-not-a-record');
  });

  it('says what an untrusted CA means for the reader, never "not a record file" nor an operator command', async () => {
    const signed = await portal.fixtures.sign(portal.fixtures.unsigned(SCHOOLS.a, 77), 'school-untrusted', 'CoSoGiaoDuc');
    await checkFile('ca-la.b64', encodePackage(signed));
    expect(await page.locator('[data-verdict]').getAttribute('data-kind')).toBe('document');
    expect(await page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('invalid');
    const text = (await page.locator('.result').textContent()) ?? '';
    expect(text).not.toContain('Không phải tệp học bạ');
    expect(text).not.toContain('hocba trust');
    expect(text).toContain('không có trong danh sách tin cậy của Cổng');
    await screenshot(page, 'check-untrusted-ca');
  });
});

describe('bulk verification', () => {
  it('answers a table and a UTF-8 CSV with Vietnamese names exact', async () => {
    const { codes } = portal;
    const csv = join(work, 'ma.csv');
    writeFileSync(csv, `ma_tra_cuu;ghi_chu\r\n${codes.recalled};x\r\n"${formatLookupCode(codes.replaced)}";y\r\n`);
    await page.goto('/xac-minh-hang-loat');
    await page.getByLabel('Danh sách mã tra cứu').fill(`${codes.inForce}\n${formatLookupCode(codes.notLocked).toLowerCase()}\n${'0'.repeat(32)}\nkhông-phải-mã`);
    await page.getByLabel('Hoặc tệp CSV').setInputFiles(csv);
    await page.getByRole('button', { name: 'Xác minh' }).click();
    const states = await page.locator('[data-bulk-results] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));
    expect(states).toEqual(['in_force', 'not_locked', 'not_found', 'not_found', 'recalled', 'replaced']);
    expect(await page.locator('[data-bulk-results] tbody tr[data-malformed]').count()).toBe(1);
    // The four records found are noted in the access log as bulk lookups, under the portal's hash of the address.
    await portal.opened.registry.flushAccessLog();
    const journaled = await portal.database.query<{ lookup_code: string; requester: string }>(
      `select lookup_code, requester from access_log where kind = 'batch' order by id`);
    expect(journaled.map((row) => row.lookup_code).sort()).toEqual([codes.inForce, codes.notLocked, codes.recalled, codes.replaced].sort());
    expect(new Set(journaled.map((row) => row.requester))).toEqual(new Set([journaled[0]!.requester]));
    expect(journaled[0]!.requester).toMatch(/^portal:[0-9a-f]{16}$/);
    await screenshot(page, 'bulk-results');

    const file = await download(page, () => page.getByRole('button', { name: 'Tải kết quả về (CSV)' }).click());
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parseCsv(file.bytes.toString('utf8').slice(1));
    // The ONE bulk CSV of every door (api/answers): the same header as POST /api/v1/verify/batch.
    expect(lines[0]).toEqual([...BULK_CSV_HEADER]);
    expect(lines.slice(1).map((cells) => cells[1])).toEqual(states);
    for (const code of [codes.inForce, codes.notLocked, codes.recalled]) {
      const name = (await portal.opened.registry.getRecord(code))!.studentName;
      expect(lines.find((cells) => cells[0] === code)![8]).toBe(name);
    }
    const recalledLine = lines.find((cells) => cells[0] === codes.recalled)!;
    expect(recalledLine[13]).toBe(portal.recallReason);
  });
});

describe('without JavaScript', () => {
  it('looks up, discloses details, checks a file and verifies in bulk', async () => {
    const plain = await newContext(browser, portal.url, { javaScriptEnabled: false });
    const p = await plain.newPage();
    await p.goto('/');
    await p.getByRole('textbox', { name: 'Mã tra cứu' }).fill(formatLookupCode(portal.codes.recalled).toLowerCase());
    await p.getByRole('button', { name: 'Tra cứu' }).click();
    await expect.poll(() => p.locator('[data-status]').getAttribute('data-status')).toBe('recalled');
    await p.getByText('Chi tiết kỹ thuật').click();
    expect(await p.locator('[data-digest]').isVisible()).toBe(true);
    await screenshot(p, 'no-js-record');
    const path = join(work, 'no-js.xml');
    writeFileSync(path, portal.xml.get(portal.codes.inForce)!);
    await p.goto('/kiem-tra');
    await p.getByLabel('Tệp cần kiểm tra').setInputFiles(path);
    await p.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    expect(await p.locator('[data-match]').getAttribute('data-match')).toBe('identical');
    await p.goto('/en/xac-minh-hang-loat');
    await p.getByLabel('Lookup codes').fill(portal.codes.replaced);
    await p.getByRole('button', { name: 'Verify' }).click();
    expect(await p.locator('[data-bulk-results] tbody tr').getAttribute('data-state')).toBe('replaced');
    await screenshot(p, 'no-js-bulk-en');
    await plain.close();
  });
});

describe('transparency log on the record page', () => {
  interface ProofJson { checkpoint: { size: number; at: string } | null; entries: { index: number; kind: string; proof: string }[]; pending: number; verifierKey: string }
  const proofOf = async (code: string) => (await (await fetch(`${portal.url}/api/v1/records/${code}/proof`)).json()) as ProofJson;
  // The checkpoint's time as the page must print it, in Vietnam time (UTC+7), worked out here on its own.
  const vietnamTime = (iso: string) => {
    const at = new Date(Date.parse(iso) + 7 * 3600_000);
    const two = (n: number) => String(n).padStart(2, '0');
    return { time: `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}`, date: `${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${at.getUTCFullYear()}` };
  };
  const logText = () => page.locator('[data-log]');

  it('says "being added" before the sequencer turn, then the entry, checkpoint, proof link, offline check and key (vi, en)', async () => {
    const code = portal.codes.inForce;
    // Nothing integrated yet: the seed's entries wait for the sequencer.
    expect((await proofOf(code)).pending).toBeGreaterThan(0);
    await page.goto(`/tra-cuu/${code}`);
    expect(await logText().getAttribute('data-log')).toBe('pending');
    expect(await page.locator('[data-log-pending]').textContent()).toBe('Học bạ này đang được ghi vào sổ minh bạch công khai (trong vài giây). Tải lại trang để xem bằng chứng.');
    await page.goto(`/en/tra-cuu/${code}`);
    expect(await page.locator('[data-log-pending]').textContent()).toBe('This record is being added to the public log (within seconds). Reload the page to see the proof.');

    expect(await portal.integrateLog()).toBeGreaterThan(0);
    const answer = await proofOf(code);
    const accepted = answer.entries.find((entry) => entry.kind === 'accepted')!;
    expect(answer.pending).toBe(0);
    const { time, date } = vietnamTime(answer.checkpoint!.at);

    await page.goto(`/tra-cuu/${code}`);
    expect(await logText().getAttribute('data-log')).toBe('in');
    expect(await page.getByRole('heading', { name: 'Sổ minh bạch' }).count()).toBe(1);
    expect(await page.locator('[data-log-in]').textContent()).toBe(
      `Học bạ này có trong sổ minh bạch công khai của Cổng: mục số ${accepted.index}, trong bản chốt sổ lúc ${time} ngày ${date} (giờ Việt Nam) (sổ có ${answer.checkpoint!.size} mục).`);
    const link = page.getByRole('link', { name: 'Tải bằng chứng có trong sổ (.tlog-proof)' });
    expect(await link.getAttribute('href')).toBe(`/api/v1/records/${code}/proof?format=tlog-proof`);
    expect(await page.locator('[data-log-key]').textContent()).toBe(portal.logKey);
    expect(await page.locator('[data-log-command]').textContent())
      .toBe(`hocba verify hoc-ba-${code}.xml --proof hoc-ba-${code}.tlog-proof --log-key '${portal.logKey}'`);

    // The linked file is the acceptance proof, and it proves THIS file is in the log under the shown key.
    const file = await download(page, () => link.click());
    expect(file.name).toBe(`hoc-ba-${code}.tlog-proof`);
    expect(file.bytes.toString('utf8')).toBe(accepted.proof);
    const checked = checkAcceptanceProof(Buffer.from(portal.xml.get(code)!), file.bytes.toString('utf8'), portal.logKey!);
    expect(checked).toMatchObject({ ok: true, index: accepted.index, lookupCode: code });

    await page.goto(`/en/tra-cuu/${code}`);
    expect(await page.getByRole('heading', { name: 'Transparency log' }).count()).toBe(1);
    expect(await page.locator('[data-log-in]').textContent()).toBe(
      `This record is in the registry’s public log: entry ${accepted.index}, in the checkpoint of ${date} ${time} (Vietnam time, UTC+7) (size ${answer.checkpoint!.size}).`);
    expect(await page.getByRole('link', { name: 'Download the proof that it is in the log (.tlog-proof)' }).getAttribute('href'))
      .toBe(`/api/v1/records/${code}/proof?format=tlog-proof`);
    await screenshot(page, 'record-transparency-log');
  });

  it('lists a recalled record\'s later entries by kind and index', async () => {
    await portal.integrateLog();
    const code = portal.codes.recalled;
    const later = (await proofOf(code)).entries.filter((entry) => entry.kind !== 'accepted');
    expect(later.map((entry) => entry.kind)).toContain('recalled');
    const words = { vi: { recalled: 'Thu hồi', replaced: 'Thay thế', copy: 'Cấp bản sao PDF' }, en: { recalled: 'Recall', replaced: 'Replacement', copy: 'PDF copy issued' } } as const;
    await page.goto(`/tra-cuu/${code}`);
    expect(await page.locator('[data-log-later] li').allTextContents())
      .toEqual(later.map((entry) => `${words.vi[entry.kind as 'recalled']}: mục số ${entry.index}`));
    await page.goto(`/en/tra-cuu/${code}`);
    expect(await page.locator('[data-log-later] li').allTextContents())
      .toEqual(later.map((entry) => `${words.en[entry.kind as 'recalled']}: entry ${entry.index}`));
  });

  it('puts the acceptance proof and the log key in the self-check bundle, and its README command checks them', async () => {
    await portal.integrateLog();
    const code = portal.codes.secondary;
    await page.goto(`/tra-cuu/${code}`);
    const full = /<MaDinhDanh>(\d{12})<\/MaDinhDanh>/.exec(portal.xml.get(code)!)![1]!;
    await page.getByRole('textbox', { name: 'Số định danh cá nhân của học sinh (12 chữ số)' }).fill(full);
    const file = await download(page, () => page.getByRole('button', { name: 'Tải gói tự kiểm tra' }).click());
    const zip = join(work, 'bundle-log.zip');
    writeFileSync(zip, file.bytes);
    const out = join(work, 'bundle-log');
    const { execFileSync, spawnSync } = await import('node:child_process');
    execFileSync('unzip', ['-q', '-o', zip, '-d', out]);
    const xml = readFileSync(join(out, `hoc-ba-${code}.xml`));
    const proof = readFileSync(join(out, 'log-proof.tlog-proof'), 'utf8');
    const key = readFileSync(join(out, 'log-key.txt'), 'utf8').trim();
    expect(key).toBe(portal.logKey);
    expect(proof).toBe((await proofOf(code)).entries.find((entry) => entry.kind === 'accepted')!.proof);
    expect(checkAcceptanceProof(xml, proof, key)).toMatchObject({ ok: true, lookupCode: code });
    // The proof is of THIS file: another record's XML does not pass with it.
    expect(checkAcceptanceProof(Buffer.from(portal.xml.get(portal.codes.inForce)!), proof, key).ok).toBe(false);
    const readme = readFileSync(join(out, 'HUONG-DAN.txt'), 'utf8');
    const command = /hocba verify [^\n]+/.exec(readme)![0];
    expect(command).toBe(`hocba verify hoc-ba-${code}.xml --proof log-proof.tlog-proof --log-key log-key.txt`);
    const hocba = fileURLToPath(new URL('../../scripts/hocba.ts', import.meta.url));
    const run = spawnSync(process.execPath, [hocba, ...command.split(' ').slice(1)], { cwd: out, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    // Releasing the bundle issued a numbered PDF copy: its entry waits for the next turn, and the page says so.
    await page.goto(`/tra-cuu/${code}`);
    expect(await page.locator('[data-log-pending]').textContent()).toBe('Còn 1 mục mới về học bạ này đang được ghi vào sổ (trong vài giây).');
    await page.goto(`/en/tra-cuu/${code}`);
    expect(await page.locator('[data-log-pending]').textContent()).toBe('1 more entry about this record is being added to the log (within seconds).');
  });
});

describe('accessibility', () => {
  it('has landmarks, one h1, labels and AA contrast on every kind of page', async () => {
    // axe-core is injected as a script: this context alone lets it past the CSP.
    const audit = await newContext(browser, portal.url, { bypassCSP: true });
    const p = await audit.newPage();
    const pages = ['/', '/en/', `/tra-cuu/${portal.codes.inForce}`, `/tra-cuu/${portal.codes.notLocked}`, `/tra-cuu/${portal.codes.recalled}`,
      `/tra-cuu/${portal.codes.replaced}`, `/en/tra-cuu/${portal.codes.recalled}`, `/tra-cuu/${'E'.repeat(32)}`, '/tra-cuu?ma=x', '/kiem-tra', '/xac-minh-hang-loat', '/huong-dan', '/khong-co', '/429'];
    for (const path of pages) {
      await p.goto(path);
      await p.locator('details').evaluateAll((all) => all.forEach((details) => { (details as HTMLDetailsElement).open = true; }));
      const found = await checkAccessibility(p);
      expect(found.lang, path).toMatch(/^(vi|en)$/);
      expect(found.h1, path).toBe(1);
      expect({ ...found.landmarks, nav: Math.min(found.landmarks.nav!, 1) }, path).toEqual({ header: 1, nav: 1, main: 1, footer: 1 });
      expect(found.unlabelled, path).toEqual([]);
      expect(found.visibleIcons, path).toBe(0);
      expect(found.duplicateIds, path).toEqual([]);
      expect(found.lowContrast, path).toEqual([]);
      if (found.axe) expect(found.axe, path).toEqual([]);
    }
    await audit.close();
  });

  it('works from the keyboard: skip link, then the lookup form', async () => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua, đến nội dung chính');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lookup-code');
    await page.keyboard.type(portal.codes.secondary.toLowerCase());
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-status]').getAttribute('data-status')).toBe('not_locked');
  });
});

describe('QR scan (progressive enhancement)', () => {
  const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

  it('uses the browser\'s own BarcodeDetector where there is one (the WebAssembly fallback: portal-widths.test.ts)', async () => {
    const scanning = await context.newPage();
    const target = recordUrl(portal.codes.recalled, portal.url);
    // A stand-in detector that "reads" the QR printed on a copy: the page's own code does the rest.
    await scanning.addInitScript((text) => {
      (window as unknown as { BarcodeDetector: unknown }).BarcodeDetector = class {
        static async getSupportedFormats() { return ['qr_code']; }
        async detect() { return [{ rawValue: text }]; }
      };
    }, target);
    const fetched: string[] = [];
    scanning.on('request', (request) => fetched.push(request.url()));
    await scanning.goto('/');
    await scanning.getByRole('button', { name: 'Quét mã QR bằng máy ảnh' }).waitFor();
    const photo = join(work, 'qr.png');
    writeFileSync(photo, Buffer.from(PNG_1PX, 'base64'));
    await scanning.locator('[data-qr-photo]').setInputFiles(photo);
    await expect.poll(() => new URL(scanning.url()).pathname).toBe(`/tra-cuu/${portal.codes.recalled}`);
    await scanning.close();
    // The stand-in answered: the page asked the native detector and never fetched the WebAssembly reader.
    expect(fetched.filter((url) => /\.wasm$|qr-decoder/.test(url))).toEqual([]);
  });
});

/** RFC 4180 lines and cells (quotes, doubled quotes, commas inside quotes). */
function parseCsv(text: string): string[][] {
  return text.trimEnd().split('\r\n').map((line) => {
    const cells: string[] = [''];
    let quoted = false;
    for (let at = 0; at < line.length; at++) {
      const char = line[at]!;
      if (quoted && char === '"' && line[at + 1] === '"') { cells[cells.length - 1] += '"'; at++; }
      else if (char === '"') quoted = !quoted;
      else if (char === ',' && !quoted) cells.push('');
      else cells[cells.length - 1] += char;
    }
    return cells;
  });
}
