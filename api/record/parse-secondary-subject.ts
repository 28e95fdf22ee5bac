// One MonHoc of a secondary record (TT 22/2021): term and year averages or Đ/CĐ levels, re-assessment.
import { join, shapeOf, type Reader } from './reader.ts';
import { compact, first, readComment, readLabel, readPersonName } from './parse-fields.ts';
import { COMMENT_LEVELS, type Level } from './scales.ts';
import type { SecondarySubject } from './vocabulary.ts';
import type { SecondarySubjectResult, TermScores } from './model.ts';

const SUBJECT = shapeOf({
  MaMon: '1', TenMon: '1',
  DiemThanhPhanHK1: '?', DiemHK1: '?', DiemThanhPhanHK2: '?', DiemHK2: '?', DiemCN: '?', DiemDanhGiaLai: '?',
  MucHK1: '?', MucHK2: '?', MucCN: '?', MucDanhGiaLai: '?',
  GiaoVien: '?', NhanXet: '?',
});
const TERM_SCORES = shapeOf({ DiemTX: '+', DiemGK: '1', DiemCK: '1' });
/** TT 22: at most 4 continuous-assessment scores a term. */
const MAX_CONTINUOUS = 4;

// Each scale's required elements, and all of its elements (forbidden under the other scale).
const SCORED = ['DiemHK1', 'DiemHK2', 'DiemCN'];
const SCORED_ALL = [...SCORED, 'DiemThanhPhanHK1', 'DiemThanhPhanHK2', 'DiemDanhGiaLai'];
const COMMENTED = ['MucHK1', 'MucHK2', 'MucCN'];
const COMMENTED_ALL = [...COMMENTED, 'MucDanhGiaLai'];

export interface SubjectContext {
  readonly level: Level;
  readonly grade: number;
  readonly vocabulary: ReadonlyMap<string, SecondarySubject>;
  /** Codes met so far, to report duplicates. */
  readonly seen: Set<string>;
}

export function readSecondarySubject(reader: Reader, element: Element, path: string, context: SubjectContext): SecondarySubjectResult {
  const children = reader.children(element, path, SUBJECT);
  const at = (name: string) => [first(children, name), join(path, name)] as const;
  const code = reader.text(...at('MaMon'));
  const entry = code === undefined ? undefined : context.vocabulary.get(code);
  if (code !== undefined && !entry) {
    reader.report('subject_unknown', join(path, 'MaMon'), { found: code, grade: context.grade, level: context.level });
  }
  if (entry && context.seen.has(entry.code)) reader.report('subject_duplicate', join(path, 'MaMon'), { found: entry.code });
  if (entry) context.seen.add(entry.code);
  const name = readLabel(reader, ...at('TenMon'));
  if (entry && name !== undefined && name !== entry.name) {
    reader.report('field_value', join(path, 'TenMon'), { found: name, expected: entry.name });
  }
  // An unknown subject is read as far as it goes, by whichever scale its elements use.
  const scored = entry ? entry.assessment === 'score' : !children.has('MucHK1');
  const [required, forbidden] = scored ? [SCORED, COMMENTED_ALL] : [COMMENTED, SCORED_ALL];
  for (const tag of forbidden) if (children.has(tag)) reader.report('field_unexpected', join(path, tag), { found: tag });
  if (entry) for (const tag of required) if (!children.has(tag)) reader.report('field_missing', join(path, tag));
  const shared = {
    code: code ?? '',
    name: name ?? '',
    teacher: readPersonName(reader, ...at('GiaoVien')),
    comment: readComment(reader, ...at('NhanXet')),
  };
  if (!scored) {
    return compact({
      ...shared,
      assessment: 'comment',
      term1: reader.oneOf(...at('MucHK1'), COMMENT_LEVELS) ?? 'Đ',
      term2: reader.oneOf(...at('MucHK2'), COMMENT_LEVELS) ?? 'Đ',
      year: reader.oneOf(...at('MucCN'), COMMENT_LEVELS) ?? 'Đ',
      reassessment: reader.oneOf(...at('MucDanhGiaLai'), COMMENT_LEVELS),
    });
  }
  return compact({
    ...shared,
    assessment: 'score',
    term1Scores: readTermScores(reader, ...at('DiemThanhPhanHK1')),
    term1: reader.score(...at('DiemHK1')) ?? 0,
    term2Scores: readTermScores(reader, ...at('DiemThanhPhanHK2')),
    term2: reader.score(...at('DiemHK2')) ?? 0,
    year: reader.score(...at('DiemCN')) ?? 0,
    reassessment: reader.score(...at('DiemDanhGiaLai')),
  });
}

function readTermScores(reader: Reader, element: Element | undefined, path: string): TermScores | undefined {
  if (!element) return undefined;
  const children = reader.children(element, path, TERM_SCORES);
  const continuous = (children.get('DiemTX') ?? []).map((score, i) => {
    const at = join(path, `DiemTX[${i + 1}]`);
    if (i >= MAX_CONTINUOUS) reader.report('field_unexpected', at, { found: 'DiemTX' });
    return reader.score(score, at) ?? 0;
  });
  return {
    continuous: continuous.slice(0, MAX_CONTINUOUS),
    midTerm: reader.score(first(children, 'DiemGK'), join(path, 'DiemGK')) ?? 0,
    endTerm: reader.score(first(children, 'DiemCK'), join(path, 'DiemCK')) ?? 0,
  };
}
