// Subjects per level and grade, and the primary qualities and competences: stable codes, exact names (NFC).

/** Which periodic tests a primary subject has (TT 27): none, end of term 1 and year, plus mid-terms. */
export type TestPlan = 'none' | 'end' | 'mid-end' | 'optional';

export interface PrimarySubject {
  readonly code: string;
  readonly name: string;
  readonly required: boolean;
  readonly tests: TestPlan;
}

/** How TT 22 assesses a subject: by score or by comment (Đạt / Chưa đạt). */
export type Assessment = 'score' | 'comment';
/** Compulsory for all, one of the chosen group (THPT), or optional. */
export type SubjectKind = 'compulsory' | 'chosen' | 'optional';

export interface SecondarySubject {
  readonly code: string;
  readonly name: string;
  readonly assessment: Assessment;
  readonly kind: SubjectKind;
}

export interface Criterion {
  readonly code: string;
  readonly name: string;
}

type Row = readonly [code: string, name: string, grades: readonly number[], required: readonly number[], tests: (grade: number) => TestPlan];
const ALL = [1, 2, 3, 4, 5];
const none = (): TestPlan => 'none';
const end = (): TestPlan => 'end';

// TT 27 and the 2018 programme: grade 3 adds Ngoại ngữ 1 and Tin học và Công nghệ; grades 4-5 replace
// Tự nhiên và Xã hội by Khoa học and Lịch sử và Địa lí; Tiếng Việt and Toán get mid-term tests in 4-5.
const PRIMARY_ROWS: readonly Row[] = [
  ['TV', 'Tiếng Việt', ALL, ALL, (g) => (g >= 4 ? 'mid-end' : 'end')],
  ['TOAN', 'Toán', ALL, ALL, (g) => (g >= 4 ? 'mid-end' : 'end')],
  ['NN1', 'Ngoại ngữ 1', ALL, [3, 4, 5], (g) => (g >= 3 ? 'end' : 'optional')],
  ['DD', 'Đạo đức', ALL, ALL, none],
  ['TNXH', 'Tự nhiên và Xã hội', [1, 2, 3], [1, 2, 3], none],
  ['KH', 'Khoa học', [4, 5], [4, 5], end],
  ['LSDL', 'Lịch sử và Địa lí', [4, 5], [4, 5], end],
  ['THCN', 'Tin học và Công nghệ', [3, 4, 5], [3, 4, 5], end],
  ['GDTC', 'Giáo dục thể chất', ALL, ALL, none],
  ['AN', 'Nghệ thuật (Âm nhạc)', ALL, ALL, none],
  ['MT', 'Nghệ thuật (Mĩ thuật)', ALL, ALL, none],
  ['HDTN', 'Hoạt động trải nghiệm', ALL, ALL, none],
  ['TDTTS', 'Tiếng dân tộc thiểu số', ALL, [], () => 'optional'],
];

const PRIMARY_BY_GRADE = new Map<number, readonly PrimarySubject[]>(ALL.map((grade) => [grade,
  PRIMARY_ROWS.filter((row) => row[2].includes(grade))
    .map(([code, name, , required, tests]) => ({ code, name, required: required.includes(grade), tests: tests(grade) }))]));

const S = 'score';
const C = 'comment';
function subjects(kind: SubjectKind, rows: ReadonlyArray<readonly [string, string, Assessment]>): SecondarySubject[] {
  return rows.map(([code, name, assessment]) => ({ code, name, assessment, kind }));
}

const SECONDARY_OPTIONAL = subjects('optional', [['TDTTS', 'Tiếng dân tộc thiểu số', S], ['NN2', 'Ngoại ngữ 2', S]]);

