// The record's words in both languages, in one place: the label of every field of record v1 and the words of its
// closed value lists (scales, results, titles, roles, subjects, criteria). The PDF (api/render, Vietnamese) and
// the portal (site/lib/text-*.ts, both languages) read them here, so a label never reads two ways.
import type { Level } from './scales.ts';

export type WordsLang = 'vi' | 'en';

/** Labels of record v1's fields (and of the nested keys the file check names when two records differ). */
const FIELDS_VI = {
  lookupCode: 'Mã tra cứu', level: 'Cấp học', grade: 'Khối lớp', schoolYear: 'Năm học', className: 'Lớp', schoolCode: 'Mã trường',
  schoolName: 'Trường', provinceCode: 'Tỉnh/Thành phố', district: 'Quận/Huyện', personalId: 'Số định danh cá nhân',
  studentCode: 'Mã học sinh', lifelongCode: 'Mã học tập suốt đời', studentName: 'Họ và tên', dateOfBirth: 'Ngày sinh', sex: 'Giới tính', ethnicity: 'Dân tộc',
  placeOfBirth: 'Nơi sinh', hometown: 'Quê quán', address: 'Nơi ở hiện nay', fatherName: 'Họ và tên cha',
  motherName: 'Họ và tên mẹ', guardianName: 'Người giám hộ', homeroomTeacher: 'Giáo viên chủ nhiệm', principal: 'Hiệu trưởng',
  name: 'Họ và tên', title: 'Danh hiệu / chức danh', issuePlace: 'Nơi cấp', issueDate: 'Ngày cấp', results: 'Kết quả',
  subjects: 'Môn học', term1: 'Học kì I', term2: 'Học kì II', year: 'Cả năm', reassessment: 'Đánh giá lại',
  teacher: 'Giáo viên môn học', comment: 'Nhận xét', tests: 'Điểm kiểm tra định kì', midTerm1: 'Giữa học kì I',
  endTerm1: 'Cuối học kì I', midTerm2: 'Giữa học kì II', endYear: 'Cuối năm', term1Scores: 'Điểm thành phần học kì I',
  term2Scores: 'Điểm thành phần học kì II', continuous: 'Điểm đánh giá thường xuyên', midTerm: 'Giữa kì', endTerm: 'Cuối kì',
  qualities: 'Phẩm chất', generalCompetences: 'Năng lực chung', specificCompetences: 'Năng lực đặc thù',
  yearResult: 'Đánh giá kết quả giáo dục', completedProgramme: 'Hoàn thành chương trình', otherAwards: 'Khen thưởng khác',
  daysAbsent: 'Số ngày nghỉ học', homeroomComment: 'Nhận xét của giáo viên chủ nhiệm', conduct: 'Rèn luyện',
  learning: 'Học tập', promotion: 'Kết quả cả năm', supplementary: 'Đánh giá bổ sung',
  completedLowerSecondary: 'Hoàn thành chương trình trung học cơ sở', levelReached: 'Mức đạt được', assessment: 'Hình thức đánh giá',
  afterSummerTraining: 'Sau rèn luyện trong hè', afterReassessment: 'Sau kiểm tra lại', code: 'Mã',
} as const;

export type FieldKey = keyof typeof FIELDS_VI;

