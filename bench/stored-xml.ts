// What reading a record's XML costs now that the row keeps only the package (issue 14): xmlOfStored (base64 decode,
// inflate, CRC and length check) over real signed records, timed in one thread. `npm run bench:stored-xml`.
import { performance } from 'node:perf_hooks';
import { xmlOfStored } from '../api/registry/stored-xml.ts';
import { makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';

const templates = Number(process.env.BENCH_TEMPLATES ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2000);

const fx = await makeFixtures();
const stored: Buffer[] = [];
for (let i = 0; i < templates; i += 1) stored.push(Buffer.from(await fx.packaged(SCHOOLS.a, 90_000 + i), 'latin1'));
const xmlBytes = stored.reduce((sum, pkg) => sum + xmlOfStored(pkg).length, 0) / templates;
const pkgBytes = stored.reduce((sum, pkg) => sum + pkg.length, 0) / templates;
for (let i = 0; i < 200; i += 1) for (const pkg of stored) xmlOfStored(pkg); // warm-up
const started = performance.now();
for (let i = 0; i < rounds; i += 1) for (const pkg of stored) xmlOfStored(pkg);
const perRecordUs = ((performance.now() - started) * 1000) / (rounds * templates);
console.log(`${templates} real records (package ${(pkgBytes / 1024).toFixed(1)} KB of base64, XML ${(xmlBytes / 1024).toFixed(1)} KB), ${rounds} rounds: ${perRecordUs.toFixed(1)} µs per XML derived (${Math.round(1e6 / perRecordUs)} per second on one core), Node ${process.version}`);
