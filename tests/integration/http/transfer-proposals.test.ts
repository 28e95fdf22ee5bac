// Transfers the schools arrange (issue 19) through the HTTP API on PGlite and PostgreSQL, with real signed records:
// school A proposes to move its student to school B with its own token; nothing changes until B confirms with its
// token, and then it is a transfer like an operator's (journaled under B, the student moved, A may no longer recall).
// Every refusal has its code: a second pending proposal, a sender that does not manage the student, a confirmation
// by the sender or a third school, a settled proposal, a student moved meanwhile; either side cancels; each side
// lists what it sent or received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { decodePackage, encodePackage } from '../../../api/index.ts';
import { generateSampleXml } from '../../../api/samples/index.ts';
import { databasesUnderTest, sqlStateOf } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS, type Fixtures, type SchoolFixture } from '../../helpers/signed-records.ts';
import { bearer, setUpApi, type Api } from './setup.ts';

const NOW = new Date('2026-05-10T09:00:00+07:00');
const YEAR = '2025-2026';
const { a: A, b: B, c: C } = SCHOOLS;

let fx: Fixtures;
beforeAll(async () => {
  fx = await makeFixtures({ now: NOW });
});

type Json = Record<string, unknown> & { code?: string; id?: number; status?: string; lookupCode?: string };

