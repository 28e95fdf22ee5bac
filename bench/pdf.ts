// `npm run bench:pdf`: a sealed PDF copy's cost split into render (the record's body, painted once per record and
// kept), stamp (the copy's incremental update) and seal (digest, CMS, signature), per level: cold (first render
// in a fresh process, fonts unpacked), warm, and a sealed copy stamped on a kept body (what a download costs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderRecordBody, sealFromPem, stampCopy, type Level, type Sealer, type StampTimings } from '../api/index.ts';
import { createTestPki } from '../api/pki/index.ts';
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

function bodyInput(index: number, seed: number) {
  const item = CASES[index]!;
  const record = generateSampleRecord({ level: item.level, grade: item.grade, schoolYear: '2025-2026', schoolCode: item.school, schoolName: item.name, provinceCode: '01', seed });
  return { record, status: 'valid' as const, signatures, recordUrl: `https://hocba.example.vn/tra-cuu/${record.lookupCode}` };
}

const coldArg = process.argv.indexOf('--cold');
if (coldArg > 0) {
  const started = performance.now();
  await renderRecordBody(bodyInput(Number(process.argv[coldArg + 1]), 1));
  process.stdout.write(String(performance.now() - started));
  process.exit(0);
}

const runs = Number(process.env.BENCH_RUNS ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'hocba-bench-pdf-'));
const pki = await createTestPki({ outDir: dir });
const sealers: Array<[string, Sealer]> = ['registry-seal', 'registry-seal-ec'].map((name) => {
  const entity = pki.entities[name]!;
  return [entity.keyAlgorithm, { key: sealFromPem({ keyPem: entity.keyPem, certPem: entity.certPem, chainPem: entity.chainPem }) }];
});
rmSync(dir, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

console.log(`Machine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${runs} warm runs per row`);
console.log('\n| record | seal key | cold render | warm render p50 | stamp p50 | seal p50 | sealed copy on a kept body p50 / p90 | copies/s (1 core) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (let i = 0; i < CASES.length; i++) {
  const cold = Number(spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--cold', String(i)], { encoding: 'utf8' }).stdout);
  await renderRecordBody(bodyInput(i, 1));
  const renders: number[] = [];
  for (let seed = 2; seed < runs + 2; seed++) {
    const started = performance.now();
    await renderRecordBody(bodyInput(i, seed));
    renders.push(performance.now() - started);
  }
  const body = await renderRecordBody(bodyInput(i, 1));
  for (const [keyName, sealer] of sealers) {
    const stamps: number[] = [];
    const seals: number[] = [];
    const totals: number[] = [];
    for (let copy = 1; copy <= runs + 1; copy++) {
      const timings: StampTimings = { stamp: 0, seal: 0 };
      const started = performance.now();
      await stampCopy(body, { number: copy, issuedAt: new Date() }, sealer, timings);
      if (copy === 1) continue; // the first copy warms the stamp's paths
      totals.push(performance.now() - started);
      stamps.push(timings.stamp);
      seals.push(timings.seal);
    }
    const rate = 1000 / (totals.reduce((sum, t) => sum + t, 0) / totals.length);
    console.log(`| ${CASES[i]!.label} | ${keyName} | ${cold.toFixed(0)} ms | ${ms(median(renders))} | ${ms(median(stamps))} | ${ms(median(seals))} | ${ms(median(totals))} / ${ms(p90(totals))} | ${rate.toFixed(0)} |`);
  }
}
