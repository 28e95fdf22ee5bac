// A record stored by an older engine whose signed content this engine no longer reads (a rule added since, here
// SPEC §9's guessable-code rule, lookup_code_not_random), on PGlite and PostgreSQL. Its stored report is of
// another engine version, so the answers read the content again from the stored XML (api/answers/content.ts):
// the record page shows the registered record without content, and a paper copy is refused with
// record_facts_unreadable before any copy number is taken. The row is written as that older version left it,
// by SQL (no engine of today would accept it); everything that reads it is the server's own wiring.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { encodePackage } from '../../../api/codec/index.ts';
import type { Database } from '../../../db/client.ts';
import { createServerAnswers, type ServerAnswers } from '../../../api/server/answers.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { rejectionCode } from '../../helpers/error-codes.ts';
import { recordXml } from './records.ts';
import { makeRegistryFixtures, newLookupCode, SCHOOL_A, setUpRegistry, type Fixture } from './setup.ts';

const ASKER = { actor: 'portal:test' };
/** What an older engine accepted and today's refuses: a code with only one distinct digit. */
const GUESSABLE = 'F'.repeat(32);

const pki = await makeRegistryFixtures();

describe.each(databasesUnderTest())('a record an older engine stored, on $name', ({ open }) => {
  let database: Database;
  let fixture: Fixture;
  let served: ServerAnswers;
  const readable = newLookupCode();
  const older = newLookupCode();

  beforeAll(async () => {
    database = await open();
    fixture = await setUpRegistry(database, pki);
    served = createServerAnswers({ registry: fixture.registry, publicUrl: 'https://hocba.example.vn' });
    const [result] = await fixture.registry.submitPackages(SCHOOL_A, [await fixture.pkg({ lookupCode: readable, schoolCode: SCHOOL_A })]);
    expect(result).toMatchObject({ status: 'accepted' });
    // A record signed with the guessable code, stored under a row code of its own with a report of an older
    // engine that kept no content: what the registry held before the rule came.
    const xml = Buffer.from(await recordXml(pki, { lookupCode: GUESSABLE, schoolCode: SCHOOL_A }));
    await database.query(
      `insert into records (lookup_code, school_code, school_year, grade, level, student_code, personal_id_last4, student_name,
         package, digest, report, receipt_id, received_at, supplementary)
       select $1, school_code, school_year, grade, level, student_code || '9', personal_id_last4, student_name,
         $2, $3, (report::jsonb - 'record') || '{"engine": "hocba-engine/older"}'::jsonb, $4, received_at, supplementary
       from records where lookup_code = $5`,
      [older, Buffer.from(encodePackage(xml), 'latin1'), createHash('sha256').update(xml).digest('hex'), `older-${older}`, readable],
    );
  });
  afterAll(async () => {
    await served?.close();
    await database?.close();
  });

  it('shows the registered record without content on its page', async () => {
    const found = await served.answers.lookUp(older, ASKER);
    expect(found).toMatchObject({ kind: 'found', answer: { view: { lookupCode: older }, record: null } });
  });

  it('refuses a copy with record_facts_unreadable and numbers none, while the readable record gets copy 1', async () => {
    expect(await rejectionCode(served.answers.issueCopy(older, null))).toBe('record_facts_unreadable');
    const copies = (code: string) => database.query<{ n: number }>('select count(*)::int as n from pdf_copies where lookup_code = $1', [code]);
    expect(await copies(older)).toEqual([{ n: 0 }]);
    expect(await served.answers.issueCopy(readable, null)).toMatchObject({ lookupCode: readable, number: 1 });
    expect(await copies(readable)).toEqual([{ n: 1 }]);
  });
});
