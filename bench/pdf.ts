// `npm run bench:pdf`: ms per PDF copy for each level, cold (first render in a fresh process: fonts loaded)
// and warm (fonts cached per process), and PDFs per second on one core.
import { spawnSync } from 'node:child_process';
import { cpus, availableParallelism } from 'node:os';
import { renderRecordPdf, type Level } from '../api/index.ts';
import { generateSampleRecord } from '../api/samples/index.ts';

const CASES: Array<{ label: string; level: Level; grade: number; school: string; name: string }> = [
  { label: 'TH grade 5', level: 'TH', grade: 5, school: '01001001', name: 'Trường Tiểu học Kim Đồng' },
  { label: 'THCS grade 9', level: 'THCS', grade: 9, school: '01001002', name: 'Trường THCS Giảng Võ' },
  { label: 'THPT grade 12', level: 'THPT', grade: 12, school: '01001003', name: 'Trường THPT Phan Đình Phùng' },
];

const signatures = [
  { role: 'CoSoGiaoDuc', signerName: 'Trường THCS Giảng Võ', organisation: 'Trường THCS Giảng Võ', signingTime: '2026-06-01T02:00:00Z', serial: '0A1B2C', issuer: 'CA Thử nghiệm' },
  { role: 'GVCN', signerName: 'Phạm Thị Ngọc Ánh', organisation: 'Trường THCS Giảng Võ', signingTime: '2026-06-01T01:00:00Z', serial: '0A1B2D', issuer: 'CA Thử nghiệm' },
];

async function renderOnce(index: number, copy: number): Promise<number> {
  const item = CASES[index]!;
  const record = generateSampleRecord({ level: item.level, grade: item.grade, schoolYear: '2025-2026', schoolCode: item.school, schoolName: item.name, provinceCode: '01', seed: copy });
  const started = performance.now();
  await renderRecordPdf({ record, status: 'valid', signatures, recordUrl: `https://hocba.example.vn/tra-cuu/${record.lookupCode}`, copy: { number: copy, issuedAt: new Date() } });
  return performance.now() - started;
}

const coldArg = process.argv.indexOf('--cold');
if (coldArg > 0) {
  process.stdout.write(String(await renderOnce(Number(process.argv[coldArg + 1]), 1)));
  process.exit(0);
}

const runs = Number(process.env.BENCH_RUNS ?? 40);
console.log(`Machine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${runs} warm renders per level`);
console.log('\n| record | cold (fresh process) | warm median | warm p90 | PDFs/s (1 core, warm) |');
console.log('| --- | --- | --- | --- | --- |');
for (let i = 0; i < CASES.length; i++) {
  const cold = Number(spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--cold', String(i)], { encoding: 'utf8' }).stdout);
  await renderOnce(i, 1);
  const times: number[] = [];
  for (let copy = 2; copy < runs + 2; copy++) times.push(await renderOnce(i, copy));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p90 = times[Math.floor(times.length * 0.9)]!;
  const rate = 1000 / (times.reduce((sum, t) => sum + t, 0) / times.length);
  console.log(`| ${CASES[i]!.label} | ${cold.toFixed(0)} ms | ${median.toFixed(1)} ms | ${p90.toFixed(1)} ms | ${rate.toFixed(0)} |`);
}
