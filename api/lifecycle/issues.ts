// Issue codes of api/lifecycle/ (SPEC §8 admission of a new record, late windows, transfers); vi + en, never renamed.
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
  // --- transfers (chuyển trường, api/lifecycle/transfers.ts) ---
  student_transferred: {
    outcome: 'invalid',
    vi: 'Học sinh {studentCode} đã chuyển trường (ngày {date}): quyền quản lý học bạ của học sinh này đã chuyển sang trường mới, nên trường không thể gửi học bạ mới cho học sinh này. Nếu học sinh đã chuyển về trường, hãy đề nghị Sở GDĐT ghi nhận việc chuyển trường.',
    en: 'Student {studentCode} has changed school (on {date}): the right to manage their records passed to the new school, so this school can no longer push new records for them. If the student has moved to this school, ask the Sở GDĐT to record the transfer.',
  },
  record_transferred: {
    outcome: 'invalid',
    vi: 'Học bạ {lookupCode} là của một học sinh đã chuyển trường (ngày {date}): học bạ giữ nguyên như đã ký và trường không còn được thu hồi hoặc thay thế. Nếu học bạ cần sửa, hãy đề nghị Sở GDĐT thu hồi hoặc thay thế.',
    en: 'Record {lookupCode} belongs to a student who has changed school (on {date}): it stays exactly as signed and the school may no longer recall or replace it. If it needs correcting, ask the Sở GDĐT to recall or replace it.',
  },
  record_not_transferred: {
    outcome: 'invalid',
    vi: 'Học bạ {lookupCode} do trường {school} quản lý (học sinh chưa chuyển khỏi trường): việc thu hồi hoặc thay thế là của trường, không phải của Sở.',
    en: 'Record {lookupCode} is managed by school {school} (the student has not moved away from it): recalling or replacing it is for the school, not the Sở.',
  },
  student_code_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Mã học sinh "{found}" không hợp lệ: cần đúng 10 chữ số (mã học sinh của Bộ GDĐT, như trong MaHocSinh của học bạ).',
    en: 'Student code "{found}" is not valid: exactly 10 digits are needed (the Ministry\'s student code, as in the record\'s MaHocSinh).',
  },
  transfer_same_school: {
    outcome: 'invalid',
    vi: 'Trường chuyển đi và trường chuyển đến đều là {school}: chuyển trường cần hai trường khác nhau.',
    en: 'The sending and the receiving school are both {school}: a transfer needs two different schools.',
  },
  transfer_date_invalid: {
    outcome: 'invalid', subIndication: 'FORMAT_FAILURE',
    vi: 'Ngày chuyển trường "{date}" không hợp lệ: cần một ngày dạng YYYY-MM-DD từ {earliest} (ngày của lần chuyển trước, hoặc đầu năm học 2020-2021) đến hôm nay {today} (giờ Việt Nam).',
    en: 'Transfer date "{date}" is not valid: a date YYYY-MM-DD from {earliest} (the date of the previous transfer, or the start of school year 2020-2021) to today, {today} (Vietnam time), is needed.',
  },
  transfer_reason_missing: {
    outcome: 'invalid',
    vi: 'Cần nêu lý do chuyển trường (lý do được ghi vào nhật ký).',
    en: 'A transfer needs a reason (it is journaled).',
  },
  // --- transfers proposed by a school, confirmed by the receiving one (api/registry/transfer-proposals.ts) ---
  transfer_proposal_pending: {
    outcome: 'invalid',
    vi: 'Học sinh {studentCode} đã có một đề nghị chuyển trường đang chờ (số {id}): hãy chờ trường nhận xác nhận, hoặc hủy đề nghị đó trước.',
    en: 'Student {studentCode} already has a pending transfer proposal (#{id}): wait for the receiving school to confirm it, or cancel it first.',
  },
  transfer_proposal_unknown: {
    outcome: 'invalid',
    vi: 'Không có đề nghị chuyển trường số {id} của trường này.',
    en: 'There is no transfer proposal #{id} of this school.',
  },
  transfer_proposal_not_receiver: {
    outcome: 'invalid',
    vi: 'Chỉ trường nhận ({school}) mới xác nhận được đề nghị chuyển trường số {id}; trường gửi chỉ có thể hủy.',
    en: 'Only the receiving school ({school}) can confirm transfer proposal #{id}; the sending school can only cancel it.',
  },
  transfer_proposal_settled: {
    outcome: 'invalid',
    vi: 'Đề nghị chuyển trường số {id} đã được giải quyết ({status}): không thể xác nhận hay hủy lần nữa.',
    en: 'Transfer proposal #{id} is already settled ({status}): it cannot be confirmed or cancelled again.',
  },
  transfer_student_unknown: {
    outcome: 'invalid',
    vi: 'Cơ sở dữ liệu không có học bạ nào của học sinh {studentCode} và chưa ghi nhận lần chuyển trường nào của học sinh này. Hãy kiểm tra mã học sinh: chuyển trường là chuyển quyền quản lý những học bạ đã có.',
    en: 'The registry holds no record of student {studentCode} and no transfer of them. Check the student code: a transfer passes on the management of records the registry holds.',
  },
  transfer_student_not_at_school: {
    outcome: 'invalid',
    vi: 'Học sinh {studentCode} hiện không do trường {school} quản lý (không có học bạ của trường này, hoặc đã chuyển sang trường khác). Hãy kiểm tra trường chuyển đi: danh sách chuyển trường cho biết trường đang quản lý học sinh.',
    en: 'Student {studentCode} is not managed by school {school} now (it holds none of their records, or they moved elsewhere). Check the sending school: the list of transfers shows which school manages the student.',
  },
} as const satisfies Record<string, CatalogueEntry>;
