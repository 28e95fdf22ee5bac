// The few facts the registry indexes from a verified record, and masking of the personal id (SPEC §9, Decree 13/2023).
import { maskPersonalIdsIn, signerPersonalIds } from '../record/personal-ids.ts';

export type Level = 'TH' | 'THCS' | 'THPT';

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

/** Maps the engine's `Report.record` to RecordFacts; inject another one if the record model differs. */
export type FactsReader = (record: unknown) => RecordFacts | null;

type Bag = Record<string, unknown>;

/**
 * Default reader for the record model (`api/record`): a flat or nested object, e.g.
 * `{ lookupCode, schoolYear, grade, level, school: { code }, student: { code, personalId, name } }`;
 * `schoolCode`, `studentCode`, `personalId`, `studentName` at the top level are read too.
 */
export const readRecordFacts: FactsReader = (record) => {
  if (record === null || typeof record !== 'object') return null;
  const top = record as Bag;
  const school = bag(top.school);
  const student = bag(top.student);
  const lookupCode = text(top.lookupCode)?.replace(/[-\s]/g, '').toUpperCase();
  const schoolCode = text(top.schoolCode) ?? text(school.code);
  const schoolYear = text(top.schoolYear);
  const grade = Number(top.grade);
  const studentCode = text(top.studentCode) ?? text(student.code) ?? text(student.studentCode);
  const studentName = text(top.studentName) ?? text(student.name) ?? text(student.fullName) ?? '';
  const personalId = text(top.personalId) ?? text(student.personalId) ?? null;
  if (!lookupCode || !schoolCode || !schoolYear || !studentCode || !Number.isInteger(grade)) return null;
  const level = (text(top.level) ?? levelOfGrade(grade)) as Level;
  return { lookupCode, schoolCode, schoolYear, grade, level, studentCode, personalId, studentName, supplementary: top.supplementary === true };
};

export function levelOfGrade(grade: number): Level {
  return grade <= 5 ? 'TH' : grade <= 9 ? 'THCS' : 'THPT';
}

export function lastFour(personalId: string | null): string | null {
  const digits = personalId?.replace(/\D/g, '') ?? '';
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/**
 * The student's id and every signer's (`UID=CCCD:` subjects, `signer.personalId`) hidden in a stored report
 * or content (SPEC §9): one mask, api/record/personal-ids.ts.
 */
export function maskPersonalIdIn<T>(value: T, personalId: string | null): T {
  const signers = value !== null && typeof value === 'object' && Array.isArray((value as Bag).signatures)
    ? signerPersonalIds(value as unknown as Parameters<typeof signerPersonalIds>[0]) : [];
  return maskPersonalIdsIn(value, [...(personalId ? [personalId] : []), ...signers]);
}

function bag(value: unknown): Bag {
  return value !== null && typeof value === 'object' ? (value as Bag) : {};
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
