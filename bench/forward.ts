// `npm run bench:forward` (issue 19): a province registry on PGlite forwards N accepted records to a national
// registry on PostgreSQL through the real national server (`startServer({national: true})`, real routes, auth,
// re-verification with its own trust list, one transaction per batch), and reports items/s of the whole run.
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { openRegistry } from '../api/index.ts';
import { forwardOnce, startServer } from '../api/server/index.ts';
import { enrolFixtures, makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';

const total = Number(process.env.BENCH_RECORDS ?? 600);
const batch = Number(process.env.BENCH_BATCH ?? 100);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const schools = [SCHOOLS.a, SCHOOLS.b, SCHOOLS.c];

const fx = await makeFixtures();
const province = await openRegistry({ workers: availableParallelism() });
await enrolFixtures(province.registry, fx, schools);
process.stderr.write(`signing and pushing ${total} records into the province (PGlite)…\n`);
for (let i = 0; i < total; i += 50) {
  const school = schools[(i / 50) % schools.length]!;
  const packages = await Promise.all(Array.from({ length: Math.min(50, total - i) }, (_, k) => fx.packaged(school, 20_000 + i + k)));
  await province.registry.submitPackages(school.code, packages);
}
const name = `hocba_bench_forward_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const national = await openRegistry({ url: url.toString(), workers: availableParallelism() });
try {
  await enrolFixtures(national.registry, fx, []);
  const { token } = await national.registry.forwarding.addProvince('01');
  const server = await startServer({ registry: national.registry, verifier: national.verifier, port: 0, national: true, limits: { schoolRequestsPerMinute: 0 } });
  const start = performance.now();
  const run = await forwardOnce({ registry: province.registry, to: server.url, token, maxItems: batch });
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(`forwarded ${run.sent} items (${run.applied} applied) in ${seconds.toFixed(1)} s: ${(run.sent / seconds).toFixed(0)} items/s `
    + `(batches of ${batch}, ${availableParallelism()} cores, national verifying on ${availableParallelism()} threads)\n`);
  await server.close();
} finally {
  await national.close();
  await province.close();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