// TT 22: Giáo dục thể chất, Nghệ thuật/Âm nhạc/Mĩ thuật, Nội dung giáo dục của địa phương and
// Hoạt động trải nghiệm, hướng nghiệp are assessed by comment; every other subject by score.
const LOWER_SECONDARY: readonly SecondarySubject[] = [
  ...subjects('compulsory', [
    ['NV', 'Ngữ văn', S], ['TOAN', 'Toán', S], ['NN1', 'Ngoại ngữ 1', S], ['GDCD', 'Giáo dục công dân', S],
    ['LSDL', 'Lịch sử và Địa lí', S], ['KHTN', 'Khoa học tự nhiên', S], ['CN', 'Công nghệ', S], ['TIN', 'Tin học', S],
    ['GDTC', 'Giáo dục thể chất', C], ['AN', 'Nghệ thuật (Âm nhạc)', C], ['MT', 'Nghệ thuật (Mĩ thuật)', C],
    ['HDTNHN', 'Hoạt động trải nghiệm, hướng nghiệp', C], ['NDGDDP', 'Nội dung giáo dục của địa phương', C],
  ]),
  ...SECONDARY_OPTIONAL,
];

const UPPER_SECONDARY: readonly SecondarySubject[] = [
  ...subjects('compulsory', [
    ['NV', 'Ngữ văn', S], ['TOAN', 'Toán', S], ['NN1', 'Ngoại ngữ 1', S], ['LS', 'Lịch sử', S],
    ['GDTC', 'Giáo dục thể chất', C], ['GDQPAN', 'Giáo dục quốc phòng và an ninh', S],
    ['HDTNHN', 'Hoạt động trải nghiệm, hướng nghiệp', C], ['NDGDDP', 'Nội dung giáo dục của địa phương', C],
  ]),
  ...subjects('chosen', [
    ['DL', 'Địa lí', S], ['GDKTPL', 'Giáo dục kinh tế và pháp luật', S], ['VL', 'Vật lí', S], ['HH', 'Hoá học', S],
    ['SH', 'Sinh học', S], ['CN', 'Công nghệ', S], ['TIN', 'Tin học', S], ['AN', 'Âm nhạc', C], ['MT', 'Mĩ thuật', C],
  ]),
  ...SECONDARY_OPTIONAL,
];

/** THPT students take exactly this many subjects of the chosen group. */
export const CHOSEN_SUBJECT_COUNT = 4;

/** The subjects and activities of a primary grade (1-5), in the order of the paper template. */
export function primarySubjectsOf(grade: number): readonly PrimarySubject[] {
  return PRIMARY_BY_GRADE.get(grade) ?? [];
}

/** The subjects of a secondary level (the same list for every grade of the level). */
export function secondarySubjectsOf(level: 'THCS' | 'THPT'): readonly SecondarySubject[] {
  return level === 'THCS' ? LOWER_SECONDARY : UPPER_SECONDARY;
}

const criteria = (rows: ReadonlyArray<readonly [string, string]>): Criterion[] => rows.map(([code, name]) => ({ code, name }));

/** TT 27: the five qualities (phẩm chất chủ yếu). */
export const QUALITIES: readonly Criterion[] = criteria([
  ['YEUNUOC', 'Yêu nước'], ['NHANAI', 'Nhân ái'], ['CHAMCHI', 'Chăm chỉ'], ['TRUNGTHUC', 'Trung thực'], ['TRACHNHIEM', 'Trách nhiệm'],
]);

/** The three general competences (năng lực chung). */
export const GENERAL_COMPETENCES: readonly Criterion[] = criteria([
  ['TUCHUTUHOC', 'Tự chủ và tự học'], ['GIAOTIEPHOPTAC', 'Giao tiếp và hợp tác'], ['GQVDSANGTAO', 'Giải quyết vấn đề và sáng tạo'],
]);

const SPECIFIC = criteria([
  ['NGONNGU', 'Ngôn ngữ'], ['TINHTOAN', 'Tính toán'], ['KHOAHOC', 'Khoa học'], ['CONGNGHE', 'Công nghệ'],
  ['TINHOC', 'Tin học'], ['THAMMI', 'Thẩm mĩ'], ['THECHAT', 'Thể chất'],
]);
// Công nghệ and Tin học are assessed from grade 3, when Tin học và Công nghệ starts.
const SPECIFIC_EARLY = SPECIFIC.filter((found) => found.code !== 'CONGNGHE' && found.code !== 'TINHOC');

/** The specific competences (năng lực đặc thù) assessed in a primary grade. */
export function specificCompetencesOf(grade: number): readonly Criterion[] {
  return grade >= 3 ? SPECIFIC : SPECIFIC_EARLY;
}
