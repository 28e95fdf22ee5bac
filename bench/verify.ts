// `npm run bench:verify`: verifications per second of typical signed records (two signatures, each level),
// on one core and on every core, next to the floor measured in the same run (SPEC §3, docs/PERFORMANCE.md).
import { createHash, createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { availableParallelism, cpus } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { createVerifierPool, verifyPackage } from '../api/index.ts';
import { makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const fx = await makeFixtures();
const levels = [
  { label: 'TH grade 5', school: SCHOOLS.a, grade: 5 },
  { label: 'THCS grade 9', school: SCHOOLS.b, grade: 9 },
  { label: 'THPT grade 12', school: SCHOOLS.c, grade: 12 },
];
const packages = await Promise.all(levels.map(async (level) => {
  const items: string[] = [];
  for (let seed = 1; seed <= 20; seed++) items.push(await fx.packaged(level.school, seed, { grade: level.grade }));
  return { ...level, items, xmlBytes: gunzipSync(Buffer.from(items[0]!, 'base64')).length };
}));

function rate(run: () => void): number {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < end) { run(); count++; }
  return count / seconds;
}

async function rateAsync(run: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < end) { await run(); count++; }
  return count / seconds;
}

// The floor: what any implementation must do per record (decode, inflate, hash, one RSA-2048 verify).
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signature = createSign('sha256').update('x').sign(privateKey);

const rows: string[] = [];
for (const level of packages) {
  let i = 0;
  const floor = rate(() => {
    const xml = gunzipSync(Buffer.from(level.items[i++ % level.items.length]!, 'base64'));
    createHash('sha256').update(xml).digest();
    createVerify('sha256').update('x').verify(publicKey, signature);
  });
  let j = 0;
  const one = await rateAsync(async () => {
    const { report } = await verifyPackage(level.items[j++ % level.items.length]!, { trust: fx.trust, now: fx.now });
    if (report.verdict !== 'valid') throw new Error(`benchmark record not valid: ${JSON.stringify(report.issues)}`);
  });
  const pool = createVerifierPool({ trust: fx.trustMaterial, size: availableParallelism() });
  await Promise.all(level.items.map((payload) => pool.verify({ kind: 'package', payload, now: fx.now, lane: 'school' })));
  let k = 0;
  const start = performance.now();
  let done = 0;
  const inFlight = availableParallelism() * 4;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (performance.now() - start < seconds * 1000) {
      await pool.verify({ kind: 'package', payload: level.items[k++ % level.items.length]!, now: fx.now, lane: 'school' });
      done++;
    }
  }));
  const all = done / ((performance.now() - start) / 1000);
  await pool.close();
  rows.push(`| ${level.label} | ${(level.xmlBytes / 1024).toFixed(1)} KB | ${floor.toFixed(0)} | ${one.toFixed(0)} | ${all.toFixed(0)} | ${(floor / one).toFixed(1)}× |`);
  process.stderr.write(`${level.label}: floor ${floor.toFixed(0)}/s, one core ${one.toFixed(0)}/s, all cores ${all.toFixed(0)}/s\n`);
}

console.log(`\nMachine: ${cpus()[0]?.model ?? '?'} × ${availableParallelism()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${seconds} s per measurement`);
console.log('\n| record (2 signatures) | XML size | floor /s (1 core) | engine /s (1 core) | engine /s (all cores, worker pool) | floor ÷ engine |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
