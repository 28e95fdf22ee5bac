// Province codes a record may carry: the 63-province codes of older records; the 34 of 1/7/2025 are among them.

// Decision 19/2025/QĐ-TTg kept, for each merged province, the code of one of the provinces it absorbed,
// so the old list covers both the records issued before and after the merger.
const PROVINCE_CODES = new Set([
  '01', '02', '04', '06', '08', '10', '11', '12', '14', '15', '17', '19', '20', '22', '24', '25', '26', '27', '30',
  '31', '33', '34', '35', '36', '37', '38', '40', '42', '44', '45', '46', '48', '49', '51', '52', '54', '56', '58',
  '60', '62', '64', '66', '67', '68', '70', '72', '74', '75', '77', '79', '80', '82', '83', '84', '86', '87', '89',
  '91', '92', '93', '94', '95', '96',
]);

/** The 34 provinces since 1/7/2025, with the names the sample generator and the documentation use. */
export const PROVINCES_2025: Readonly<Record<string, string>> = {
  '01': 'Hà Nội', '04': 'Cao Bằng', '08': 'Tuyên Quang', '11': 'Điện Biên', '12': 'Lai Châu', '14': 'Sơn La',
  '15': 'Lào Cai', '19': 'Thái Nguyên', '20': 'Lạng Sơn', '22': 'Quảng Ninh', '24': 'Bắc Ninh', '25': 'Phú Thọ',
  '31': 'Hải Phòng', '33': 'Hưng Yên', '37': 'Ninh Bình', '38': 'Thanh Hoá', '40': 'Nghệ An', '42': 'Hà Tĩnh',
  '44': 'Quảng Trị', '46': 'Huế', '48': 'Đà Nẵng', '51': 'Quảng Ngãi', '52': 'Gia Lai', '56': 'Khánh Hoà',
  '66': 'Đắk Lắk', '68': 'Lâm Đồng', '75': 'Đồng Nai', '79': 'Thành phố Hồ Chí Minh', '80': 'Tây Ninh',
  '82': 'Đồng Tháp', '86': 'Vĩnh Long', '91': 'An Giang', '92': 'Cần Thơ', '96': 'Cà Mau',
};

export function isProvinceCode(code: string): boolean {
  return PROVINCE_CODES.has(code);
}
