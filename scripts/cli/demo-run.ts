// What `hocba demo` runs once its port is known to be free (demo.ts): the temporary registry, seeded through the real
// API and served until Ctrl-C or SIGTERM; every way out (signal at any step, error, end) removes its folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  closeSharedPdfReader, sealFromPem, formatLookupCode, generateNoteKey, logOriginOf, openRegistry, startSequencer, toPublicOrigin, vietnamDateOf,
  type OpenedRegistry,
} from '../../api/index.ts';
import { createTestPki, type TestPki } from '../../api/pki/index.ts';
import { createServerAnswers } from '../../api/server/answers.ts';
import { startServer } from '../../api/server/index.ts';
import { createPortal } from '../../api/server/portal.ts';
import { ensureSiteBuilt } from '../build-site.ts';
import { DEMO_SCHOOLS, pushDemoRecords, type DemoRecords } from './demo-seed.ts';

export interface DemoOptions {
  readonly port: number;
  readonly host: string;
  readonly perClass: number;
  readonly publicUrl?: string;
}

/** Runs the demo until SIGINT/SIGTERM; returns the exit code. */
export async function runDemo({ port, host, perClass, publicUrl: given }: DemoOptions): Promise<number> {
  const started = Date.now();
  // From here Ctrl-C / SIGTERM stop the demo at whatever step it is in, and every way out removes the folder.
  const stopped = stopSignal();
  let removeDir = () => {};
  const closers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    removeDir();
  };
  try {
    if (await until(stopped, ensureSiteBuilt())) process.stdout.write('hocba demo: portal built (dist/)\n');
    const dir = mkdtempSync(join(tmpdir(), 'hocba-demo-'));
    // The last resort (an error, a signal mid-step, a forgotten handle): the test private keys and the database go.
    removeDir = () => rmSync(dir, { recursive: true, force: true });
    process.once('exit', () => removeDir());
    const pki = await until(stopped, createTestPki({ outDir: join(dir, 'pki') }));
    // The demo always has a public origin (SPEC §3): the one given, else the address it listens on.
    const own = port === 0 ? null : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const publicUrl = given ? toPublicOrigin(given) : own;
    // A throw-away log key (production keys come from \`hocba log init\`): the demo's log is checkable like the real one.
    const logKey = generateNoteKey(logOriginOf(publicUrl ?? 'http://127.0.0.1'));
    const opened = await until(stopped, openRegistry({ dataDir: join(dir, 'data'), workers: 2, log: { origin: logKey.signer.name, signer: logKey.signer } }));
    closers.push(() => closeSharedPdfReader(), () => opened.close());
    const sequencer = startSequencer(opened.registry.log);
    closers.push(() => sequencer.stop());
    const { registry } = opened;
    const tokens = await until(stopped, setUp(registry, pki));
    // Port 0: the loopback address is known once listening (startServer tells the answers layer).
    // The demo seals its copies with the test PKI's registry seal (a reader trusting the test root sees them valid).
    const sealEntity = pki.entities['registry-seal']!;
    const seal = { key: sealFromPem({ keyPem: sealEntity.keyPem, certPem: sealEntity.certPem, chainPem: sealEntity.chainPem }) };
    const answers = createServerAnswers({ registry, verifier: opened.verifier, seal, ...(publicUrl ? { publicUrl } : {}) });
    const portal = await until(stopped, createPortal({ registry, answers }));
    closers.push(() => portal.close());
    const server = await until(stopped, startServer({ registry, port, host, answers, portal: portal.handler, ping: () => opened.ping() }));
    closers.push(() => server.close());
    const records = await until(stopped, pushDemoRecords({ url: server.url, pki, tokens, schoolYear: currentSchoolYear(), perClass }));
    const tryDir = writeTryFiles(dir, records);
    process.stdout.write(summary(server.url, records, tokens, tryDir, (Date.now() - started) / 1000));
    const signal = await stopped;
    await stop();
    process.stdout.write(`hocba demo: stopped (${signal}), temporary data removed\n`);
    return 0;
  } catch (error) {
    await stop();
    if (!(error instanceof Stopped)) throw error;
    process.stdout.write(`hocba demo: stopped (${error.signal}) while starting, temporary data removed\n`);
    // A step may still be running (a worker, a build): the folder is gone, so end now rather than wait for it.
    process.exit(0);
  }
}

/** Trust the test PKI, add the three schools with their late windows; returns each school's API token. */
async function setUp(registry: OpenedRegistry['registry'], pki: TestPki): Promise<Record<string, string>> {
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
  return tokens;
}

/** SIGINT or SIGTERM, whichever comes first; once asked for, neither ends the process by itself any more. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
}

class Stopped extends Error {
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
    this.signal = signal;
  }
}

/** The step's result, or Stopped as soon as a signal comes (the step is abandoned, not awaited). */
function until<T>(stopped: Promise<NodeJS.Signals>, step: Promise<T>): Promise<T> {
  return Promise.race([step, stopped.then((signal) => Promise.reject(new Stopped(signal)))]);
}

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
  Messy input is forgiven      ${url}/tra-cuu?ma=${encodeURIComponent(formatLookupCode(r.notLocked[1] ?? r.notLocked[0]!).toLowerCase())}
  Check a file                 ${url}/kiem-tra      try ${join(tryDir, 'hoc-ba-goc.xml')} and ${join(tryDir, 'hoc-ba-bi-sua.xml')},
                               or a PDF copy (sealed by the test PKI's registry seal; trust ${join(tryDir, '..', 'pki', 'root.cert.pem')} to see it valid in a PDF reader)
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
