// `hocba demo` (what `npm start` runs): a fresh registry in a temporary folder, the test PKI trusted, three schools,
// a few hundred signed records pushed through the real API, then the API and the portal served until Ctrl-C.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  closeSharedPdfReader, createTestPki, formatLookupCode, generateNoteKey, logOriginOf, openRegistry, startSequencer, toPublicOrigin, vietnamDateOf,
} from '../../api/index.ts';
import { createServerAnswers } from '../../api/server/answers.ts';
import { startServer } from '../../api/server/index.ts';
import { createPortal } from '../../api/server/portal.ts';
import { ensureSiteBuilt } from '../build-site.ts';
import { parseInteger, type Command } from './command.ts';
import { DEMO_SCHOOLS, pushDemoRecords, type DemoRecords } from './demo-seed.ts';

export const demo: Command = {
  name: 'demo',
  summary: 'fresh demo registry (test PKI, 3 schools, ~200 signed records of every status) with API and portal',
  usage: `[--port 4321] [--host 127.0.0.1] [--public-url URL] [--per-class 35]

  --port N        TCP port (0 picks a free one); default 4321
  --host H        address to listen on; default 127.0.0.1
  --public-url U  the origin printed in the QR of PDF copies (default: HOCBA_PUBLIC_URL, else the address
                  listened on: http://HOST:PORT)
  --per-class N   records per school and school year (2 years × 3 schools); default 35

Builds the portal first when site/ changed. Everything lives in a temporary folder removed on exit (Ctrl-C).
`,
  options: { port: { type: 'string' }, host: { type: 'string' }, 'public-url': { type: 'string' }, 'per-class': { type: 'string' } },
  async run(values) {
    const started = Date.now();
    const port = parseInteger(values, 'port', 4321, [0, 65535]);
    const perClass = parseInteger(values, 'per-class', 35, [1, 500]);
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    if (await ensureSiteBuilt()) process.stdout.write('hocba demo: portal built (dist/)\n');
    const dir = mkdtempSync(join(tmpdir(), 'hocba-demo-'));
    const pki = await createTestPki({ outDir: join(dir, 'pki') });
    // The demo always has a public origin (SPEC §3): the one given, else the address it listens on.
    const given = typeof values['public-url'] === 'string' ? values['public-url'] : process.env.HOCBA_PUBLIC_URL;
    const own = port === 0 ? null : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const publicUrl = given ? toPublicOrigin(given) : own;
    // A throw-away log key (production keys come from \`hocba log init\`): the demo's log is checkable like the real one.
    const logKey = generateNoteKey(logOriginOf(publicUrl ?? 'http://127.0.0.1'));
    const opened = await openRegistry({ dataDir: join(dir, 'data'), workers: 2, log: { origin: logKey.signer.name, signer: logKey.signer } });
    const sequencer = startSequencer(opened.registry.log);
    const { registry } = opened;
    const approvedAt = new Date(Date.now() - 86_400_000);
    await registry.addTrustAnchor(pki.entities.root!.certPem, { role: 'anchor' });
    await registry.addTrustAnchor(pki.entities.issuing!.certPem, { role: 'intermediate' });
    for (const crl of [pki.crls.issuing!, pki.crls.root!]) await registry.loadCrl(crl.pem);
    const tokens: Record<string, string> = {};
    for (const school of DEMO_SCHOOLS) {
      const added = await registry.addSchool(
        { code: school.code, name: school.name, provinceCode: '01', district: 'Ba Đình', certificates: [pki.entities[school.seal]!.certPem] },
        { now: approvedAt },
      );
      tokens[school.code] = added.token;
      // Last year's records arrive after its lock, as when the registry starts mid-way (SPEC §8): the Sở opens a
      // late window for each school, and those records are in force from the day they are accepted.
      const [first] = currentSchoolYear().split('-').map(Number) as [number];
      await registry.openLateWindow({
        schoolCode: school.code, schoolYear: `${first - 1}-${first}`, until: vietnamDateOf(new Date(Date.now() + 86_400_000)),
        reason: 'Demo: học bạ năm học trước được nhập khi bắt đầu dùng hệ thống / last year’s records, filed when the registry started',
      });
    }
    // Port 0: the loopback address is known once listening (startServer tells the answers layer).
    const answers = createServerAnswers({ registry, verifier: opened.verifier, ...(publicUrl ? { publicUrl } : {}) });
    const portal = await createPortal({ registry, answers });
    const server = await startServer({ registry, port, host, answers, portal: portal.handler, ping: () => opened.ping() });
    const stop = async () => {
      await server.close();
      await sequencer.stop();
      await portal.close();
      await opened.close();
      await closeSharedPdfReader();
      rmSync(dir, { recursive: true, force: true });
    };
    let records: DemoRecords;
    try {
      records = await pushDemoRecords({ url: server.url, pki, tokens, schoolYear: currentSchoolYear(), perClass });
    } catch (error) {
      await stop();
      throw error;
    }
    const tryDir = writeTryFiles(dir, records);
    process.stdout.write(summary(server.url, records, tokens, tryDir, (Date.now() - started) / 1000));
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await stop();
    process.stdout.write(`hocba demo: stopped (${signal}), temporary data removed\n`);
    return 0;
  },
};

