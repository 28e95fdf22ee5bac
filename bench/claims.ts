// `npm run bench:claims` (issue 18): an admissions office's list of BENCH_ROWS applicants (default 5,000), each with
// three lookup codes (grades 10, 11, 12), date of birth, last four id digits and 20 declared values, POSTed as the CSV
// Excel writes to POST /api/v1/verify/claims on the real server over a fresh PostgreSQL database; applicants per second
// over BENCH_REPEAT runs (default 3), each answer read whole (CSV). Beside it, in the same run: the same codes through
// POST /api/v1/verify/batch (1,000 codes per request, its limit) as the ceiling of the shared lookup path — codes per
// second there against codes per second in the claims check. Aim (issue 18): ≥ 2,000 applicants/s. Loopback only.
import { availableParallelism, cpus, loadavg } from 'node:os';
import pg from 'pg';
import { openRegistry } from '../api/index.ts';
import type { HocBaRecord, SecondaryRecord, SecondarySubjectResult } from '../api/record/index.ts';
import { createServerAnswers } from '../api/server/answers.ts';
import { startServer } from '../api/server/index.ts';
import { enrolFixtures, makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';
import { acceptAll } from './support/seed.ts';

const rowsWanted = Number(process.env.BENCH_ROWS ?? 5000);
const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const students = Number(process.env.BENCH_STUDENTS ?? 100);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!/^postgres:\/\/[^@]*@(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(adminUrl)) throw new Error('bench:claims runs against a loopback PostgreSQL only');

const fx = await makeFixtures();
const school = SCHOOLS.c;
process.stderr.write(`signing ${students * 3} records (grades 10, 11, 12)…\n`);
const packages: string[] = [];
for (let i = 0; i < students; i++) for (const grade of [10, 11, 12]) packages.push(await fx.packaged(school, 40_000 + i, { grade }));

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const name = `hocba_claims_${process.pid}`;
await admin.query(`create database ${name}`);
const opened = await openRegistry({ url: adminUrl.replace(/\/[^/]*$/, `/${name}`), workers: 1 });
const { registry } = opened;
await enrolFixtures(registry, fx, [school]);
const codes = await acceptAll(registry, school.code, packages, 50);
const unlimited = 1_000_000_000;
// The budgets are the subject of tests (claims.test.ts, bulk-budget.test.ts), not of this bench.
const answers = createServerAnswers({ registry, verifier: opened.verifier, bulkCodesPerMinute: unlimited, claimsRowsPerMinute: unlimited, publicUrl: 'http://127.0.0.1' });
const server = await startServer({
  registry, port: 0, host: '127.0.0.1', verifier: opened.verifier, answers,
  limits: { schoolRequestsPerMinute: unlimited, publicRequestsPerMinute: unlimited },
});

// The applicants: each names the three records of one seed, with the grade 12 record's identity and 20 values
// (half as stored, half off by 0.5), so every comparison path runs.
const subjects = ['Toán', 'Ngữ văn', 'Ngoại ngữ 1', 'Lịch sử', 'Giáo dục quốc phòng và an ninh'];
const header = ['Mã hồ sơ', 'Mã tra cứu lớp 10', 'Mã tra cứu lớp 11', 'Mã tra cứu lớp 12', 'Ngày sinh', 'CCCD 4 số cuối',
  ...[10, 11, 12].flatMap((grade) => subjects.slice(0, grade === 12 ? 5 : 4).flatMap((subject) => [`${subject} ${grade} CN`])),
  ...[10, 11, 12].flatMap((grade) => [`Học tập ${grade} CN`, `Rèn luyện ${grade} CN`]), 'Toán 12 HK1', 'Toán 12 HK2', 'Ngữ văn 12 HK1'];
const views = await Promise.all(codes.map((code) => registry.getRecord(code)));
const lines = [header.join(';')];
for (let row = 0; row < rowsWanted; row++) {
  const student = row % students;
  const three = [0, 1, 2].map((at) => views[student * 3 + at]!);
  const twelve = three[2]!.content as HocBaRecord as SecondaryRecord;
  const value = (grade: number, subjectName: string, field: 'year' | 'term1' | 'term2') => {
    const record = three[grade - 10]!.content as HocBaRecord as SecondaryRecord;
    const found = record.results.subjects.find((subject: SecondarySubjectResult) => subject.name === subjectName);
    const stored = found?.[field];
    if (typeof stored !== 'number') return String(stored ?? '');
    return String(row % 2 === 0 ? stored : Math.max(0, stored - 0.5)).replace('.', ',');
  };
  const cells = [`TS${row}`, ...three.map((view) => view.lookupCode), twelve.dateOfBirth, three[2]!.personalId!.slice(-4),
    ...[10, 11, 12].flatMap((grade) => subjects.slice(0, grade === 12 ? 5 : 4).map((subject) => value(grade, subject, 'year'))),
    ...[10, 11, 12].flatMap((grade) => {
      const record = three[grade - 10]!.content as HocBaRecord as SecondaryRecord;
      return [record.results.learning.year, record.results.conduct.year];
    }),
    value(12, 'Toán', 'term1'), value(12, 'Toán', 'term2'), value(12, 'Ngữ văn', 'term1')];
  lines.push(cells.join(';'));
}
const csv = `\uFEFF${lines.join('\r\n')}\r\n`;
const batch = JSON.stringify({ codes: Array.from({ length: 1000 }, (_, at) => codes[at % codes.length]) });

/** Wall time and this process's CPU (server and client are one process; the client's share is small). */
async function timed(run: () => Promise<Response>): Promise<{ ms: number; cpuMs: number; body: string; status: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const response = await run();
  const body = await response.text();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, body, status: response.status };
}
const claims = () => fetch(`${server.url}/api/v1/verify/claims`, { method: 'POST', body: csv, headers: { 'Content-Type': 'text/csv', Accept: 'text/csv' } });
const bulk = () => fetch(`${server.url}/api/v1/verify/batch`, { method: 'POST', body: batch, headers: { 'Content-Type': 'application/json' } });

