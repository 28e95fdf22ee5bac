// Province codes a record may carry, and what each meant when: one table with effective dates. Resolution
// 202/2025/QH15 merged the 63 provinces into 34 from 1/7/2025, and Decision 19/2025/QĐ-TTg gave each merged province
// the code of one of the provinces it absorbed — not always its namesake's: 24 was Bắc Giang and is now Bắc Ninh, 52
// was Bình Định and is now Gia Lai. A code is therefore read at the record's date, and an old record keeps the name
// its school had when it signed ("Bình Dương, nay thuộc TP Hồ Chí Minh").

export interface ProvinceEra {
  readonly code: string;
  /** The name in force in this era (as the sample generator and documentation write it). */
  readonly name: string;
  /** The name after "TP" when the full name already says "Thành phố" (only Hồ Chí Minh is written so). */
  readonly short?: string;
  readonly city: boolean;
  /** First day in force (Vietnam time), `YYYY-MM-DD`; null: before any record. */
  readonly from: string | null;
  /** First day no longer in force; null: still in force. */
  readonly until: string | null;
  /** For an era before 1/7/2025: the code of the province it is part of since. */
  readonly successor?: string;
}

const MERGER = '2025-07-01';
// Resolution 1314/NQ-UBTVQH15: Thừa Thiên Huế became the centrally governed city of Huế on 1/1/2025.
const HUE_CITY = '2025-01-01';

/** The 34 provinces since 1/7/2025 and the old provinces each took in (old codes), Resolution 202/2025/QH15. */
const MERGED: ReadonlyArray<readonly [code: string, name: string, city: boolean, absorbed: readonly string[]]> = [
  ['01', 'Hà Nội', true, ['01']], ['04', 'Cao Bằng', false, ['04']], ['08', 'Tuyên Quang', false, ['08', '02']],
  ['11', 'Điện Biên', false, ['11']], ['12', 'Lai Châu', false, ['12']], ['14', 'Sơn La', false, ['14']],
  ['15', 'Lào Cai', false, ['10', '15']], ['19', 'Thái Nguyên', false, ['19', '06']], ['20', 'Lạng Sơn', false, ['20']],
  ['22', 'Quảng Ninh', false, ['22']], ['24', 'Bắc Ninh', false, ['27', '24']], ['25', 'Phú Thọ', false, ['25', '26', '17']],
  ['31', 'Hải Phòng', true, ['31', '30']], ['33', 'Hưng Yên', false, ['33', '34']], ['37', 'Ninh Bình', false, ['37', '35', '36']],
  ['38', 'Thanh Hoá', false, ['38']], ['40', 'Nghệ An', false, ['40']], ['42', 'Hà Tĩnh', false, ['42']],
  ['44', 'Quảng Trị', false, ['45', '44']], ['46', 'Huế', true, ['46']], ['48', 'Đà Nẵng', true, ['48', '49']],
  ['51', 'Quảng Ngãi', false, ['51', '62']], ['52', 'Gia Lai', false, ['64', '52']], ['56', 'Khánh Hoà', false, ['56', '58']],
  ['66', 'Đắk Lắk', false, ['66', '54']], ['68', 'Lâm Đồng', false, ['68', '67', '60']], ['75', 'Đồng Nai', false, ['75', '70']],
  ['79', 'Thành phố Hồ Chí Minh', true, ['79', '74', '77']], ['80', 'Tây Ninh', false, ['72', '80']],
  ['82', 'Đồng Tháp', false, ['87', '82']], ['86', 'Vĩnh Long', false, ['86', '83', '84']], ['91', 'An Giang', false, ['89', '91']],
  ['92', 'Cần Thơ', true, ['92', '94', '93']], ['96', 'Cà Mau', false, ['96', '95']],
];

/** The 63 provinces before 1/7/2025 (Decision 124/2004/QĐ-TTg codes). */
const BEFORE: ReadonlyArray<readonly [code: string, name: string, city?: true]> = [
  ['01', 'Hà Nội', true], ['02', 'Hà Giang'], ['04', 'Cao Bằng'], ['06', 'Bắc Kạn'], ['08', 'Tuyên Quang'], ['10', 'Lào Cai'],
  ['11', 'Điện Biên'], ['12', 'Lai Châu'], ['14', 'Sơn La'], ['15', 'Yên Bái'], ['17', 'Hoà Bình'], ['19', 'Thái Nguyên'],
  ['20', 'Lạng Sơn'], ['22', 'Quảng Ninh'], ['24', 'Bắc Giang'], ['25', 'Phú Thọ'], ['26', 'Vĩnh Phúc'], ['27', 'Bắc Ninh'],
  ['30', 'Hải Dương'], ['31', 'Hải Phòng', true], ['33', 'Hưng Yên'], ['34', 'Thái Bình'], ['35', 'Hà Nam'], ['36', 'Nam Định'],
  ['37', 'Ninh Bình'], ['38', 'Thanh Hoá'], ['40', 'Nghệ An'], ['42', 'Hà Tĩnh'], ['44', 'Quảng Bình'], ['45', 'Quảng Trị'],
  ['48', 'Đà Nẵng', true], ['49', 'Quảng Nam'], ['51', 'Quảng Ngãi'], ['52', 'Bình Định'], ['54', 'Phú Yên'],
  ['56', 'Khánh Hoà'], ['58', 'Ninh Thuận'], ['60', 'Bình Thuận'], ['62', 'Kon Tum'], ['64', 'Gia Lai'], ['66', 'Đắk Lắk'],
  ['67', 'Đắk Nông'], ['68', 'Lâm Đồng'], ['70', 'Bình Phước'], ['72', 'Tây Ninh'], ['74', 'Bình Dương'], ['75', 'Đồng Nai'],
  ['77', 'Bà Rịa - Vũng Tàu'], ['79', 'Thành phố Hồ Chí Minh', true], ['80', 'Long An'], ['82', 'Tiền Giang'], ['83', 'Bến Tre'],
  ['84', 'Trà Vinh'], ['86', 'Vĩnh Long'], ['87', 'Đồng Tháp'], ['89', 'An Giang'], ['91', 'Kiên Giang'], ['92', 'Cần Thơ', true],
  ['93', 'Hậu Giang'], ['94', 'Sóc Trăng'], ['95', 'Bạc Liêu'], ['96', 'Cà Mau'],
];

