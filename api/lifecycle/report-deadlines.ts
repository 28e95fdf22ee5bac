// When the Sở must have reported a school year's records to the Ministry (DOMAIN.md "The registry"): before 10/7
// the records of students who completed the grade, before 25/8 the supplementary ones (after summer assessment).
import { parseSchoolYear } from './lock-dates.ts';

export interface ReportDeadline {
  readonly kind: 'completed' | 'supplementary';
  /** Vietnam calendar day, `YYYY-MM-DD`: the report is due before its end. */
  readonly date: string;
}

export function reportDeadlinesOf(schoolYear: string): readonly [ReportDeadline, ReportDeadline] {
  const [, second] = parseSchoolYear(schoolYear);
  return [{ kind: 'completed', date: `${second}-07-10` }, { kind: 'supplementary', date: `${second}-08-25` }];
}