process.stderr.write(`warm-up, then ${repeat} runs of ${rowsWanted} applicants and of ${rowsWanted * 3 / 1000} bulk requests of 1,000 codes…\n`);
await timed(claims);
const loadBefore = loadavg();
const claimRuns: number[] = [];
const bulkRuns: number[] = [];
const claimCpu: number[] = [];
const bulkCpu: number[] = [];
for (let run = 0; run < repeat; run++) {
  const answer = await timed(claims);
  if (answer.status !== 200 || answer.body.trimEnd().split('\r\n').length !== rowsWanted + 1) throw new Error(`claims answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  claimRuns.push(answer.ms);
  claimCpu.push(answer.cpuMs);
  let ms = 0;
  let cpuMs = 0;
  for (let request = 0; request < (rowsWanted * 3) / 1000; request++) {
    const one = await timed(bulk);
    if (one.status !== 200) throw new Error(`bulk answered ${one.status}`);
    ms += one.ms;
    cpuMs += one.cpuMs;
  }
  bulkRuns.push(ms);
  bulkCpu.push(cpuMs);
}
const loadAfter = loadavg();
await server.close();
await answers.close();
await opened.close();
await admin.query(`drop database if exists ${name} with (force)`);
await admin.end();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const claimMs = median(claimRuns);
const bulkMs = median(bulkRuns);
const fixed = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(`\nMachine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, Node ${process.version}, PostgreSQL (loopback), ${new Date().toISOString().slice(0, 16)}Z`);
console.log(`Run: ${rowsWanted} applicants × 3 codes over ${codes.length} records, 20 declared values each; median of ${repeat}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`);
console.log('\n| what | time (median) | CPU (median) | applicants/s | codes/s | codes/s ÷ bulk ceiling |');
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(`| claims check, CSV in and out | ${fixed(claimMs)} ms | ${fixed(median(claimCpu))} ms | ${fixed((rowsWanted * 1000) / claimMs)} | ${fixed((rowsWanted * 3000) / claimMs)} | ${(bulkMs / claimMs).toFixed(2)} |`);
console.log(`| verify/batch, same codes (ceiling) | ${fixed(bulkMs)} ms | ${fixed(median(bulkCpu))} ms | — | ${fixed((rowsWanted * 3000) / bulkMs)} | 1.00 |`);