describe.each(databasesUnderTest())('transfers proposed by a school and confirmed by the receiving one, on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  const call = async (path: string, as: 'a' | 'b' | 'c', init: RequestInit = {}) => {
    const response = await api.app.request(path, { ...init, headers: { ...bearer(api.tokens[as]), 'Content-Type': 'application/json' } });
    return [response.status, (await response.json()) as Json] as const;
  };
  const post = (path: string, as: 'a' | 'b' | 'c', body?: unknown) => call(path, as, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const propose = (as: 'a' | 'b' | 'c', body: Record<string, unknown>) => post('/api/v1/transfer-proposals', as, body);
  const listed = async (as: 'a' | 'b' | 'c') => ((await call('/api/v1/transfer-proposals', as))[1].proposals as Json[]).map((found) => [found.id, found.status]);
  const studentMoved = async (code: string) => ((await (await api.app.request(`/api/v1/records/${code}`)).json()) as { studentMoved: boolean }).studentMoved;
  /** The console's read-only list of every school's pending proposals (registry.listPendingTransferProposals). */
  const pending = async () => (await api.registry.listPendingTransferProposals()).map((found) => [found.id, found.fromSchool, found.toSchool, found.status]);
  const transfers = async () => (await database.query<{ n: number }>('select count(*)::int as n from transfers'))[0]!.n;
  async function packageOf(school: SchoolFixture, seed: number): Promise<string> {
    const xml = generateSampleXml({ level: school.level, grade: school.grade, schoolYear: YEAR, schoolCode: school.code, schoolName: school.name, provinceCode: '01', seed });
    return encodePackage(await fx.sign(await fx.sign(xml, school.seal, 'CoSoGiaoDuc'), school.teacher, 'GVCN'));
  }

  let student = '';
  let record = '';
  let proposal = 0;
  const terms = () => ({ studentCode: student, toSchool: B.code, effectiveDate: '2026-05-04', reason: 'Gia đình chuyển nơi ở' });

  beforeAll(async () => {
    database = await open();
    api = await setUpApi(database, fx);
    const pkg = await packageOf(A, 1);
    student = /<MaHocSinh>(\d{10})<\/MaHocSinh>/.exec(decodePackage(pkg).toString('utf8'))![1]!;
    const [status, receipt] = await post('/api/v1/packages', 'a', { package: pkg });
    expect(status).toBe(201);
    record = receipt.lookupCode!;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('records a proposal of the sending school (201, journaled under it) and changes nothing for the student; both schools list it, a third none', async () => {
    const [status, made] = await propose('a', terms());
    expect([status, made]).toEqual([201, {
      id: expect.any(Number), ...terms(), fromSchool: A.code, proposedAt: NOW.toISOString(), status: 'pending', settledAt: null, settledBy: null, transferId: null,
    }]);
    proposal = made.id!;
    expect(await database.query(`select actor, subject, detail from events where kind = 'transfer_propose'`)).toEqual([{
      actor: A.code, subject: student, detail: { id: proposal, toSchool: B.code, effectiveDate: '2026-05-04', reason: 'Gia đình chuyển nơi ở' },
    }]);
    expect([await transfers(), await studentMoved(record)]).toEqual([0, false]);
    expect([await listed('a'), await listed('b'), await listed('c')]).toEqual([[[proposal, 'pending']], [[proposal, 'pending']], []]);
    expect(await pending()).toEqual([[proposal, A.code, B.code, 'pending']]);
  });

  it('refuses a second pending proposal, a sender that does not manage the student, an unknown student or school, each with its code', async () => {
    const answers = await Promise.all([
      propose('a', { ...terms(), toSchool: C.code }),
      propose('c', { ...terms(), toSchool: B.code }),
      propose('a', { ...terms(), studentCode: '0199999999' }),
      propose('a', { ...terms(), toSchool: '01009999' }),
      propose('a', { ...terms(), toSchool: A.code }),
      propose('a', { ...terms(), reason: ' ' }),
    ]);
    expect(answers.map(([status, found]) => [status, found.code])).toEqual([
      [409, 'transfer_proposal_pending'], [409, 'transfer_student_not_at_school'], [404, 'transfer_student_unknown'], [404, 'school_unknown'],
      [400, 'transfer_same_school'], [400, 'transfer_reason_missing'],
    ]);
  });

  it('refuses a confirmation by the sender (transfer_proposal_not_receiver) and by a third school, which cannot cancel it either (transfer_proposal_unknown)', async () => {
    const answers = await Promise.all([
      post(`/api/v1/transfer-proposals/${proposal}/confirm`, 'a'),
      post(`/api/v1/transfer-proposals/${proposal}/confirm`, 'c'),
      post(`/api/v1/transfer-proposals/${proposal}/cancel`, 'c'),
      post(`/api/v1/transfer-proposals/${proposal + 1000}/confirm`, 'b'),
    ]);
    expect(answers.map(([status, found]) => [status, found.code])).toEqual([
      [403, 'transfer_proposal_not_receiver'], [404, 'transfer_proposal_unknown'], [404, 'transfer_proposal_unknown'], [404, 'transfer_proposal_unknown'],
    ]);
    expect([await transfers(), await listed('b')]).toEqual([0, [[proposal, 'pending']]]);
  });

  it('makes the transfer when the receiving school confirms: journaled under it, the student moved, the sender may no longer recall; settled once', async () => {
    const [status, done] = await post(`/api/v1/transfer-proposals/${proposal}/confirm`, 'b');
    const transfer = done.transfer as Json;
    expect([status, done.proposal]).toEqual([200, expect.objectContaining({ status: 'confirmed', settledAt: NOW.toISOString(), settledBy: B.code, transferId: transfer.id })]);
    expect(transfer).toEqual({
      id: expect.any(Number), studentCode: student, fromSchool: A.code, toSchool: B.code, effectiveDate: '2026-05-04', reason: 'Gia đình chuyển nơi ở',
      recordedAt: NOW.toISOString(), recordedBy: B.code, records: [record],
    });
    expect(await database.query(`select actor, detail from events where kind = 'transfer'`)).toEqual([{
      actor: B.code, detail: { id: transfer.id, ...terms(), fromSchool: A.code, records: [record], proposal, proposedBy: A.code },
    }]);
    expect(await studentMoved(record)).toBe(true);
    expect(await pending()).toEqual([]);
    const [recall, refused] = await post(`/api/v1/records/${record}/recall`, 'a', { reason: 'Sai điểm' });
    expect([recall, refused.code]).toEqual([409, 'record_transferred']);
    const again = await Promise.all([post(`/api/v1/transfer-proposals/${proposal}/confirm`, 'b'), post(`/api/v1/transfer-proposals/${proposal}/cancel`, 'a')]);
    expect(again.map(([code, found]) => [code, found.code])).toEqual([[409, 'transfer_proposal_settled'], [409, 'transfer_proposal_settled']]);
    expect(await transfers()).toBe(1);
    // A settled proposal is a fact: the database refuses to change it again or delete it (migration 0011, HB001).
    const refusal = async (sql: string) => sqlStateOf(await database.query(sql).then(() => null, (error: unknown) => error));
    expect([await refusal(`update transfer_proposals set status = 'cancelled' where id = ${proposal}`), await refusal('delete from transfer_proposals')]).toEqual(['HB001', 'HB001']);
  });

  it('lets either school cancel a pending proposal (journaled under it), after which nothing is confirmed', async () => {
    // B manages the student now: its proposal back to A, cancelled by the receiver A; then another, cancelled by B.
    const back = { ...terms(), toSchool: A.code, effectiveDate: '2026-05-08', reason: 'Trở lại trường cũ' };
    const [, first] = await propose('b', back);
    expect(await pending()).toEqual([[first.id, B.code, A.code, 'pending']]);
    const [cancelled, byReceiver] = await post(`/api/v1/transfer-proposals/${first.id}/cancel`, 'a');
    expect([cancelled, byReceiver.status, byReceiver.settledBy, byReceiver.transferId]).toEqual([200, 'cancelled', A.code, null]);
    const [late, refused] = await post(`/api/v1/transfer-proposals/${first.id}/confirm`, 'a');
    expect([late, refused.code]).toEqual([409, 'transfer_proposal_settled']);
    const [, second] = await propose('b', back);
    const [, bySender] = await post(`/api/v1/transfer-proposals/${second.id}/cancel`, 'b');
    expect([bySender.status, bySender.settledBy]).toEqual(['cancelled', B.code]);
    expect(await database.query(`select actor from events where kind = 'transfer_cancel' order by id`)).toEqual([{ actor: A.code }, { actor: B.code }]);
    expect([await transfers(), await studentMoved(record)]).toEqual([1, true]);
    expect(await listed('a')).toEqual([[second.id, 'cancelled'], [first.id, 'cancelled'], [proposal, 'confirmed']]);
    expect(await listed('c')).toEqual([]);
    expect(await pending()).toEqual([]);
  });

  it('judges the facts again at confirmation: a student moved meanwhile by the Sở is refused transfer_student_not_at_school, the proposal left pending', async () => {
    const [, made] = await propose('b', { ...terms(), toSchool: C.code, effectiveDate: '2026-05-08', reason: 'Chuyển trường' });
    await api.registry.recordTransfer({ studentCode: student, fromSchool: B.code, toSchool: A.code, effectiveDate: '2026-05-09', reason: 'Sở ghi nhận' }, { now: NOW });
    const [status, refused] = await post(`/api/v1/transfer-proposals/${made.id}/confirm`, 'c');
    expect([status, refused.code]).toEqual([409, 'transfer_student_not_at_school']);
    expect(await listed('c')).toEqual([[made.id, 'pending']]);
    const [cancelled] = await post(`/api/v1/transfer-proposals/${made.id}/cancel`, 'c');
    expect([cancelled, await transfers()]).toEqual([200, 2]);
  });
});
