// `hocba verify`: the registry's engine and report, offline against given trust material or against a registry (SPEC §4).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { exitCodeOf, exitCodeOfVerdict } from '../../api/answers/status.ts';
import { checkAcceptanceProof } from '../../api/registry/log-proof-check.ts';
import { isPdf } from '../../api/render/read-copy.ts';
import { fingerprintOf, pemToDer, prepareTrust, toTrustMaterial, type SchoolApproval } from '../../api/trust/index.ts';
import { verifyInput } from '../../api/verify/engine.ts';
import type { Report } from '../../api/verify/report.ts';
import { optionalStrings, UsageError, type Command, type Values } from './command.ts';
import { say, type Lang } from './lang.ts';
import { verifierKeyArgument } from './log-key.ts';
import { printRegistryAnswer, printReport, type RegistryAnswer } from './print-report.ts';

export const verify: Command = {
  name: 'verify',
  usage: `FILE... [--trust CA.pem]... [--crl CRL.pem]... [--approve SCHOOL=CERT.pem]... [--at TIME] [--json]
       FILE... --url REGISTRY [--json]
       FILE --proof P.tlog-proof --log-key VKEY [--json]

  --trust CA.pem           a trusted CA certificate (root or intermediate); repeatable
  --crl CRL.pem            a CA's certificate revocation list; repeatable
  --approve CODE=CERT.pem  treat CERT as the approved organisation certificate of school CODE;
                           without any, the approval check is skipped with a warning
  --at TIME                check as of this ISO time (default: now)
  --url REGISTRY           ask a registry instead (its trust list, approvals and records): the registry's one
                           status per file (in_force, not_locked, recalled, replaced, invalid, indeterminate,
                           not_found); XML, packages and PDF copies
  --proof P.tlog-proof     offline: is THIS file's acceptance in the registry's transparency log? P is the record's
                           proof (GET /api/v1/records/{code}/proof?format=tlog-proof, or the self-check bundle)
  --log-key VKEY           the log's verifier key (<origin>+<id>+<key>, or a file holding it), as the Sở publishes it
  --json                   print the reports (with --url: the registry's answers) as JSON

Exit status: 0 every file valid (with --url: in force or valid but not yet locked), 2 any indeterminate and none
worse (with --url: also any PDF, which proves nothing by itself), 1 otherwise (invalid; with --url also recalled,
replaced or not registered).
`,
  options: {
    trust: { type: 'string', multiple: true },
    crl: { type: 'string', multiple: true },
    approve: { type: 'string', multiple: true },
    at: { type: 'string' },
    url: { type: 'string' },
    proof: { type: 'string' },
    'log-key': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, files, lang) {
    if (files.length === 0) throw new UsageError('name at least one XML, package or PDF file to verify');
    if (typeof values.proof === 'string' || typeof values['log-key'] === 'string') return checkProof(values, files, lang);
    const codes = typeof values.url === 'string'
      ? await askRegistry(values.url, files, values.json === true, lang)
      : await checkOffline(values, files, lang);
    if (codes.includes(1)) return 1;
    return codes.includes(2) ? 2 : 0;
  },
};

/** Offline, with no registry: the file's own digest is the logged acceptance's, in a checkpoint the key signs. */
async function checkProof(values: Values, files: readonly string[], lang: Lang): Promise<number> {
  if (typeof values.proof !== 'string' || typeof values['log-key'] !== 'string') throw new UsageError('--proof and --log-key go together');
  if (files.length !== 1) throw new UsageError('--proof checks one file: name the XML or package the proof is of');
  const result = checkAcceptanceProof(await readFile(files[0]!), await readFile(values.proof, 'utf8'), verifierKeyArgument(values['log-key']));
  if (values.json) process.stdout.write(`${JSON.stringify({ file: files[0], ...result }, null, 2)}\n`);
  else if (result.ok) {
    process.stdout.write(`${files[0]}: OK — ${say(lang, 'có trong sổ minh bạch', 'in the transparency log')} ${result.origin}\n`
      + `  ${say(lang,
        `học bạ ${result.lookupCode}, trường ${result.school}, năm học ${result.schoolYear}, được nhận là mục ${result.index} trong ${result.size}`,
        `record ${result.lookupCode}, school ${result.school}, year ${result.schoolYear}, accepted as entry ${result.index} of ${result.size}`)}\n`
      + `  SHA-256 ${result.digest}\n`);
  } else {
    process.stdout.write(`${files[0]}: ${say(lang, 'KHÔNG ĐẠT', 'FAILED')} — ${result.reason}\n`);
  }
  return result.ok ? 0 : 1;
}

