// Realistic Vietnamese people and places for samples: common family, middle and given names (NFC).
import type { Random } from './sample-random.ts';
import type { Sex } from '../record/scales.ts';

// Weighted roughly by frequency: Nguyễn alone is about four Vietnamese in ten.
const FAMILY = [
  'Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Phạm', 'Hoàng',
  'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Mai', 'Cao', 'Đào', 'Lương',
];
const MIDDLE: Readonly<Record<Sex, readonly string[]>> = {
  Nam: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Gia', 'Anh', 'Thành', 'Tuấn', 'Hoàng', 'Bảo', 'Đình', 'Xuân', 'Công', 'Trung', 'Nhật'],
  Nữ: ['Thị', 'Ngọc', 'Thu', 'Phương', 'Minh', 'Bảo', 'Khánh', 'Thanh', 'Hoài', 'Diệu', 'Mai', 'Hồng', 'Quỳnh', 'Thảo', 'Tường', 'Hà'],
};
const GIVEN: Readonly<Record<Sex, readonly string[]>> = {
  Nam: [
    'An', 'Bảo', 'Dũng', 'Đức', 'Hùng', 'Huy', 'Khang', 'Khoa', 'Khôi', 'Long', 'Minh', 'Nam', 'Nhật', 'Phúc', 'Quân',
    'Sơn', 'Tài', 'Thắng', 'Trung', 'Tuấn', 'Việt', 'Vinh', 'Hải', 'Hiếu', 'Lâm', 'Đạt', 'Kiên', 'Phong', 'Duy', 'Hoàng',
  ],
  Nữ: [
    'Anh', 'Chi', 'Giang', 'Hà', 'Hân', 'Hương', 'Lan', 'Linh', 'Mai', 'My', 'Ngân', 'Ngọc', 'Nhi', 'Nhung', 'Oanh',
    'Phương', 'Quỳnh', 'Thảo', 'Trang', 'Uyên', 'Vy', 'Yến', 'Hằng', 'Hoa', 'Thư', 'Trâm', 'Vân', 'Diệp', 'Châu', 'Khuê',
  ],
};

/** Most pupils are Kinh; the others are among the larger of the 54 ethnic groups. */
const ETHNICITIES = ['Tày', 'Thái', 'Mường', 'Khmer', 'Hoa', 'Nùng', 'Mông', 'Dao'];
const STREETS = [
  'Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Trãi', 'Hai Bà Trưng', 'Quang Trung', 'Lý Thường Kiệt', 'Nguyễn Huệ',
  'Phan Chu Trinh', 'Điện Biên Phủ', 'Hùng Vương', 'Lê Duẩn', 'Nguyễn Du', 'Bà Triệu', 'Hoàng Diệu',
];
const WARDS = ['Trần Phú', 'Quang Trung', 'Lê Lợi', 'Hồng Hà', 'Bến Thành', 'Hoà Bình', 'Tân Định', 'Ngọc Hà', 'Kim Liên'];
/** Provinces people were born in besides the school's own: the 2025 names and some older ones. */
const BIRTH_PROVINCES = ['Nam Định', 'Thái Bình', 'Nghệ An', 'Thanh Hoá', 'Hải Dương', 'Bắc Giang', 'Quảng Nam', 'Bình Định', 'Cần Thơ'];

export function personName(random: Random, sex: Sex, family = random.pick(FAMILY)): string {
  const middle = random.pick(MIDDLE[sex]);
  let given = random.pick(GIVEN[sex]);
  // "Trần Phương Phương" is not a name anyone is given.
  while (given === middle) given = random.pick(GIVEN[sex]);
  return `${family} ${middle} ${given}`;
}

export function familyName(random: Random): string {
  return random.pick(FAMILY);
}

export function ethnicity(random: Random): string {
  return random.chance(0.88) ? 'Kinh' : random.pick(ETHNICITIES);
}

export function birthPlace(random: Random, home: string): string {
  return random.chance(0.8) ? home : random.pick(BIRTH_PROVINCES);
}

export function address(random: Random, ward: string | undefined, province: string): string {
  const place = ward ?? `phường ${random.pick(WARDS)}`;
  const lane = random.chance(0.5) ? `ngõ ${random.int(2, 180)}, ` : '';
  return `Số ${random.int(1, 199)}, ${lane}đường ${random.pick(STREETS)}, ${place}, ${province}`;
}

/** dd/MM/yyyy of a random day of `year`. */
export function dayOf(random: Random, year: number, months: readonly [number, number] = [1, 12], days: readonly [number, number] = [1, 28]): string {
  const month = random.int(months[0], months[1]);
  const day = random.int(days[0], days[1]);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/**
 * A 12-digit personal identification number (CCCD) consistent with the person: 3 digits of the birth
 * province, the century-and-sex digit, the last two digits of the birth year, then 6 random digits.
 */
export function personalIdOf(random: Random, provinceCode: string, birthYear: number, sex: Sex): string {
  const century = (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'Nữ' ? 1 : 0);
  return `0${provinceCode}${century}${String(birthYear % 100).padStart(2, '0')}${random.digits(6)}`;
}
