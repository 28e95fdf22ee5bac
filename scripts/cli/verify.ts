// `hocba verify`: the registry's engine and report, offline against given trust material or against a registry (SPEC §4).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  fingerprintOf, pemToDer, prepareTrust, toTrustMaterial, verifyInput, type Report, type SchoolApproval,
} from '../../api/index.ts';
import { optionalStrings, UsageError, type Command, type Values } from './command.ts';
import { printReport } from './print-report.ts';

const EXIT_BY_VERDICT = { valid: 0, invalid: 1, indeterminate: 2 } as const;

export const verify: Command = {
  name: 'verify',
  summary: 'check signed records (XML or packages): valid, invalid (why) or indeterminate',
  usage: `FILE... [--trust CA.pem]... [--crl CRL.pem]... [--approve SCHOOL=CERT.pem]... [--json]
       FILE... --url REGISTRY [--json]

  --trust CA.pem           a trusted CA certificate (root or intermediate); repeatable
  --crl CRL.pem            a CA's certificate revocation list; repeatable
  --approve CODE=CERT.pem  treat CERT as the approved organisation certificate of school CODE;
                           without any, the approval check is skipped with a warning
  --at TIME                check as of this ISO time (default: now)
  --url REGISTRY           ask a registry instead (its trust list, approvals and records)
  --json                   print the reports as JSON

Exit status: 0 every file valid, 1 any invalid, 2 any indeterminate (and none invalid).
`,
  options: {
    trust: { type: 'string', multiple: true },
    crl: { type: 'string', multiple: true },
    approve: { type: 'string', multiple: true },
    at: { type: 'string' },
    url: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, files) {
    if (files.length === 0) throw new UsageError('name at least one XML or package file to verify');
    const reports: Array<{ file: string; report: Report }> = [];
    const check = typeof values.url === 'string' ? await remoteChecker(values.url) : offlineChecker(values);
    for (const file of files) reports.push({ file, report: await check(await readFile(file)) });
    if (values.json) process.stdout.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
    else for (const { file, report } of reports) printReport(file, report);
    const verdicts = reports.map(({ report }) => report.verdict);
    if (verdicts.includes('invalid')) return EXIT_BY_VERDICT.invalid;
    if (verdicts.includes('indeterminate')) return EXIT_BY_VERDICT.indeterminate;
    return EXIT_BY_VERDICT.valid;
  },
};

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

async function remoteChecker(url: string): Promise<Checker> {
  const endpoint = new URL('/api/v1/verify', url);
  return async (bytes) => {
    const response = await fetch(endpoint, { method: 'POST', body: Buffer.from(bytes), headers: { 'content-type': 'application/octet-stream' } });
    const body = (await response.json()) as { report?: Report; code?: string; message?: string };
    if (!body.report) throw new Error(`${endpoint.href} answered ${response.status}: ${body.code ?? ''} ${body.message ?? ''}`);
    return body.report;
  };
}