const FIELDS_EN: Record<FieldKey, string> = {
  lookupCode: 'Lookup code', level: 'Level', grade: 'Grade', schoolYear: 'School year', className: 'Class', schoolCode: 'School code',
  schoolName: 'School', provinceCode: 'Province', district: 'District', personalId: 'Personal identification number',
  studentCode: 'Student code', lifelongCode: 'Lifelong learning-record code', studentName: 'Full name', dateOfBirth: 'Date of birth', sex: 'Sex', ethnicity: 'Ethnicity',
  placeOfBirth: 'Place of birth', hometown: 'Hometown', address: 'Current address', fatherName: 'Father’s full name',
  motherName: 'Mother’s full name', guardianName: 'Guardian', homeroomTeacher: 'Homeroom teacher', principal: 'Principal',
  name: 'Full name', title: 'Title', issuePlace: 'Place of issue', issueDate: 'Date of issue', results: 'Results',
  subjects: 'Subjects', term1: 'Term 1', term2: 'Term 2', year: 'Year', reassessment: 'Re-assessment',
  teacher: 'Subject teacher', comment: 'Comment', tests: 'Periodic test scores', midTerm1: 'Mid-term 1',
  endTerm1: 'End of term 1', midTerm2: 'Mid-term 2', endYear: 'End of year', term1Scores: 'Term 1 component scores',
  term2Scores: 'Term 2 component scores', continuous: 'Continuous assessment scores', midTerm: 'Mid-term', endTerm: 'End of term',
  qualities: 'Qualities', generalCompetences: 'General competences', specificCompetences: 'Specific competences',
  yearResult: 'Result of the school year', completedProgramme: 'Programme completed', otherAwards: 'Other awards',
  daysAbsent: 'Days absent', homeroomComment: 'Homeroom teacher’s comment', conduct: 'Conduct',
  learning: 'Learning', promotion: 'Outcome of the year', supplementary: 'Supplementary assessment',
  completedLowerSecondary: 'Completed the lower secondary programme', levelReached: 'Level reached', assessment: 'Assessed by',
  afterSummerTraining: 'After summer training', afterReassessment: 'After re-assessment', code: 'Code',
};

export const FIELD_LABELS: Readonly<Record<WordsLang, Readonly<Record<FieldKey, string>>>> = { vi: FIELDS_VI, en: FIELDS_EN };

/**
 * The English of each Vietnamese value of the closed lists (scales.ts, vocabulary.ts) and of the usual signatory
 * titles. A value keeps its official Vietnamese term in brackets in English (`termOf`): the paper and the law use it.
 */
const VALUES_EN: Readonly<Record<string, string>> = {
  // Levels
  'Tiểu học': 'Primary', 'Trung học cơ sở': 'Lower secondary', 'Trung học phổ thông': 'Upper secondary',
  // Sex
  Nam: 'Male', 'Nữ': 'Female',
  // TT 27 subject levels, criterion levels, year results, titles
  'Hoàn thành xuất sắc': 'Completed with excellence', 'Hoàn thành tốt': 'Completed well', 'Hoàn thành': 'Completed',
  'Chưa hoàn thành': 'Not completed', 'Tốt': 'Good', 'Đạt': 'Pass', 'Cần cố gắng': 'Needs effort',
  'Học sinh Xuất sắc': 'Excellent student',
  'Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện': 'Outstanding student in learning and conduct',
  // TT 22 comment levels, ratings, promotions, titles
  'Chưa đạt': 'Fail', 'Khá': 'Fairly good', 'Được lên lớp': 'Promoted to the next grade', 'Kiểm tra lại': 'Re-assessment required',
  'Rèn luyện trong kì nghỉ hè': 'Conduct training in the summer holiday', 'Ở lại lớp': 'Repeats the grade',
  'Học sinh Giỏi': 'Very good student',
  // Signatory titles as schools write them
  'Giáo viên chủ nhiệm': 'Homeroom teacher', 'Hiệu trưởng': 'Principal', 'Phó hiệu trưởng': 'Vice-principal',
  'Phó Hiệu trưởng': 'Vice-principal', 'KT. Hiệu trưởng': 'For the principal (KT. Hiệu trưởng)',
  // Subjects and activities (TT 27, TT 22)
  'Tiếng Việt': 'Vietnamese', 'Toán': 'Mathematics', 'Ngoại ngữ 1': 'Foreign language 1', 'Ngoại ngữ 2': 'Foreign language 2',
  'Đạo đức': 'Ethics', 'Tự nhiên và Xã hội': 'Nature and society', 'Khoa học': 'Science', 'Lịch sử và Địa lí': 'History and geography',
  'Tin học và Công nghệ': 'Informatics and technology', 'Giáo dục thể chất': 'Physical education',
  'Nghệ thuật (Âm nhạc)': 'Arts (music)', 'Nghệ thuật (Mĩ thuật)': 'Arts (fine arts)', 'Hoạt động trải nghiệm': 'Experiential activities',
  'Tiếng dân tộc thiểu số': 'Ethnic minority language', 'Ngữ văn': 'Literature', 'Giáo dục công dân': 'Civic education',
  'Khoa học tự nhiên': 'Natural sciences', 'Công nghệ': 'Technology', 'Tin học': 'Informatics',
  'Hoạt động trải nghiệm, hướng nghiệp': 'Experiential and career guidance activities',
  'Nội dung giáo dục của địa phương': 'Local education content', 'Lịch sử': 'History',
  'Giáo dục quốc phòng và an ninh': 'National defence and security education', 'Địa lí': 'Geography',
  'Giáo dục kinh tế và pháp luật': 'Economic and legal education', 'Vật lí': 'Physics', 'Hoá học': 'Chemistry', 'Hóa học': 'Chemistry',
  'Sinh học': 'Biology', 'Âm nhạc': 'Music', 'Mĩ thuật': 'Fine arts',
  // TT 27 qualities and competences
  'Yêu nước': 'Patriotism', 'Nhân ái': 'Kindness', 'Chăm chỉ': 'Diligence', 'Trung thực': 'Honesty', 'Trách nhiệm': 'Responsibility',
  'Tự chủ và tự học': 'Self-reliance and self-study', 'Giao tiếp và hợp tác': 'Communication and cooperation',
  'Giải quyết vấn đề và sáng tạo': 'Problem solving and creativity', 'Ngôn ngữ': 'Language', 'Tính toán': 'Numeracy',
  'Thẩm mĩ': 'Aesthetics', 'Thể chất': 'Physical',
};

