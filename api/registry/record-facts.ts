// The few facts the registry indexes from a verified record, and masking of the personal id (SPEC §9, Decree 13/2023).
import type { HocBaRecord, Level } from '../record/index.ts';
import { normalizeLookupCode } from '../record/lookup-code.ts';

export type { Level };

export interface RecordFacts {
  /** Upper-case hex, 32 characters. */
  readonly lookupCode: string;
  /** MaTruong: the school that issued the record. */
  readonly schoolCode: string;
  readonly schoolYear: string;
  readonly grade: number;
  readonly level: Level;
  /** The Ministry's student code (10 digits). */
  readonly studentCode: string;
  /** 12 digits; kept here only long enough to store its last four and to mask it. */
  readonly personalId: string | null;
  readonly studentName: string;
  /** Reported for the supplementary lock (grades 1-4 after supplementary assessment). */
  readonly supplementary: boolean;
}

/**
 * The facts of the record the engine read from the signed DuLieu (api/record's typed model). Null when its
 * lookup code is not one (the engine has then refused the record already; ingest says `record_facts_unreadable`).
 */
export function readRecordFacts(record: HocBaRecord): RecordFacts | null {
  const lookupCode = normalizeLookupCode(record.lookupCode);
  if (lookupCode === null) return null;
  return {
    lookupCode,
    schoolCode: record.schoolCode,
    schoolYear: record.schoolYear,
    grade: record.grade,
    level: record.level,
    studentCode: record.studentCode,
    personalId: record.personalId === '' ? null : record.personalId,
    studentName: record.studentName,
    supplementary: record.supplementary,
  };
}
