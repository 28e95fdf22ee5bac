// The operator API (SPEC §5 "Operators (Sở; login)") in-process on PGlite and PostgreSQL: login and its one
// refusal, lockout, expiry and logout, every route with its journal entry, tokens kept apart, limits, the export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { fingerprintOf, pemToDer } from '../../../api/index.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';

const PASSWORD = 'Sở Giáo dục Hà Nội 2026';
const USER = 'lan.nguyen';
const ACTOR = `operator:${USER}`;

const fx = await makeFixtures();

type Event = [kind: string, actor: string, subject: string | null];

describe.each(databasesUnderTest())('the operator API on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  /** The API with a login budget wide enough for this file (the 429 test uses the default one). */
  let app: Api['app'];
  let token: string;
  let last = 0;

  const login = (username: string, password: string, through = app) => through.request('/api/v1/operator/login', json({ username, password }));
  const asOperator = (path: string, init: RequestInit = {}, as = token) =>
    app.request(path, { ...init, headers: { ...bearer(as), ...(init.headers as Record<string, string> | undefined) } });
  const post = (path: string, body: unknown, as = token) => asOperator(path, { method: 'POST', body: JSON.stringify(body) }, as);
  /** The journal entries since the last call. */
  async function journal(): Promise<Event[]> {
    const rows = await database.query<{ id: number; kind: string; actor: string; subject: string | null }>(
      'select id::int as id, kind, actor, subject from events where id > $1 order by id', [last]);
    last = rows.at(-1)?.id ?? last;
    return rows.map((row) => [row.kind, row.actor, row.subject]);
  }

  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx));
    app = api.appWith({ limits: { loginRequestsPerMinute: 1000 } });
    await api.registry.addOperator({ username: USER, displayName: 'Nguyễn Thị Lan', password: PASSWORD }, { now: fx.now });
    await api.registry.addOperator({ username: 'cu.can.bo', displayName: 'Cán bộ đã nghỉ', password: PASSWORD }, { now: fx.now });
    await api.registry.disableOperator('cu.can.bo', { now: fx.now });
    const response = await login(USER, PASSWORD);
    token = ((await response.json()) as { token: string }).token;
    await journal();
  });
  afterAll(() => database?.close());

  describe('when an operator logs in', () => {
    it('answers 200 with a token and its expiry, not to be cached, and journals the login', async () => {
      const response = await login('Lan.Nguyen', PASSWORD);
      expect(response.status).toBe(200);
      expect(response.headers.get('Cache-Control')).toBe('no-store');
      const body = (await response.json()) as { token: string; expiresAt: string; username: string };
      expect(body).toEqual({ token: expect.stringMatching(/^hbo_[A-Za-z0-9_-]{43}$/), expiresAt: new Date(api.clock.now.getTime() + 8 * 3_600_000).toISOString(), username: USER });
      expect((await journal()).map(([kind, actor, subject]) => [kind, actor, subject])).toEqual([['login', ACTOR, USER]]);
      expect(api.logs.join('\n')).not.toContain(body.token);
      expect(api.logs.join('\n')).not.toContain(PASSWORD);
    });

    it('gives the same 401 login_failed body to a wrong password, an unknown user, a disabled and a locked account', async () => {
      await api.registry.addOperator({ username: 'bi.khoa', displayName: 'Bị Khóa', password: PASSWORD }, { now: api.clock.now });
      for (let i = 0; i < 5; i++) await login('bi.khoa', 'đoán sai mật khẩu');
      const answers = await Promise.all([
        login(USER, `${PASSWORD}x`), login('khong.ton.tai', PASSWORD), login('cu.can.bo', PASSWORD), login('bi.khoa', PASSWORD),
      ].map(async (pending) => {
        const response = await pending;
        const { requestId, ...body } = (await response.json()) as Record<string, string>;
        expect(requestId).toBe(response.headers.get('X-Request-Id'));
        return JSON.stringify([response.status, body, response.headers.get('WWW-Authenticate')]);
      }));
      expect(new Set(answers).size).toBe(1);
      expect(JSON.parse(answers[0]!)).toEqual([401, { code: 'login_failed', message: expect.stringContaining('15') }, null]);
      const reasons = await database.query<{ subject: string | null; reason: string }>(
        `select subject, detail->>'reason' as reason from events where kind = 'login_failed' and id > $1 order by id desc limit 4`, [last]);
      expect(reasons.map((row) => row.reason).sort()).toEqual(['disabled', 'locked', 'password', 'unknown']);
      await journal();
    });

    it('lets a locked account in again once the 15 minutes have passed', async () => {
      const saved = api.clock.now;
      try {
        api.clock.now = new Date(saved.getTime() + 15 * 60_000);
        expect((await login('bi.khoa', PASSWORD)).status).toBe(200);
      } finally {
        api.clock.now = saved;
        await journal();
      }
    });

    it('refuses a malformed body with 400 and an oversized one with 413', async () => {
      expect(await (await app.request('/api/v1/operator/login', json({ username: USER }))).json()).toMatchObject({ code: 'invalid_request', path: 'password' });
      const huge = await app.request('/api/v1/operator/login', json({ username: USER, password: 'x'.repeat(100_000) }));
      expect([huge.status, ((await huge.json()) as { code: string }).code]).toEqual([413, 'body_too_large']);
    });

    it('answers 429 with Retry-After past 10 attempts a minute from one address', async () => {
      const fresh = api.appWith({});
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await login(`nobody${i}`, 'mật khẩu đoán mò', fresh)).status);
      expect(statuses).toEqual([...Array.from({ length: 10 }, () => 401), 429]);
      const limited = await login(USER, PASSWORD, fresh);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ code: 'rate_limited' });
      await journal();
    });
  });

  describe('when a token is wrong, expired or of the other kind', () => {
    it('answers 401 unauthorized without a token and token_invalid with a wrong one', async () => {
      const none = await app.request('/api/v1/operator/schools');
      expect([none.status, ((await none.json()) as { code: string }).code]).toEqual([401, 'unauthorized']);
      expect(none.headers.get('WWW-Authenticate')).toContain('hocba-operator');
      const wrong = await asOperator('/api/v1/operator/schools', {}, `hbo_${'A'.repeat(43)}`);
      expect([wrong.status, ((await wrong.json()) as { code: string }).code]).toEqual([401, 'token_invalid']);
    });

    it('refuses a school token on operator routes and an operator token on school routes', async () => {
      const school = await asOperator('/api/v1/operator/schools', {}, api.tokens.a);
      expect([school.status, ((await school.json()) as { code: string }).code]).toEqual([401, 'token_invalid']);
      const exported = await asOperator(`/api/v1/operator/exports/records?schoolYear=${fx.schoolYear}`, {}, api.tokens.b);
      expect(exported.status).toBe(401);
      const pushed = await app.request('/api/v1/packages', json({ package: await fx.packaged(SCHOOLS.a, 901) }, bearer(token)));
      expect([pushed.status, ((await pushed.json()) as { code: string }).code]).toEqual([401, 'token_invalid']);
      const own = await app.request(`/api/v1/packages/${'A'.repeat(32)}`, { headers: bearer(token) });
      expect(own.status).toBe(401);
      expect(await journal()).toEqual([]);
    });

    it('stops a session after 8 hours and after logout', async () => {
      const session = ((await (await login(USER, PASSWORD)).json()) as { token: string }).token;
      const saved = api.clock.now;
      try {
        api.clock.now = new Date(saved.getTime() + 8 * 3_600_000 - 1000);
        expect((await asOperator('/api/v1/operator/schools', {}, session)).status).toBe(200);
        api.clock.now = new Date(saved.getTime() + 8 * 3_600_000);
        expect((await asOperator('/api/v1/operator/schools', {}, session)).status).toBe(401);
      } finally {
        api.clock.now = saved;
      }
      await journal();
      const out = await post('/api/v1/operator/logout', {}, session);
      expect([out.status, await out.json()]).toEqual([200, { loggedOut: true }]);
      expect(await journal()).toEqual([['logout', ACTOR, USER]]);
      const after = await asOperator('/api/v1/operator/schools', {}, session);
      expect([after.status, ((await after.json()) as { code: string }).code]).toEqual([401, 'token_invalid']);
      expect((await asOperator('/api/v1/operator/schools')).status).toBe(200); // the other session is untouched
    });
  });

  describe('when an operator works', () => {
    const NEW_SCHOOL = { code: '01001009', name: 'Trường Tiểu học Ngọc Hà', provinceCode: '01', district: 'Ba Đình' };

    it('lists the schools with the seal certificates approved for each', async () => {
      const response = await asOperator('/api/v1/operator/schools');
      expect(response.status).toBe(200);
      const { schools } = (await response.json()) as { schools: { code: string; name: string; certificates: { fingerprint: string }[] }[] };
      const seals = Object.fromEntries(schools.map((school) => [school.code, [school.name, school.certificates.map((cert) => cert.fingerprint)]]));
      for (const school of Object.values(SCHOOLS)) {
        expect(seals[school.code]).toEqual([school.name, [fingerprintOf(pemToDer(fx.pem(school.seal))[0]!)]]);
      }
    });

    it('adds a school with its certificate; the school token shown once works on school routes only', async () => {
      const response = await post('/api/v1/operator/schools', { ...NEW_SCHOOL, certificates: [fx.pem('principal-a')] });
      expect(response.status).toBe(201);
      expect(response.headers.get('Cache-Control')).toBe('no-store');
      const body = (await response.json()) as { schoolCode: string; tokenId: number; token: string; certificates: { fingerprint: string }[] };
      expect(body).toMatchObject({ schoolCode: NEW_SCHOOL.code, tokenId: expect.any(Number), certificates: [{ fingerprint: fingerprintOf(pemToDer(fx.pem('principal-a'))[0]!) }] });
      expect(await journal()).toEqual([['school_add', ACTOR, NEW_SCHOOL.code], ['approve', ACTOR, body.certificates[0]!.fingerprint], ['token_issue', ACTOR, NEW_SCHOOL.code]]);
      expect((await app.request(`/api/v1/packages/${'B'.repeat(32)}`, { headers: bearer(body.token) })).status).toBe(404);
      expect((await asOperator('/api/v1/operator/schools', {}, body.token)).status).toBe(401);
      const again = await post('/api/v1/operator/schools', { ...NEW_SCHOOL, certificates: [] });
      expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([409, 'school_exists']);
      const junk = await post('/api/v1/operator/schools', { ...NEW_SCHOOL, code: '01001010', certificates: ['not a certificate'] });
      expect([junk.status, ((await junk.json()) as { code: string }).code]).toEqual([422, 'certificate_unreadable']);
      expect(await journal()).toEqual([]);
    });

    it('approves a certificate and withdraws approvals by fingerprint and by certificate', async () => {
      const teacher = fx.pem('teacher-a');
      const fingerprint = fingerprintOf(pemToDer(teacher)[0]!);
      const approved = await post(`/api/v1/operator/schools/${NEW_SCHOOL.code}/certificates`, { certificate: teacher });
      expect([approved.status, await approved.json()]).toEqual([200, { approved: [expect.objectContaining({ fingerprint, serial: expect.any(String) })] }]);
      expect(await journal()).toEqual([['approve', ACTOR, fingerprint]]);
      const byFingerprint = await post(`/api/v1/operator/schools/${NEW_SCHOOL.code}/certificates/withdraw`, { fingerprint: fingerprint.toUpperCase() });
      expect([byFingerprint.status, await byFingerprint.json()]).toEqual([200, { withdrawn: fingerprint }]);
      const principal = fx.pem('principal-a');
      const byCertificate = await post(`/api/v1/operator/schools/${NEW_SCHOOL.code}/certificates/withdraw`, { certificate: principal });
      expect([byCertificate.status, await byCertificate.json()]).toEqual([200, { withdrawn: fingerprintOf(pemToDer(principal)[0]!) }]);
      expect(await journal()).toEqual([['withdraw', ACTOR, fingerprint], ['withdraw', ACTOR, fingerprintOf(pemToDer(principal)[0]!)]]);
      const twice = await post(`/api/v1/operator/schools/${NEW_SCHOOL.code}/certificates/withdraw`, { fingerprint });
      expect([twice.status, ((await twice.json()) as { code: string }).code]).toEqual([422, 'certificate_not_approved']);
      const both = await post(`/api/v1/operator/schools/${NEW_SCHOOL.code}/certificates/withdraw`, { fingerprint, certificate: principal });
      expect(both.status).toBe(400);
      const unknown = await post('/api/v1/operator/schools/01009999/certificates', { certificate: teacher });
      expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'school_unknown']);
    });

    it("revokes a school's token by number, then all its live ones: each answered 401 token_invalid on every school route, journaled token_revoke", async () => {
      const first = await api.registry.issueSchoolToken(NEW_SCHOOL.code, { now: api.clock.now });
      const second = await api.registry.issueSchoolToken(NEW_SCHOOL.code, { now: api.clock.now });
      const otherSchool = await api.registry.issueSchoolToken(SCHOOLS.b.code, { now: api.clock.now });
      const live = (await database.query<{ id: number }>('select id::int as id from school_tokens where school_code = $1 and revoked_at is null order by id', [NEW_SCHOOL.code])).map((row) => row.id);
      await journal();
      // Every route the OpenAPI document puts under schoolToken, with made-up parameters and an empty JSON body.
      const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { security?: { schoolToken?: unknown }[] }>> };
      const schoolRoutes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops)
        .filter(([, op]) => op.security?.some((scheme) => 'schoolToken' in scheme)).map(([method]) => [method.toUpperCase(), path.replace(/\{\w+\}/g, '1')] as const));
      expect(schoolRoutes.length).toBeGreaterThanOrEqual(8);
      const answers = (as: string) => Promise.all(schoolRoutes.map(async ([method, path]) => {
        const response = await app.request(path, { method, headers: { ...bearer(as), 'Content-Type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) });
        return response.status === 401 ? `401 ${((await response.json()) as { code: string }).code}` : 'passed';
      }));
      const everyRoute = (answer: string) => schoolRoutes.map(() => answer);
      expect(await answers(first.token)).toEqual(everyRoute('passed'));

      const one = await post(`/api/v1/operator/schools/${NEW_SCHOOL.code}/tokens/revoke`, { tokenId: first.tokenId });
      expect([one.status, await one.json()]).toEqual([200, { schoolCode: NEW_SCHOOL.code, tokenIds: [first.tokenId] }]);
      expect(await answers(first.token)).toEqual(everyRoute('401 token_invalid'));
      expect(await answers(second.token)).toEqual(everyRoute('passed'));

      // Another school's token number under this school's code ends nothing.
      const foreign = await post(`/api/v1/operator/schools/${NEW_SCHOOL.code}/tokens/revoke`, { tokenId: otherSchool.tokenId });
      expect([foreign.status, ((await foreign.json()) as { code: string }).code]).toEqual([404, 'school_token_unknown']);
      const all = await post(`/api/v1/operator/schools/${NEW_SCHOOL.code}/tokens/revoke`, {});
      expect([all.status, await all.json()]).toEqual([200, { schoolCode: NEW_SCHOOL.code, tokenIds: live.filter((id) => id !== first.tokenId) }]);
      expect(await answers(second.token)).toEqual(everyRoute('401 token_invalid'));
      expect(await answers(otherSchool.token)).toEqual(everyRoute('passed'));
      expect(await journal()).toEqual([['token_revoke', ACTOR, NEW_SCHOOL.code], ['token_revoke', ACTOR, NEW_SCHOOL.code]]);
      const detail = await database.query<{ detail: unknown }>("select detail from events where kind = 'token_revoke' order by id");
      expect(detail.map((row) => row.detail)).toEqual([{ tokenIds: [first.tokenId] }, { tokenIds: live.filter((id) => id !== first.tokenId) }]);

      const again = await post(`/api/v1/operator/schools/${NEW_SCHOOL.code}/tokens/revoke`, {});
      expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([404, 'school_token_unknown']);
      const unknown = await post('/api/v1/operator/schools/01009999/tokens/revoke', {});
      expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'school_unknown']);
      expect((await post(`/api/v1/operator/schools/${NEW_SCHOOL.code}/tokens/revoke`, { tokenId: 'x' })).status).toBe(400);
      expect((await post(`/api/v1/operator/schools/${SCHOOLS.b.code}/tokens/revoke`, {}, otherSchool.token)).status).toBe(401);
      expect(await answers(otherSchool.token)).toEqual(everyRoute('passed'));
      expect(await journal()).toEqual([]);
    });

    it('adds a CA to the trust list and loads a CRL', async () => {
      const ca = fx.pem('untrusted-root');
      const fingerprint = fingerprintOf(pemToDer(ca)[0]!);
      const added = await post('/api/v1/operator/trust/anchors', { certificate: ca });
      expect([added.status, await added.json()]).toEqual([201, { fingerprints: [fingerprint] }]);
      expect(await journal()).toEqual([['trust_add', ACTOR, fingerprint]]);
      const loaded = await post('/api/v1/operator/trust/crls', { crl: fx.pki.crls['issuing-stale']!.pem });
      expect(loaded.status).toBe(201);
      expect(await loaded.json()).toEqual({ issuer: expect.stringContaining('CA Thử nghiệm'), thisUpdate: expect.any(String), nextUpdate: expect.any(String) });
      expect((await journal()).map(([kind, actor]) => [kind, actor])).toEqual([['crl_load', ACTOR]]);
      const junk = await post('/api/v1/operator/trust/crls', { crl: '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----' });
      expect([junk.status, ((await junk.json()) as { code: string }).code]).toEqual([422, 'crl_unreadable']);
    });

    it('sets the lock dates of a coming school year and refuses a date already passed', async () => {
      const first = Number(fx.schoolYear.slice(0, 4)) + 1;
      const year = `${first}-${first + 1}`;
      const dates = { main: `${first + 1}-07-05`, supplementary: `${first + 1}-08-20` };
      const response = await asOperator(`/api/v1/operator/lock-dates/${year}`, { method: 'PUT', body: JSON.stringify(dates) });
      expect([response.status, await response.json()]).toEqual([200, { schoolYear: year, ...dates }]);
      expect(await journal()).toEqual([['lock', ACTOR, year]]);
      expect((await api.registry.loadLockSettings()).years[year]).toEqual(dates);
      const past = await asOperator(`/api/v1/operator/lock-dates/${year}`, { method: 'PUT', body: JSON.stringify({ main: '2020-06-30', supplementary: '2020-08-15' }) });
      expect([past.status, ((await past.json()) as { code: string }).code]).toEqual([422, 'lock_date_invalid']);
      const malformed = await asOperator('/api/v1/operator/lock-dates/2026', { method: 'PUT', body: JSON.stringify(dates) });
      expect(malformed.status).toBe(400);
    });
  });

  describe('when the expected counts of a year are set through the API', () => {
    const year = '2025-2026';
    it('sets one school\'s, imports a CSV (all or none), lists them with who set them, and journals each school', async () => {
      const one = await asOperator(`/api/v1/operator/expected-counts/${year}/${SCHOOLS.a.code}`, { method: 'PUT', body: JSON.stringify({ expected: 120 }) });
      expect([one.status, await one.json()]).toEqual([200, { schoolCode: SCHOOLS.a.code, schoolYear: year, expected: 120 }]);
      expect(await journal()).toEqual([['expected_count', ACTOR, SCHOOLS.a.code]]);
      const csv = `ma_truong;so_du_kien\r\n${SCHOOLS.b.code};80\r\n${SCHOOLS.a.code};130\r\n`;
      const imported = await post(`/api/v1/operator/expected-counts/${year}/import`, { csv });
      expect([imported.status, await imported.json()]).toEqual([200, { schoolYear: year, saved: 2 }]);
      expect((await journal()).sort()).toEqual([['expected_count', ACTOR, SCHOOLS.a.code], ['expected_count', ACTOR, SCHOOLS.b.code]]);
      const listed = await asOperator(`/api/v1/operator/expected-counts?schoolYear=${year}`);
      expect([listed.status, await listed.json()]).toEqual([200, { schoolYear: year, counts: [
        { schoolCode: SCHOOLS.a.code, schoolYear: year, expected: 130, updatedAt: api.clock.now.toISOString(), updatedBy: ACTOR },
        { schoolCode: SCHOOLS.b.code, schoolYear: year, expected: 80, updatedAt: api.clock.now.toISOString(), updatedBy: ACTOR },
      ] }]);
      const oneSchool = await asOperator(`/api/v1/operator/expected-counts?schoolYear=${year}&school=${SCHOOLS.b.code}`);
      expect(((await oneSchool.json()) as { counts: { schoolCode: string }[] }).counts.map((row) => row.schoolCode)).toEqual([SCHOOLS.b.code]);
    });

    it('refuses a wrong line (naming it), an unknown school, a negative count and a malformed year, saving nothing', async () => {
      const before = await database.query('select school_code, expected from expected_counts order by school_code');
      const codeOf = async (response: Response) => [response.status, ((await response.json()) as { code: string; params?: unknown }).code];
      const badLine = await post(`/api/v1/operator/expected-counts/${year}/import`, { csv: `${SCHOOLS.a.code},1\n${SCHOOLS.b.code},nhiều\n` });
      expect(badLine.status).toBe(422);
      expect(await badLine.json()).toMatchObject({ code: 'expected_count_invalid', message: expect.stringContaining('2') });
      expect(await codeOf(await post(`/api/v1/operator/expected-counts/${year}/import`, { csv: `${SCHOOLS.a.code},1\n99999999,2\n` }))).toEqual([404, 'school_unknown']);
      expect(await codeOf(await asOperator(`/api/v1/operator/expected-counts/${year}/99999999`, { method: 'PUT', body: JSON.stringify({ expected: 1 }) }))).toEqual([404, 'school_unknown']);
      expect(await codeOf(await asOperator(`/api/v1/operator/expected-counts/${year}/${SCHOOLS.a.code}`, { method: 'PUT', body: JSON.stringify({ expected: -1 }) }))).toEqual([400, 'invalid_request']);
      expect(await codeOf(await asOperator(`/api/v1/operator/expected-counts/2025-2027/${SCHOOLS.a.code}`, { method: 'PUT', body: JSON.stringify({ expected: 1 }) }))).toEqual([422, 'school_year_invalid']);
      expect((await asOperator('/api/v1/operator/expected-counts')).status).toBe(400);
      expect(await database.query('select school_code, expected from expected_counts order by school_code')).toEqual(before);
      expect(await journal()).toEqual([]);
    });

    it('refuses a school token and no token', async () => {
      expect((await app.request(`/api/v1/operator/expected-counts?schoolYear=${year}`)).status).toBe(401);
      expect((await app.request(`/api/v1/operator/expected-counts?schoolYear=${year}`, { headers: bearer(api.tokens.a) })).status).toBe(401);
    });
  });

  describe('when the records of a year are exported', () => {
    let codes: string[];
    beforeAll(async () => {
      const pushed = await api.registry.submitPackages(SCHOOLS.a.code, [await fx.packaged(SCHOOLS.a, 951), await fx.packaged(SCHOOLS.a, 952)], api.clock.now);
      const other = await api.registry.submitPackages(SCHOOLS.b.code, [await fx.packaged(SCHOOLS.b, 953)], api.clock.now);
      codes = [...pushed, ...other].map((result) => (result.status === 'accepted' ? result.lookupCode : 'rejected'));
      expect(codes).not.toContain('rejected');
      await api.registry.recallRecord(SCHOOLS.a.code, codes[1]!, 'Nhập sai điểm', api.clock.now);
      await journal();
    });

    it('answers CSV in UTF-8 with a BOM: one line per record, Vietnamese names exact and NFC, no personal id', async () => {
      const response = await asOperator(`/api/v1/operator/exports/records?schoolYear=${fx.schoolYear}`, { headers: { Accept: 'text/csv' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="hoc-ba-${fx.schoolYear}.csv"`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes).slice(1);
      const lines = text.split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toBe('lookup_code,school_code,school_name,school_year,grade,level,student_code,student_name,status,digest,received_at,recalled_at,replaced_by');
      const expected = await Promise.all([...codes].sort().map(async (code) => {
        const view = (await api.registry.getRecord(code))!;
        expect(view.studentName).toBe(view.studentName.normalize('NFC'));
        return [code, view.schoolCode, view.schoolName, view.schoolYear, view.grade, view.level, view.studentCode, view.studentName,
          view.status, view.digest, view.receivedAt, view.recalledAt ?? '', view.replacedBy ?? ''].join(',');
      }));
      expect(lines.slice(1, -1)).toEqual(expected);
      expect(text).toContain(',Trường Tiểu học Kim Đồng,');
      expect(text).toBe(text.normalize('NFC'));
      for (const code of codes) {
        const xml = new TextDecoder().decode((await api.registry.loadRecordXml(code))!);
        const personalId = /<MaDinhDanh>(\d{12})<\/MaDinhDanh>/.exec(xml)?.[1];
        expect(personalId).toBeDefined();
        expect(text).not.toContain(personalId!);
      }
      expect(await journal()).toEqual([['export', ACTOR, fx.schoolYear]]);
    });

    it('answers JSON page by page, and one school on request', async () => {
      const first = await asOperator(`/api/v1/operator/exports/records?schoolYear=${fx.schoolYear}&limit=2`);
      const page1 = (await first.json()) as { records: { lookupCode: string; status: string }[]; next: string | null };
      expect(page1.records.map((row) => row.lookupCode)).toEqual([...codes].sort().slice(0, 2));
      expect(page1.next).toBe([...codes].sort()[1]);
      const second = await asOperator(`/api/v1/operator/exports/records?schoolYear=${fx.schoolYear}&limit=2&after=${page1.next}`);
      const page2 = (await second.json()) as typeof page1;
      expect([page2.records.map((row) => row.lookupCode), page2.next]).toEqual([[...codes].sort().slice(2), null]);
      expect(Object.keys(page2.records[0]!).sort()).toEqual(['digest', 'grade', 'level', 'lookupCode', 'receivedAt', 'recalledAt', 'replacedBy', 'schoolCode', 'schoolName', 'schoolYear', 'status', 'studentCode', 'studentName'].sort());
      const recalled = page1.records.concat(page2.records).find((row) => row.lookupCode === codes[1]);
      expect(recalled?.status).toBe('recalled');
      const school = await asOperator(`/api/v1/operator/exports/records?schoolYear=${fx.schoolYear}&school=${SCHOOLS.b.code}&format=json`);
      expect(((await school.json()) as typeof page1).records.map((row) => row.lookupCode)).toEqual([codes[2]]);
      // One journal entry per export, not per page.
      expect(await journal()).toEqual([['export', ACTOR, fx.schoolYear], ['export', ACTOR, fx.schoolYear]]);
      const bad = await asOperator('/api/v1/operator/exports/records?schoolYear=2024-2026');
      expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([422, 'school_year_invalid']);
      expect((await asOperator('/api/v1/operator/exports/records')).status).toBe(400);
    });
  });

  describe('the contract', () => {
    it('documents every operator route with the operatorToken scheme (login without)', async () => {
      const doc = (await (await app.request('/api/v1/openapi.json')).json()) as {
        paths: Record<string, Record<string, { security?: unknown }>>; components: { securitySchemes: Record<string, unknown> };
      };
      expect(doc.components.securitySchemes.operatorToken).toMatchObject({ type: 'http', scheme: 'bearer' });
      const operatorRoutes = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/v1/operator/'))
        .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.security ?? null]));
      expect(Object.fromEntries(operatorRoutes)).toEqual({
        'POST /api/v1/operator/login': null,
        'POST /api/v1/operator/logout': [{ operatorToken: [] }],
        'GET /api/v1/operator/schools': [{ operatorToken: [] }],
        'POST /api/v1/operator/schools': [{ operatorToken: [] }],
        'POST /api/v1/operator/schools/{code}/certificates': [{ operatorToken: [] }],
        'POST /api/v1/operator/schools/{code}/certificates/withdraw': [{ operatorToken: [] }],
        'POST /api/v1/operator/schools/{code}/tokens/revoke': [{ operatorToken: [] }],
        'POST /api/v1/operator/trust/anchors': [{ operatorToken: [] }],
        'POST /api/v1/operator/trust/crls': [{ operatorToken: [] }],
        'PUT /api/v1/operator/lock-dates/{schoolYear}': [{ operatorToken: [] }],
        'GET /api/v1/operator/exports/records': [{ operatorToken: [] }],
        'GET /api/v1/operator/late-windows': [{ operatorToken: [] }],
        'POST /api/v1/operator/late-windows': [{ operatorToken: [] }],
        'POST /api/v1/operator/late-windows/close': [{ operatorToken: [] }],
        'GET /api/v1/operator/records/{code}/lookups': [{ operatorToken: [] }],
        'GET /api/v1/operator/transfers': [{ operatorToken: [] }],
        'POST /api/v1/operator/transfers': [{ operatorToken: [] }],
        'POST /api/v1/operator/records/{code}/recall': [{ operatorToken: [] }],
        'POST /api/v1/operator/records/{code}/replace': [{ operatorToken: [] }],
        'GET /api/v1/operator/forward': [{ operatorToken: [] }],
        'POST /api/v1/operator/forward': [{ operatorToken: [] }],
        'GET /api/v1/operator/expected-counts': [{ operatorToken: [] }],
        'PUT /api/v1/operator/expected-counts/{schoolYear}/{schoolCode}': [{ operatorToken: [] }],
        'POST /api/v1/operator/expected-counts/{schoolYear}/import': [{ operatorToken: [] }],
      });
    });

    it('answers an internal failure with only the code, a message and the request id', async () => {
      const broken = api.appWith({ registry: { ...api.registry, listSchools: () => Promise.reject(new Error('relation "schools" secret detail')) } });
      const response = await broken.request('/api/v1/operator/schools', { headers: bearer(token) });
      expect(response.status).toBe(500);
      const body = (await response.json()) as Record<string, string>;
      expect(Object.keys(body).sort()).toEqual(['code', 'message', 'requestId']);
      expect(JSON.stringify(body)).not.toMatch(/secret detail|at .*\.ts/);
    });

    it('keeps the audit chain intact', async () => {
      expect(await api.registry.verifyAuditChain()).toMatchObject({ ok: true });
    });
  });
});