async function checkOffline(values: Values, files: readonly string[], lang: Lang): Promise<number[]> {
  const check = offlineChecker(values);
  const reports: Array<{ file: string; report: Report }> = [];
  const codes: number[] = [];
  for (const file of files) {
    const bytes = await readFile(file);
    if (isPdf(bytes)) {
      // A PDF copy carries no signature to check offline; only the registry knows the copy and the record's status.
      process.stdout.write(`${file}: PDF — ${say(lang, 'chỉ kiểm tra được với Cổng (--url)', 'a PDF can only be checked against a registry (--url)')}\n`);
      codes.push(2);
      continue;
    }
    reports.push({ file, report: await check(bytes) });
  }
  if (values.json) process.stdout.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
  else for (const { file, report } of reports) printReport(file, report, lang);
  return [...codes, ...reports.map(({ report }) => exitCodeOfVerdict(report.verdict))];
}

/** Each file as the registry answers it (POST /api/v1/verify): the same status as its API, portal and bulk CSV. */
async function askRegistry(url: string, files: readonly string[], json: boolean, lang: Lang): Promise<number[]> {
  const endpoint = registryEndpoint(url);
  const answers: Array<{ file: string; answer: RegistryAnswer }> = [];
  for (const file of files) answers.push({ file, answer: await postFile(endpoint, await readFile(file)) });
  if (json) process.stdout.write(JSON.stringify(answers.length === 1 ? answers[0] : answers, null, 2) + '\n');
  else for (const { file, answer } of answers) printRegistryAnswer(file, answer, lang);
  return answers.map(({ answer }) => exitCodeOf(answer.status));
}

function registryEndpoint(url: string): URL {
  try {
    return new URL('/api/v1/verify', url);
  } catch {
    throw new UsageError(`--url must be the registry's address, such as https://hocba.hanoi.edu.vn (got "${url}")`);
  }
}

async function postFile(endpoint: URL, bytes: Uint8Array): Promise<RegistryAnswer> {
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', body: Buffer.from(bytes), headers: { 'content-type': 'application/octet-stream' } });
  } catch (error) {
    throw new UsageError(`could not reach ${endpoint.origin}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as Partial<RegistryAnswer> & { code?: string; message?: string };
  if (!response.ok || typeof body.status !== 'string') {
    throw new UsageError(`${endpoint.href} answered ${response.status}: ${body.code ?? ''} ${body.message ?? ''}`.trim());
  }
  return body as RegistryAnswer;
}

type Checker = (bytes: Uint8Array) => Promise<Report>;

function offlineChecker(values: Values): Checker {
  const cas = optionalStrings(values, 'trust').map((path) => readFileSync(path, 'utf8'));
  if (cas.length === 0) throw new UsageError('give at least one --trust CA.pem (or --url REGISTRY)');
  const crls = optionalStrings(values, 'crl').map((path) => readFileSync(path, 'utf8'));
  const approvals = optionalStrings(values, 'approve').map(toApproval);
  const trust = prepareTrust(toTrustMaterial({ cas, crls, approvals }));
  const now = typeof values.at === 'string' ? parseTime(values.at) : new Date();
  return async (bytes) => (await verifyInput(bytes, { trust, now, checkApprovals: approvals.length > 0 })).report;
}

function toApproval(spec: string): SchoolApproval {
  const match = /^(\d{8})=(.+)$/.exec(spec);
  if (!match) throw new UsageError(`--approve takes SCHOOLCODE=CERT.pem with an 8-digit school code (got "${spec}")`);
  const der = pemToDer(readFileSync(match[2]!, 'utf8'))[0];
  if (!der) throw new UsageError(`${match[2]} holds no certificate`);
  return { schoolCode: match[1]!, fingerprint: fingerprintOf(der), approvedAt: new Date(0).toISOString(), withdrawnAt: null };
}

function parseTime(text: string): Date {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at must be an ISO time such as 2025-06-30T12:00:00+07:00 (got "${text}")`);
  return at;
}
