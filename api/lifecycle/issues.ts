// Issue codes of api/lifecycle/ (SPEC §8 admission of a new record, late windows); vi + en, never renamed.
import type { CatalogueEntry } from '../issue-types.ts';

export const LIFECYCLE_ISSUES = {
  year_locked: {
    outcome: 'invalid',
    vi: 'Dữ liệu năm học {schoolYear} đã chốt ngày {lockDate}; không nhận học bạ mới cho năm học này. Nếu cần nộp muộn, trường hãy đề nghị Sở GDĐT mở đợt nộp muộn cho trường và năm học này.',
    en: 'The data of school year {schoolYear} was locked on {lockDate}; new records for that year are refused. To file late, the school asks the Sở GDĐT to open a late window for it and that year.',
  },
  school_year_implausible: {
    outcome: 'invalid',
    vi: 'Năm học {year} không hợp lệ: cơ sở dữ liệu chỉ nhận học bạ từ năm học {first} (khi Thông tư 27 và Thông tư 22 bắt đầu áp dụng) đến năm học hiện tại {current}.',
    en: 'School year {year} is not plausible: the registry accepts records from school year {first} (when Circulars 27 and 22 began) to the year in progress, {current}.',
  },
  student_year_taken: {
    outcome: 'invalid',
    vi: 'Học sinh {studentCode} đã có học bạ năm học {schoolYear} đang có hiệu lực (mã tra cứu {existing}). Mỗi học sinh chỉ có một học bạ mỗi năm học: để sửa, hãy thay thế (replace) học bạ {existing} thay vì gửi học bạ mới.',
    en: 'Student {studentCode} already has a record in force for school year {schoolYear} (lookup code {existing}). A student has one record per school year: to correct it, replace record {existing} instead of pushing a new one.',
  },
  student_year_taken_elsewhere: {
    outcome: 'invalid',
    vi: 'Học sinh {studentCode} đã có học bạ năm học {schoolYear} do một trường khác gửi và đang có hiệu lực. Mỗi học sinh chỉ có một học bạ mỗi năm học; hãy kiểm tra mã học sinh hoặc liên hệ Sở GDĐT.',
    en: 'Student {studentCode} already has a record in force for school year {schoolYear}, pushed by another school. A student has one record per school year; check the student code or contact the Sở GDĐT.',
  },
  late_window_reason_missing: {
    outcome: 'invalid',
    vi: 'Cần nêu lý do mở hoặc đóng đợt nộp muộn (lý do được ghi vào nhật ký).',
    en: 'Opening or closing a late window needs a reason (it is journaled).',
  },
  late_window_until_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Ngày kết thúc đợt nộp muộn "{date}" không hợp lệ: cần một ngày dạng YYYY-MM-DD chưa qua (đợt mở đến hết ngày đó, giờ Việt Nam).',
    en: 'Late window end "{date}" is not valid: a date YYYY-MM-DD that has not passed is needed (the window stays open to the end of that day, Vietnam time).',
  },
  late_window_exists: {
    outcome: 'invalid',
    vi: 'Trường {school} đã có đợt nộp muộn đang mở cho năm học {schoolYear} (đến hết ngày {until}); hãy đóng đợt đó trước khi mở đợt mới.',
    en: 'School {school} already has a late window open for school year {schoolYear} (until the end of {until}); close it before opening another.',
  },
  late_window_not_found: {
    outcome: 'invalid',
    vi: 'Trường {school} không có đợt nộp muộn đang mở cho năm học {schoolYear}.',
    en: 'School {school} has no late window open for school year {schoolYear}.',
  },
} as const satisfies Record<string, CatalogueEntry>;
