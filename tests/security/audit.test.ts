// The audit trail: every push, acceptance, rejection, recall, replacement, approval, trust change and copy is one
// hash-chained event; `hocba audit verify` finds an edited event and a cut-off tail. Lookups only read: each is one
// row of the access log instead (issue 13), under the same keyed hash of the address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePackage } from '../../api/index.ts';
import { sampleLookupCode } from '../../api/samples/index.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { databasesUnderTest } from '../helpers/database.ts';
import { SCHOOL } from './corpus/kit.ts';
import { loadCorpus } from './support/corpus.ts';
import { populate } from './support/populate.ts';
import { createFreshDatabase, runHocba } from './support/processes.ts';
import { openCorpusRegistry, type CorpusRegistry } from './support/registry.ts';

const corpus = loadCorpus();
const { kit, now } = corpus;
const A = SCHOOL.a.code;
// Random-looking version-4 codes (SPEC §9), the same on every run.
const code = (n: number) => sampleLookupCode('audit', n);
type Event = [kind: string, actor: string, subject: string | null];

describe.each(databasesUnderTest())('the audit journal on $name', ({ open }) => {
  let database: Database;
  let opened: CorpusRegistry;
  let last = 0;
  let lastAccess = 0;
  beforeAll(async () => {
    database = await open();
    opened = await openCorpusRegistry(database, kit, corpus.manifest.approvals);
    last = (await database.query<{ id: number }>('select max(id)::int as id from events'))[0]!.id;
  });
  afterAll(async () => {
    await opened?.close();
    await database?.close();
  });

  /** The events an action appended, oldest first. */
  async function journaled(action: () => Promise<unknown>): Promise<Event[]> {
    await action().catch(() => {});
    const rows = await database.query<{ id: number; kind: string; actor: string; subject: string | null }>(
      'select id::int as id, kind, actor, subject from events where id > $1 order by id', [last]);
    last = rows.at(-1)?.id ?? last;
    return rows.map((row) => [row.kind, row.actor, row.subject]);
  }

  /** The lookups written to the access log since the last call, oldest first: [kind, requester, code]. */
  async function accessed(): Promise<Event[]> {
    await opened.registry.flushAccessLog();
    const rows = await database.query<{ id: number; kind: string; requester: string; lookup_code: string }>(
      'select id::int as id, kind, requester, lookup_code from access_log where id > $1 order by id', [lastAccess]);
    lastAccess = rows.at(-1)?.id ?? lastAccess;
    return rows.map((row) => [row.kind, row.requester, row.lookup_code]);
  }

  it('journals every kind of action, each with its actor and subject', async () => {
    const sealed = encodePackage(await kit.sealed(7101, { lookupCode: code(1) }));
    expect(await journaled(() => opened.registry.submitPackages(A, [sealed], now))).toEqual([['push', A, null], ['accept', A, code(1)]]);
    expect(await journaled(() => opened.registry.submitPackages(A, [sealed], now))).toEqual([['push', A, null], ['accept', A, code(1)]]);
    const forged = encodePackage((await kit.sealed(7102, { lookupCode: code(2) })).replace(/<HoTen>[^<]+</, '<HoTen>Kẻ Mạo Danh<'));
    // A batch is verified a few packages at a time: its per-package events come in the order they finish.
    const batch = await journaled(() => opened.registry.submitPackages(A, [forged, 'junk%%'], now));
    expect([batch[0], ...batch.slice(1).sort()]).toEqual([['push', A, null], ['reject', A, null], ['reject', A, code(2)]]);
    expect(await journaled(() => opened.registry.recallRecord(A, code(1), 'Nhập nhầm học sinh', now))).toEqual([['recall', A, code(1)]]);
    const first = encodePackage(await kit.sealed(7103, { lookupCode: code(3) }));
    await journaled(() => opened.registry.submitPackages(A, [first], now));
    const successor = encodePackage(await kit.sealed(7103, { lookupCode: code(4) }));
    expect(await journaled(() => opened.registry.replaceRecord(A, code(3), successor, now))).toEqual([['replace', A, code(4)]]);
    // A lookup is no event of the chain: it only reads, and is noted in the access log.
    expect(await journaled(() => opened.registry.getRecord(code(4), { now, actor: 'public' }))).toEqual([]);
    expect(await accessed()).toEqual([['single', 'public', code(4)]]);
    expect(await journaled(() => opened.registry.recordCopy(code(4), 'ip-hash', now))).toEqual([['copy', 'public', code(4)]]);
    const principal = kit.entity('principal-b').certPem;
    expect((await journaled(() => opened.registry.approveCertificate(SCHOOL.b.code, principal, { now, actor: 'operator:sở' }))).map(([kind, actor]) => [kind, actor])).toEqual([['approve', 'operator:sở']]);
    expect((await journaled(() => opened.registry.withdrawApproval(SCHOOL.b.code, principal, { now })))[0]!.slice(0, 2)).toEqual(['withdraw', 'operator']);
    expect((await journaled(() => opened.registry.addTrustAnchor(kit.entity('untrusted-root').certPem, { now })))[0]!.slice(0, 2)).toEqual(['trust_add', 'operator']);
    expect((await journaled(() => opened.registry.loadCrl(kit.pki.crls['issuing-stale']!.pem, { now })))[0]!.slice(0, 2)).toEqual(['crl_load', 'operator']);
    expect(await journaled(() => opened.registry.setLockDates('2027-2028', { main: '2028-06-30', supplementary: '2028-08-14' }, { now }))).toEqual([['lock', 'operator', '2027-2028']]);
    expect((await journaled(() => opened.registry.issueSchoolToken(SCHOOL.c.code, { now })))).toEqual([['token_issue', 'operator', SCHOOL.c.code]]);
    expect(await opened.registry.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('journals a PDF copy issued through the API', async () => {
    const response = await opened.app.request(`/api/v1/records/${code(4)}/pdf`);
    const events = await journaled(async () => {});
    expect([response.status, events.filter(([kind]) => kind === 'copy')]).toEqual([200, [['copy', 'public', code(4)]]]);
  });

  it('notes each record found by a bulk verification through the API in the access log, once per code, in one go', async () => {
    await accessed();
    const status = (await opened.app.request('/api/v1/verify/batch', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ codes: [code(4), code(4).toLowerCase(), code(1), '0'.repeat(32), 'not a code'] }),
    })).status;
    expect(status).toBe(200);
    expect(await journaled(async () => {})).toEqual([]);
    const found = await accessed();
    // code(4) twice and code(1) (recalled, still a record): two lookups; unknown and malformed codes are none.
    expect(found.map(([kind, , subject]) => [kind, subject]).sort()).toEqual([['batch', code(1)], ['batch', code(4)]].sort());
    expect(new Set(found.map(([, actor]) => actor)).size).toBe(1);
    expect(found[0]![1]).toMatch(/^api:[0-9a-f]{32}$/);
    expect(await opened.registry.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('notes a lookup through the API under a hash of the address, never the address', async () => {
    await accessed();
    const status = (await opened.app.request(`/api/v1/records/${code(4)}`)).status;
    expect(status).toBe(200);
    expect(await journaled(async () => {})).toEqual([]);
    const found = await accessed();
    expect(found.map(([kind, , subject]) => [kind, subject])).toEqual([['single', code(4)]]);
    expect(found[0]![1]).toMatch(/^api:[0-9a-f]{32}$/);
  });
});

describe('hocba audit verify', () => {
  let fresh: Awaited<ReturnType<typeof createFreshDatabase>>;
  let database: Database;
  const env = () => ({ DATABASE_URL: fresh.url });
  const superuser = async (statement: string) => {
    await database.query('alter table events disable trigger events_append_only');
    try {
      await database.query(statement);
    } finally {
      await database.query('alter table events enable trigger events_append_only');
    }
  };
  beforeAll(async () => {
    fresh = await createFreshDatabase();
    database = await openDatabase({ url: fresh.url });
    const opened = await openCorpusRegistry(database, kit, corpus.manifest.approvals);
    await populate(opened, kit, 5000);
    await opened.close();
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
  });

  it('says the chain is intact, prints its head, and confirms a head kept from before', async () => {
    const [{ n, head }] = await database.query<{ n: number; head: string }>('select count(*)::int as n, (select hash from events order by id desc limit 1) as head from events') as [{ n: number; head: string }];
    const plain = await runHocba(['audit', 'verify'], env());
    // populate() ran one sequencer turn: the log anchored the journal's head then (docs/log.md), and it still matches.
    expect([plain.code, plain.stdout]).toEqual([0, `audit chain intact: ${n} events, head ${head}\nanchored in the public log: 1 journal head(s) match\n`]);
    const json = await runHocba(['audit', 'verify', '--json', '--head', head], env());
    expect([json.code, JSON.parse(json.stdout)]).toEqual([0, { ok: true, events: n, head, headFound: true, logAnchors: { anchors: 1, broken: [] } }]);
  });

  it('finds a cut-off tail with --head, and without it once the log has anchored the cut event (the chain alone still links)', async () => {
    const [{ id, head }] = await database.query<{ id: number; head: string }>('select id::int as id, hash as head from events order by id desc limit 1') as [{ id: number; head: string }];
    await superuser('delete from events where id = (select max(id) from events)');
    const alone = await runHocba(['audit', 'verify'], env());
    expect([alone.code, alone.stdout]).toEqual([1, expect.stringContaining(`anchors event ${id} with hash ${head}; the journal has no such event: it was cut or rewritten`)]);
    expect(alone.stdout).toContain('audit chain intact'); // the links alone cannot show it
    const kept = await runHocba(['audit', 'verify', '--head', head], env());
    expect([kept.code, kept.stdout]).toEqual([1, expect.stringContaining(`the expected head ${head} is not in the chain`)]);
  });

  it('finds an event edited by a superuser with the trigger switched off, and says where', async () => {
    const [{ id, before }] = await database.query<{ id: number; before: number }>(
      `select id::int as id, (select count(*)::int from events e where e.id < r.id) as before from events r where kind = 'recall'`) as [{ id: number; before: number }];
    await superuser(`update events set detail = '{"reason": "không có gì"}' where id = ${id}`);
    const broken = await runHocba(['audit', 'verify', '--json'], env());
    expect([broken.code, JSON.parse(broken.stdout)]).toEqual([1, { ok: false, events: before, brokenAt: id, reason: 'hash', logAnchors: expect.objectContaining({ anchors: 1 }) }]);
    expect((await runHocba(['audit', 'verify'], env())).stdout).toContain(`audit chain BROKEN at event ${id}`);
  });
});