/** The school year in progress (it starts in August), so its lock date (30/6) is still ahead. */
function currentSchoolYear(at = new Date()): string {
  const first = at.getUTCMonth() >= 7 ? at.getUTCFullYear() : at.getUTCFullYear() - 1;
  return `${first}-${first + 1}`;
}

/** Files to try the portal's upload and bulk pages with: the original XML, a tampered copy, a messy code list. */
function writeTryFiles(dir: string, records: DemoRecords): string {
  const tryDir = join(dir, 'thu');
  mkdirSync(tryDir, { recursive: true });
  writeFileSync(join(tryDir, 'hoc-ba-goc.xml'), records.sampleXml.xml);
  writeFileSync(join(tryDir, 'hoc-ba-bi-sua.xml'), records.sampleXml.xml.replace(/<HoTen>[^<]*<\/HoTen>/, '<HoTen>Nguyễn Văn Sửa</HoTen>'));
  const codes = [
    'ma_tra_cuu', ...records.inForce.slice(0, 8), ...records.notLocked.slice(0, 4).map((code) => formatLookupCode(code).toLowerCase()),
    records.recalled, records.replaced, '00000000-0000-4000-8000-000000000000', 'không phải mã',
  ];
  writeFileSync(join(tryDir, 'ma-tra-cuu.csv'), `${codes.join('\r\n')}\r\n`);
  return tryDir;
}

function summary(url: string, r: DemoRecords, tokens: Record<string, string>, tryDir: string, seconds: number): string {
  const at = (code: string) => `${url}/tra-cuu/${code}`;
  return `
hocba demo: ${r.total} signed records of ${DEMO_SCHOOLS.length} schools pushed through the API in ${seconds.toFixed(1)} s

  Portal                       ${url}/            (English: ${url}/en/)
  Valid and in force (locked)  ${at(r.inForce[0]!)}
  Valid, not yet locked        ${at(r.notLocked[0]!)}
  Recalled                     ${at(r.recalled)}
  Replaced                     ${at(r.replaced)}
     → its replacement         ${at(r.replacement)}
  Not found                    ${at('00000000000040008000000000000000')}
  Messy input is forgiven      ${url}/tra-cuu?ma=${encodeURIComponent(formatLookupCode(r.notLocked[1]!).toLowerCase())}
  Check a file                 ${url}/kiem-tra      try ${join(tryDir, 'hoc-ba-goc.xml')} and ${join(tryDir, 'hoc-ba-bi-sua.xml')}
  Bulk verification            ${url}/xac-minh-hang-loat   try ${join(tryDir, 'ma-tra-cuu.csv')}
  Help                         ${url}/huong-dan
  API (OpenAPI)                ${url}/api/v1/openapi.json
  Transparency log             ${url}/log/checkpoint   check it all: hocba log verify --url ${url}
  A record's log proof         ${url}/api/v1/records/${r.inForce[0]!}/proof

  School tokens (hocba push --url ${url} --token …):
${Object.entries(tokens).map(([code, token]) => `    ${code}  ${token}`).join('\n')}

  Data lives in ${join(tryDir, '..')} and is removed on exit. Ctrl-C stops.
`;
}