const successorOf = new Map(MERGED.flatMap(([code, , , absorbed]) => absorbed.map((old) => [old, code] as const)));
const short = (name: string) => (name === 'Thành phố Hồ Chí Minh' ? { short: 'Hồ Chí Minh' } : {});

/** Every code and what it meant when, oldest first. */
export const PROVINCE_ERAS: readonly ProvinceEra[] = [
  ...BEFORE.flatMap(([code, name, city]): ProvinceEra[] => (code === '46' ? [] : [
    { code, name, ...short(name), city: city === true, from: null, until: MERGER, successor: successorOf.get(code)! },
  ])),
  { code: '46', name: 'Thừa Thiên Huế', city: false, from: null, until: HUE_CITY, successor: '46' },
  { code: '46', name: 'Huế', city: true, from: HUE_CITY, until: MERGER, successor: '46' },
  ...MERGED.map(([code, name, city]): ProvinceEra => ({ code, name, ...short(name), city, from: MERGER, until: null })),
];

/** The 34 provinces since 1/7/2025, with the names the sample generator and the documentation use. */
export const PROVINCES_2025: Readonly<Record<string, string>> = Object.fromEntries(
  PROVINCE_ERAS.filter((era) => era.until === null).map((era) => [era.code, era.name]),
);

const CODES = new Set(PROVINCE_ERAS.map((era) => era.code));

/** A code of the 63 provinces of older records or of the 34 since 1/7/2025 (the 34 reuse 34 of the 63 codes). */
export function isProvinceCode(code: string): boolean {
  return CODES.has(code);
}

export interface ProvinceAt {
  /** The province as it was on that day. */
  readonly then: ProvinceEra;
  /** The province it is part of since 1/7/2025 (the same era when `then` is current). */
  readonly now: ProvinceEra;
  /** `same`: nothing changed since (or only the era's bounds); `renamed`: the same area under a new name; `merged`: part of a larger province. */
  readonly change: 'same' | 'renamed' | 'merged';
}

/**
 * What `code` meant on `day` (a record's date, read in Vietnam time). An old code still written after its era (a
 * school code keeps its old prefix) is read in its last era; a reused code is read in the era of the day.
 */
export function provinceAt(code: string, day: Date): ProvinceAt | null {
  const date = vietnamDate(day);
  const eras = PROVINCE_ERAS.filter((era) => era.code === code);
  const then = eras.find((era) => (era.from === null || era.from <= date) && (era.until === null || date < era.until))
    ?? eras.filter((era) => era.from === null || era.from <= date).at(-1);
  if (!then) return null;
  const now = then.until === null ? then : PROVINCE_ERAS.find((era) => era.until === null && era.code === then.successor)!;
  const absorbed = MERGED.find(([merged]) => merged === now.code)![3].length;
  const change = now.name === then.name ? 'same' : absorbed > 1 ? 'merged' : 'renamed';
  return { then, now, change };
}

/**
 * The province of a record as a person reads it, in the record's own terms first: `Bình Dương, nay thuộc TP Hồ Chí
 * Minh` / `Bình Dương, now part of Hồ Chí Minh City`. Null for a code that never was a province's.
 */
export function provinceLabel(code: string, day: Date, lang: 'vi' | 'en' = 'vi'): string | null {
  const found = provinceAt(code, day);
  if (!found) return null;
  const { then, now, change } = found;
  if (change === 'same') return then.name;
  if (lang === 'en') return `${then.name}, now ${change === 'merged' ? 'part of ' : ''}${englishOf(now)}`;
  return `${then.name}, nay ${change === 'merged' ? 'thuộc' : 'là'} ${vietnameseOf(now)}`;
}

function vietnameseOf(era: ProvinceEra): string {
  return era.city ? `TP ${era.short ?? era.name}` : `tỉnh ${era.name}`;
}

function englishOf(era: ProvinceEra): string {
  return era.city ? `${era.short ?? era.name} City` : `${era.name} province`;
}

// Dates in the table are Vietnam calendar days (UTC+07:00, no daylight saving).
function vietnamDate(day: Date): string {
  return new Date(day.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
