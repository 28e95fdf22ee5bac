// What the public is shown once a student has moved, through the real `hocba serve` and built portal, on a PGlite
// folder and on PostgreSQL: the record page (vi and en) and the API answer say the student has since moved, never
// where to; a record of a student who did not move says nothing of it. The same record carries a lifelong
// learning-record code (Decree 88/2026), shown masked on the page, in the API answer and on the PDF copy.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePackage, openRegistry, recordPath } from '../../../api/index.ts';
import { generateSampleXml } from '../../../api/samples/index.ts';
import { ensureSiteBuilt } from '../../../scripts/build-site.ts';
import { createFreshDatabase, databasesUnderTest, type FreshDatabase } from '../../helpers/database.ts';
import { startServe } from '../../helpers/serve.ts';
import { enrolFixtures, makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';

const PUBLIC_URL = 'https://hocba.example.vn';
const LIFELONG = 'VN2026HT0001234567';
const MASKED = `${'*'.repeat(LIFELONG.length - 4)}4567`;
const { a: A, b: B } = SCHOOLS;

let fx: Fixtures;
beforeAll(async () => {
  [fx] = await Promise.all([makeFixtures(), ensureSiteBuilt()]);
}, 600_000);

function pdfText(bytes: ArrayBuffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-transfer-pdf-'));
  writeFileSync(join(dir, 'copy.pdf'), Buffer.from(bytes));
  return execFileSync('pdftotext', [join(dir, 'copy.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
}

describe.each(databasesUnderTest())('a moved student\'s record at every public door, through hocba serve on $name', ({ name }) => {
  let server: ChildProcess | undefined;
  let url: string;
  let fresh: FreshDatabase | undefined;
  let moved = '';
  let stayed = '';

  beforeAll(async () => {
    fresh = name === 'postgres' ? await createFreshDatabase() : undefined;
    const data = join(mkdtempSync(join(tmpdir(), 'hocba-transfer-page-')), 'data');
    const opened = await openRegistry(fresh ? { url: fresh.url } : { dataDir: data });
    await enrolFixtures(opened.registry, fx);
    const signedPackage = async (seed: number, lifelongCode?: string) => {
      const xml = generateSampleXml({
        level: A.level, grade: A.grade, schoolYear: fx.schoolYear, schoolCode: A.code, schoolName: A.name, provinceCode: '01', seed,
        ...(lifelongCode ? { lifelongCode } : {}),
      });
      return encodePackage(await fx.sign(await fx.sign(xml, A.seal, 'CoSoGiaoDuc'), A.teacher, 'GVCN'));
    };
    const results = await opened.registry.submitPackages(A.code, [await signedPackage(1, LIFELONG), await signedPackage(2)]);
    expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted']);
    [moved, stayed] = results.map((result) => result.lookupCode!) as [string, string];
    const student = (await opened.registry.getRecord(moved))!.studentCode;
    await opened.registry.recordTransfer({ studentCode: student, fromSchool: A.code, toSchool: B.code, effectiveDate: '2021-09-06', reason: 'Chuyển nơi ở' });
    await opened.close();
    const args = ['--port', '0', '--workers', '0', '--log-level', 'warn', '--public-url', PUBLIC_URL, ...(fresh ? [] : ['--data', data])];
    ({ child: server, url } = await startServe(args, { DATABASE_URL: fresh?.url ?? '' }));
  }, 600_000);

  afterAll(async () => {
    if (server) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server!.on('exit', resolve));
    }
    await fresh?.drop();
  });

  it('says on the record page, in Vietnamese and in English, that the student has since moved, and not where to', async () => {
    const vi = await (await fetch(`${url}${recordPath(moved, 'vi')}`)).text();
    const en = await (await fetch(`${url}${recordPath(moved, 'en')}`)).text();
    expect(vi).toMatch(/<p class="notice" data-moved[^>]*>Học sinh đã chuyển sang trường khác\. Học bạ này vẫn giữ nguyên như Trường Tiểu học Kim Đồng đã ký;/);
    expect(en).toMatch(/<p class="notice" data-moved[^>]*>The student has since moved to another school\. This record stays exactly as Trường Tiểu học Kim Đồng signed it;/);
    for (const page of [vi, en]) {
      expect(page).not.toContain(B.code);
      expect(page).not.toContain(B.name);
    }
    expect(await (await fetch(`${url}${recordPath(stayed, 'vi')}`)).text()).not.toContain('data-moved');
  });

  it('says it in the API answer (studentMoved) for the moved record only', async () => {
    const answer = (await (await fetch(`${url}/api/v1/records/${moved}`)).json()) as { studentMoved: boolean; status: string };
    const other = (await (await fetch(`${url}/api/v1/records/${stayed}`)).json()) as { studentMoved: boolean };
    expect([answer.studentMoved, answer.status, other.studentMoved]).toEqual([true, 'not_locked', false]);
  });

  it('shows the lifelong learning-record code masked on the page, in the API answer and on the PDF, never whole', async () => {
    const vi = await (await fetch(`${url}${recordPath(moved, 'vi')}`)).text();
    const en = await (await fetch(`${url}${recordPath(moved, 'en')}`)).text();
    expect(vi).toMatch(new RegExp(`<dt>Mã học tập suốt đời</dt><dd class="mono" data-lifelong-code[^>]*>${MASKED.replace(/\*/g, '\\*')}</dd>`));
    expect(en).toContain('Lifelong learning-record code');
    const answer = (await (await fetch(`${url}/api/v1/records/${moved}`)).json()) as { content: { lifelongCode: string } };
    expect(answer.content.lifelongCode).toBe(MASKED);
    const pdf = await fetch(`${url}/api/v1/records/${moved}/pdf`);
    expect(pdf.status).toBe(200);
    const text = pdfText(await pdf.arrayBuffer());
    expect(text).toContain('Mã học tập suốt đời');
    expect(text).toContain(MASKED);
    for (const door of [vi, en, JSON.stringify(answer), text]) expect(door).not.toContain(LIFELONG);
  });
});