/** Every Vietnamese value this table translates (for tests that hold English pages to it). */
export const TRANSLATED_VALUES: readonly string[] = Object.keys(VALUES_EN);

/**
 * A value of the record in the reader's language: Vietnamese as written; in English, the English with the official
 * Vietnamese term in brackets ("Good (Tốt)"). A value outside the closed lists (a free-text title, a school's own
 * subject) is shown as written: it is the school's text, not a label.
 */
export function termOf(value: string, lang: WordsLang): string {
  if (lang === 'vi') return value;
  const word = value.normalize('NFC');
  const english = VALUES_EN[word];
  return english === undefined ? value : `${english} (${word})`;
}

/** The English alone, for the few places (a table heading, a short code's legend) where brackets would not fit. */
export function englishOf(value: string): string | undefined {
  return VALUES_EN[value.normalize('NFC')];
}

/** The level's name as the record writes it. */
export const LEVEL_WORDS: Readonly<Record<WordsLang, Readonly<Record<Level, string>>>> = {
  vi: { TH: 'Tiểu học', THCS: 'Trung học cơ sở', THPT: 'Trung học phổ thông' },
  en: { TH: 'Primary', THCS: 'Lower secondary', THPT: 'Upper secondary' },
};

/** TT 27 letters in words: subjects (T/H/C) and qualities/competences (T/Đ/C); TT 22 comment levels (Đ/CĐ). */
export const SCALE_WORDS = {
  subject: { T: 'Hoàn thành tốt', H: 'Hoàn thành', C: 'Chưa hoàn thành' },
  criterion: { T: 'Tốt', 'Đ': 'Đạt', C: 'Cần cố gắng' },
  comment: { 'Đ': 'Đạt', 'CĐ': 'Chưa đạt' },
} as const;

/** The signature roles of the envelope (SPEC §4), as the PDF and the portal name them. */
export const ROLE_WORDS: Readonly<Record<WordsLang, Readonly<Record<string, string>>>> = {
  vi: { CoSoGiaoDuc: 'Cơ sở giáo dục (con dấu số)', HieuTruong: 'Hiệu trưởng', GVCN: 'Giáo viên chủ nhiệm', GVBM: 'Giáo viên bộ môn' },
  en: { CoSoGiaoDuc: 'School (digital seal)', HieuTruong: 'Principal', GVCN: 'Homeroom teacher', GVBM: 'Subject teacher' },
};
