// The few facts the registry indexes from a verified record, and masking of the personal id (SPEC §9, Decree 13/2023).
import type { HocBaRecord, Level } from '../record/index.ts';
import { toLookupCode } from './context.ts';

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
  const lookupCode = toLookupCode(record.lookupCode);
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

export function lastFour(personalId: string | null): string | null {
  const digits = personalId?.replace(/\D/g, '') ?? '';
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/** `********1234`: how the portal shows a personal identification number. */
export function maskedPersonalId(personalId: string): string {
  return `${'*'.repeat(Math.max(0, personalId.length - 4))}${personalId.slice(-4)}`;
}

/**
 * Replaces the student's personal id wherever it appears in a JSON value (content, report), by value
 * rather than by path, so the mask holds whatever shape the record model gives the content.
 */
export function maskPersonalIdIn<T>(value: T, personalId: string | null): T {
  if (!personalId || personalId.length < 5) return value;
  const masked = maskedPersonalId(personalId);
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return node.includes(personalId) ? node.split(personalId).join(masked) : node;
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([key, child]) => [key, walk(child)]));
    }
    return node;
  };
  return walk(value) as T;
}
