// Record v1 as TypeScript: the content of DuLieu, one shape per level (docs/record-format.md gives the XML).
import type { Level, Sex } from './scales.ts';
import type { PrimaryResults } from './model-primary.ts';
import type { SecondaryResults } from './model-secondary.ts';

export type {
  CommentLevel, CriterionLevel, Level, PrimaryTitle, Promotion, Rating, SecondaryTitle, Sex, SubjectLevel, YearResult,
} from './scales.ts';
export type * from './model-primary.ts';
export type * from './model-secondary.ts';

/** A person who signs the paper copy: homeroom teacher or principal, with the title printed under the name. */
export interface Signatory {
  readonly name: string;
  readonly title: string;
}

/** What every record carries, whatever its level. Dates stay as written: dd/MM/yyyy. */
export interface RecordCommon {
  /** Mã tra cứu: 32 hexadecimal characters, upper case. */
  readonly lookupCode: string;
  readonly level: Level;
  /** Khối: 1-12, within the level. */
  readonly grade: number;
  /** Năm học: `2024-2025`. */
  readonly schoolYear: string;
  readonly className: string;
  /** Grades 1-4: the student needs supplementary summer assessment, so the record is due at the later lock. */
  readonly supplementary: boolean;
  /** 8 digits: the 2-digit province code and 6 digits. */
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly provinceCode: string;
  readonly district?: string;
  /** Mã định danh cá nhân: 12 digits. */
  readonly personalId: string;
  /** The Ministry's student code: 10 digits. */
  readonly studentCode: string;
  /**
   * Mã học tập suốt đời (Decree 88/2026/NĐ-CP: học bạ on VNeID under a lifelong learning-record code tied to the
   * personal id). Optional; 8-32 digits and capital letters until the Ministry publishes its format. Shown masked
   * like the personal id (personal-ids.ts).
   */
  readonly lifelongCode?: string;
  /** Exactly as on the birth certificate. */
  readonly studentName: string;
  readonly dateOfBirth: string;
  readonly sex: Sex;
  readonly ethnicity: string;
  readonly placeOfBirth: string;
  readonly hometown?: string;
  readonly address?: string;
  readonly fatherName?: string;
  readonly motherName?: string;
  readonly guardianName?: string;
  readonly homeroomTeacher: Signatory;
  readonly principal: Signatory;
  readonly issuePlace: string;
  readonly issueDate: string;
}

export interface PrimaryRecord extends RecordCommon {
  readonly level: 'TH';
  readonly results: PrimaryResults;
}

export interface LowerSecondaryRecord extends RecordCommon {
  readonly level: 'THCS';
  readonly results: SecondaryResults;
}

export interface UpperSecondaryRecord extends RecordCommon {
  readonly level: 'THPT';
  readonly results: SecondaryResults;
}

export type SecondaryRecord = LowerSecondaryRecord | UpperSecondaryRecord;
/** Record v1, discriminated by `level`. */
export type HocBaRecord = PrimaryRecord | SecondaryRecord;
