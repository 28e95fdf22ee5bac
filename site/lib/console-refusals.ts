// The refusals CSV of one school (issue 20): every refusal code it met in a school year, the message it was given
// and how to fix it, in the ONE CSV form of api/csv.ts (UTF-8 with BOM, quoting, formula defusing).
import { REFUSAL_FIXES, toCsv, type RefusalRow } from '../../api/index.ts';
import { textOf, type Lang } from './i18n.ts';
import { toDateTime } from './format.ts';

export function refusalsCsv(rows: readonly RefusalRow[], schoolYear: string, lang: Lang): string {
  const r = textOf(lang).console.refusals;
  return toCsv(r.csvHeader, rows.map((row) => [
    row.schoolCode, row.schoolName, schoolYear, row.code, r.kinds[row.kind], row.count, toDateTime(row.lastAt.toISOString(), lang),
    row.path, row.message, REFUSAL_FIXES[lang][row.kind],
  ]));
}
