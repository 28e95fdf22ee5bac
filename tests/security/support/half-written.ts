// "Nothing half-written" as one query, for the fault tests (crash, database loss): each record has exactly its
// accepted submission and its accept event, its XML hashes to its digest, and no submission or accept event
// names a record that is not there.
import { createHash } from 'node:crypto';
import { xmlOfStored } from '../../../api/registry/stored-xml.ts';

const HALF_WRITTEN_SQL = `
  select 'record without submission' as what, r.lookup_code from records r
    where (select count(*) from submissions s where s.lookup_code = r.lookup_code and s.status = 'accepted' and s.receipt_id = r.receipt_id) <> 1
  union all select 'record without accept event', r.lookup_code from records r
    where (select count(*) from events e where e.kind = 'accept' and e.subject = r.lookup_code and e.detail->>'repeated' is null) <> 1
  union all select 'submission without record', s.lookup_code from submissions s
    where s.status in ('accepted', 'repeated') and not exists (select 1 from records r where r.lookup_code = s.lookup_code and r.receipt_id = s.receipt_id)
  union all select 'event without record', e.subject from events e
    where e.kind = 'accept' and not exists (select 1 from records r where r.lookup_code = e.subject)`;

/** The half-written rows found (none is the answer a test expects), with what is wrong with each. */
export async function findHalfWritten(query: (text: string) => Promise<unknown[]>): Promise<unknown[]> {
  const found = await query(HALF_WRITTEN_SQL);
  // The XML is the stored package inflated (api/registry/stored-xml.ts): PostgreSQL cannot inflate, so this part is here.
  const stored = await query('select lookup_code, package, digest from records') as Array<{ lookup_code: string; package: Uint8Array; digest: string }>;
  for (const row of stored) {
    if (createHash('sha256').update(xmlOfStored(row.package)).digest('hex') !== row.digest) found.push({ what: 'xml not matching digest', lookup_code: row.lookup_code });
  }
  return found;
}
