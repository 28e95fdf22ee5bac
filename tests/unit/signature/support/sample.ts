// Unsigned sample records for the signature tests (api/record/sample.ts may replace this later).

export interface SampleOptions {
  /** Approximate size of the record in kilobytes. */
  readonly kilobytes?: number;
  readonly contentId?: string;
  /** Extra attributes on the root, e.g. `xmlns:x="urn:x" xml:lang="vi"` (they change inclusive c14n of DuLieu). */
  readonly rootAttributes?: string;
  /** Use a prefixed root (`h:HocBaSo xmlns:h=…`) instead of the default namespace. */
  readonly prefix?: string;
  /** Extra markup placed first inside DuLieu (comments, CDATA, nested namespaces…). */
  readonly extra?: string;
  readonly lineEnd?: string;
}

const SUBJECTS = ['Toán', 'Ngữ văn', 'Tiếng Anh', 'Lịch sử và Địa lí', 'Khoa học tự nhiên', 'Giáo dục công dân', 'Tin học', 'Công nghệ', 'Giáo dục thể chất', 'Nghệ thuật'];
const REMARKS = [
  'Em học tập chăm chỉ, tiếp thu bài nhanh; cần phát huy tinh thần tự học.',
  'Có tiến bộ rõ rệt trong học kỳ II, tích cực phát biểu xây dựng bài.',
  'Hoàn thành tốt nhiệm vụ học tập; kỹ năng hợp tác nhóm "rất tốt" & sáng tạo.',
];

export function sampleRecord(options: SampleOptions = {}): string {
  const p = options.prefix ? `${options.prefix}:` : '';
  const nl = options.lineEnd ?? '\n';
  const ns = options.prefix ? `xmlns:${options.prefix}="urn:hocba:hoc-ba-so:1"` : 'xmlns="urn:hocba:hoc-ba-so:1"';
  const target = (options.kilobytes ?? 4) * 1024;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    const subject = SUBJECTS[i % SUBJECTS.length]!;
    const part = `${nl}      <${p}MonHoc Ma="M${String(i).padStart(3, '0')}" Ten="${subject}">`
      + `<${p}DiemHK1>${(6 + (i % 4) + 0.25).toFixed(1)}</${p}DiemHK1><${p}DiemHK2>${(7 + (i % 3)).toFixed(1)}</${p}DiemHK2>`
      + `<${p}NhanXet>${REMARKS[i % REMARKS.length]!.replace(/&/g, '&amp;')}</${p}NhanXet></${p}MonHoc>`;
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>${nl}`
    + `<${p}HocBaSo ${ns} PhienBan="1.0"${options.rootAttributes ? ` ${options.rootAttributes}` : ''}>${nl}`
    + `  <${p}DuLieu Id="${options.contentId ?? 'DuLieu-0a1b2c3d'}">${options.extra ?? ''}${nl}`
    + `    <${p}HocSinh><${p}HoTen>Nguyễn Thị Ánh Tuyết</${p}HoTen><${p}NgaySinh>2012-09-05</${p}NgaySinh>`
    + `<${p}MaHocSinh>0100123456</${p}MaHocSinh></${p}HocSinh>${nl}`
    + `    <${p}KetQua NamHoc="2024-2025">${parts.join('')}${nl}    </${p}KetQua>${nl}`
    + `  </${p}DuLieu>${nl}`
    + `</${p}HocBaSo>${nl}`;
}
