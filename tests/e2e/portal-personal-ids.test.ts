// The portal over HTTP (issue 10 items 3 and 5): the record page's "Xác nhận" block says who signed as the
// certificates say, no page shows a personal id whole (student or signer), and the XML / bundle are released
// only by a POST carrying the student's 12 digits — the registry's check, limit and journal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameName, XML_RELEASE_TRIES } from '../../api/index.ts';
import { ensureSiteBuilt } from '../../scripts/build-site.ts';
import { SCHOOLS } from '../helpers/signed-records.ts';
import { startPortalUnderTest, type PortalUnderTest } from './support/portal-server.ts';

let portal: PortalUnderTest;

beforeAll(async () => {
  await ensureSiteBuilt();
  portal = await startPortalUnderTest();
}, 180_000);

afterAll(async () => {
  await portal?.close();
});

const idOf = (code: string) => /<MaDinhDanh>(\d{12})<\/MaDinhDanh>/.exec(portal.xml.get(code)!)![1]!;
const signerIdOf = (entity: string) => /CCCD:(\d{12})/.exec(portal.fixtures.pki.entities[entity]!.subject)![1]!;
const page = async (path: string) => (await fetch(`${portal.url}${path}`)).text();
const release = (code: string, personalId: string, what: 'xml' | 'bundle', lang = '') => {
  const body = new URLSearchParams({ personalId, what });
  return fetch(`${portal.url}/tra-cuu/${code}/bundle.zip${lang}`, {
    method: 'POST', body, redirect: 'manual', headers: { Origin: portal.url, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
};

describe('the record page', () => {
  it('says the transparency log is not enabled on a server without a log key', async () => {
    const code = portal.codes.inForce;
    const vi = await page(`/tra-cuu/${code}`);
    expect(vi).toContain('<div class="transparency" data-log="off"');
    expect(vi).toContain('Máy chủ này chưa bật sổ minh bạch, nên ở đây chưa có bằng chứng học bạ nằm trong sổ.');
    expect(vi).not.toContain('format=tlog-proof');
    expect(await page(`/en/tra-cuu/${code}`)).toContain('The transparency log is not enabled on this server, so there is no proof here that the record is in it.');
  });

  it('does not say "Đã ký số" under a homeroom teacher named in the content who did not sign, and names who did', async () => {
    const code = portal.codes.notLocked;
    const named = /<GiaoVienChuNhiem>[\s\S]*?<HoTen>([^<]+)<\/HoTen>/.exec(portal.xml.get(code)!)?.[1] ?? '';
    const signer = portal.fixtures.pki.entities[SCHOOLS.a.teacher]!.subject.match(/CN=([^,]+)/)![1]!;
    expect(sameName(named, signer)).toBe(false);
    const html = await page(`/tra-cuu/${code}`);
    const block = /<div data-signing-role="GVCN" data-signed="(yes|no)">([\s\S]*?)<\/div>/.exec(html)!;
    expect(block[1]).toBe('no');
    expect(block[2]).not.toContain('Đã ký số');
    expect(block[2]).toContain(`${signer} đã ký số vai trò này`);
  });

  it('shows no personal id whole: not the student\'s, not a signer\'s (vi and en)', async () => {
    const code = portal.codes.notLocked;
    const ids = [idOf(code), signerIdOf(SCHOOLS.a.teacher), signerIdOf(SCHOOLS.a.principal)];
    for (const path of [`/tra-cuu/${code}`, `/en/tra-cuu/${code}`]) {
      const runs = [...(await page(path)).matchAll(/\d{12}/g)].map((found) => found[0]);
      expect(runs.filter((run) => ids.includes(run)), path).toEqual([]);
    }
  });
});

describe('the XML and the bundle on proof of the student\'s id', () => {
  it('releases nothing on GET, the exact XML and the ZIP on the right id, and sends a wrong id back with a reason', async () => {
    const code = portal.codes.inForce;
    expect((await fetch(`${portal.url}/tra-cuu/${code}/bundle.zip`, { redirect: 'manual' })).status).toBe(303);
    const xml = await release(code, idOf(code), 'xml');
    expect(xml.status).toBe(200);
    expect(Buffer.from(await xml.arrayBuffer()).equals(Buffer.from(portal.xml.get(code)!))).toBe(true);
    const zip = await release(code, idOf(code), 'bundle');
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');

    const wrong = await release(code, '000000000000', 'bundle', '?lang=en');
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('location')).toBe(`/en/tra-cuu/${code}?tai=wrong#downloads-title`);
    expect(await page(`/en/tra-cuu/${code}?tai=wrong`)).toContain('The personal number does not match this record.');
  });

  it(`stops after ${XML_RELEASE_TRIES} wrong tries within the hour, the right id included, and journals every try`, async () => {
    const code = portal.codes.secondary;
    for (let i = 0; i < XML_RELEASE_TRIES; i++) expect((await release(code, '000000000000', 'xml')).headers.get('location')).toContain('tai=wrong');
    const limited = await release(code, idOf(code), 'xml');
    expect(limited.headers.get('location')).toBe(`/tra-cuu/${code}?tai=limited#downloads-title`);
    expect(await page(`/tra-cuu/${code}?tai=limited`)).toContain('Đã hết số lần thử cho học bạ này trong một giờ');
    const rows = await portal.database.query<{ kind: string; reason: string | null }>(
      `select kind, detail->>'reason' as reason from events where subject = $1 and kind like 'xml_release%' order by id`, [code]);
    expect(rows).toEqual([...Array(XML_RELEASE_TRIES).fill({ kind: 'xml_release_refused', reason: 'wrong' }), { kind: 'xml_release_refused', reason: 'limited' }]);
  });
});
