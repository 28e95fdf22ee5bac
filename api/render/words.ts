// The printed wording of record values: scales, scores, roles, dates and masked identifiers.
// Labels and value words come from the record's one vocabulary (api/record/words.ts), which the portal reads too.
import type { CommentLevel, Level } from '../record/index.ts';
import { FIELD_LABELS, LEVEL_WORDS, provinceLabel, ROLE_WORDS, SCALE_WORDS } from '../record/index.ts';
import { vietnamDateSecondText } from '../vietnam-time.ts';

/** The Vietnamese field labels the copy prints (the portal shows the same words). */
export const LABEL = FIELD_LABELS.vi;

export const LEVEL_NAME: Record<Level, string> = {
  TH: LEVEL_WORDS.vi.TH.toLocaleUpperCase('vi'),
  THCS: LEVEL_WORDS.vi.THCS.toLocaleUpperCase('vi'),
  THPT: LEVEL_WORDS.vi.THPT.toLocaleUpperCase('vi'),
};

export const LEVEL_CIRCULAR: Record<Level, string> = {
  TH: 'Theo Thông tư 27/2020/TT-BGDĐT',
  THCS: 'Theo Thông tư 22/2021/TT-BGDĐT',
  THPT: 'Theo Thông tư 22/2021/TT-BGDĐT',
};

/** TT 27 Điều 6: the letters the paper template prints, explained in a legend under the table. */
const legend = (scale: Readonly<Record<string, string>>): string =>
  `${LABEL.levelReached}: ${Object.entries(scale).map(([letter, words]) => `${letter} – ${words}`).join('; ')}.`;
export const SUBJECT_LEVEL_LEGEND = legend(SCALE_WORDS.subject);
export const CRITERION_LEVEL_LEGEND = legend(SCALE_WORDS.criterion);

/** TT 22 comment-assessed subjects, in words: the column is wide enough and a reader need not decode "CĐ". */
export function toCommentLevel(level: CommentLevel | undefined): string {
  if (level === undefined) return '';
  return SCALE_WORDS.comment[level];
}

/** A TT 22 score with its one decimal and the Vietnamese decimal comma: 8.25 is never printed, 8.3 is "8,3". */
export function toScore(score: number | undefined): string {
  if (score === undefined) return '';
  return score.toFixed(1).replace('.', ',');
}

/** A TT 27 periodic test score: a whole number 0-10. */
export function toTestScore(score: number | undefined): string {
  return score === undefined ? '' : String(score);
}

const ROLE_NAME = ROLE_WORDS.vi;

export function toRoleName(role: string | null): string {
  if (role === null) return 'Không ghi vai trò';
  return ROLE_NAME[role] ?? role;
}

/** "Hà Nội, ngày 28 tháng 5 năm 2025" from the place and a dd/MM/yyyy date (printed as written if not one). */
export function toPlaceAndDate(place: string, date: string): string {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(date);
  if (!match) return `${place}, ${date}`;
  return `${place}, ngày ${Number(match[1])} tháng ${Number(match[2])} năm ${match[3]}`;
}

/** A signing time as Vietnam time (UTC+7, the column says so) when it is an ISO timestamp; otherwise as given. */
export function toSigningTime(time: string | null): string {
  if (time === null || time.trim() === '') return '—';
  const at = Date.parse(time);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(time) || Number.isNaN(at)) return time;
  return vietnamDateSecondText(new Date(at));
}

/**
 * The province as the record names it, on the day it was issued (Decision 19/2025/QĐ-TTg): a code of the 63
 * provinces before 1/7/2025 reads "Bình Dương, nay thuộc TP Hồ Chí Minh", and a reused code (52) is the province
 * it was then, not the one it is now. `issueDate` is the record's dd/MM/yyyy; unreadable, the school year's end.
 */
export function toProvinceName(code: string, issueDate: string, schoolYear: string): string {
  const written = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(issueDate);
  const day = written ? new Date(`${written[3]}-${written[2]}-${written[1]}T12:00:00+07:00`) : new Date(`${schoolYear.slice(5)}-06-30T12:00:00+07:00`);
  const label = provinceLabel(code, Number.isNaN(day.getTime()) ? new Date() : day, 'vi');
  return label === null ? `mã tỉnh ${code}` : `${label} (mã ${code})`;
}
