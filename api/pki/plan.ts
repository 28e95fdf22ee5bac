// What the test PKI holds: every entity with its issuer, subject, key, validity and defect (SPEC §4 `hocba pki init`).

export type KeySpec = 'RSA 1024' | 'RSA 2048' | 'RSA 3072' | 'ECDSA P-256';
/** `registry-seal`: the Sở's organisation certificate that seals the registry's PDF copies (PAdES). */
export type EntityRole = 'root-ca' | 'issuing-ca' | 'school' | 'principal' | 'homeroom-teacher' | 'registry-seal';
/** Why a failure-case entity exists; tests and demos pick entities by it. */
export type Defect = 'revoked' | 'expired' | 'not-yet-valid' | 'untrusted' | 'weak-key' | 'no-signing-usage';

export interface SubjectPlan {
  readonly ST?: string;
  readonly O: string;
  readonly T?: string;
  /** `MST:<tax code>` for an organisation, `CCCD:<12 digits>` for a person. */
  readonly UID?: string;
  readonly CN: string;
}

export interface EntityPlan {
  readonly name: string;
  readonly role: EntityRole;
  /** Name of the issuing entity; null for a self-signed root. */
  readonly issuer: string | null;
  readonly subject: SubjectPlan;
  readonly schoolCode?: string;
  readonly key: KeySpec;
  /** Validity in days relative to `now`. */
  readonly validDays: readonly [from: number, to: number];
  readonly usage: 'ca' | 'signing' | 'encipherment-only';
  readonly defect?: Defect;
}

const ROOT_O = 'Học bạ số Thử nghiệm';
const HN = 'Hà Nội';
const A = { O: 'Trường Tiểu học Kim Đồng', MST: 'MST:0101234567', code: '01001001' };
const B = { O: 'Trường THCS Giảng Võ', MST: 'MST:0102345678', code: '01001002' };
const C = { O: 'Trường THPT Phan Đình Phùng', MST: 'MST:0103456789', code: '01001003' };

const LEAF = [-30, 730] as const;
const SEAL_SUBJECT: SubjectPlan = { ST: HN, O: 'Sở Giáo dục và Đào tạo Hà Nội', UID: 'MST:0101111111', CN: 'Sở Giáo dục và Đào tạo Hà Nội – Cổng Học bạ số' };
const CA = { usage: 'ca', validDays: [-365, 7300] } as const;

function school(name: string, s: typeof A, key: KeySpec, extra: Partial<EntityPlan> = {}): EntityPlan {
  return {
    name, role: 'school', issuer: 'issuing', key, schoolCode: s.code, validDays: LEAF, usage: 'signing',
    subject: { ST: HN, O: s.O, UID: s.MST, CN: s.O }, ...extra,
  };
}

function person(name: string, role: 'principal' | 'homeroom-teacher', s: typeof A, cn: string, cccd: string,
  key: KeySpec = 'RSA 2048', extra: Partial<EntityPlan> = {}): EntityPlan {
  const title = role === 'principal' ? 'Hiệu trưởng' : 'Giáo viên chủ nhiệm';
  return {
    name, role, issuer: 'issuing', key, schoolCode: s.code, validDays: LEAF, usage: 'signing',
    subject: { ST: HN, O: s.O, T: title, UID: `CCCD:${cccd}`, CN: cn }, ...extra,
  };
}

/** Order matters: an issuer comes before what it issues. */
export const TEST_PKI_PLAN: readonly EntityPlan[] = [
  { name: 'root', role: 'root-ca', issuer: null, key: 'RSA 2048', ...CA,
    subject: { O: ROOT_O, CN: 'Root CA Thử nghiệm Học bạ số' } },
  { name: 'issuing', role: 'issuing-ca', issuer: 'root', key: 'RSA 2048', usage: 'ca', validDays: [-365, 3650],
    subject: { O: ROOT_O, CN: 'CA Thử nghiệm cấp tổ chức và cá nhân' } },
  { name: 'untrusted-root', role: 'root-ca', issuer: null, key: 'RSA 2048', ...CA, defect: 'untrusted',
    subject: { O: 'Tổ chức Không được tin cậy', CN: 'Root CA Không tin cậy (thử nghiệm)' } },
  school('school-a', A, 'RSA 2048'),
  school('school-b', B, 'ECDSA P-256'),
  school('school-c', C, 'RSA 3072'),
  person('principal-a', 'principal', A, 'Nguyễn Thị Thu Hà', '001178012345'),
  person('teacher-a', 'homeroom-teacher', A, 'Trần Minh Đức', '001090023456'),
  person('principal-b', 'principal', B, 'Lê Quang Vinh', '001075034567', 'ECDSA P-256'),
  person('teacher-b', 'homeroom-teacher', B, 'Phạm Thị Ngọc Ánh', '001192045678'),
  person('principal-c', 'principal', C, 'Đỗ Thị Hương', '001172056789'),
  person('teacher-c', 'homeroom-teacher', C, 'Vũ Đình Khôi', '001088067890'),
  person('teacher-revoked', 'homeroom-teacher', A, 'Hoàng Văn Thắng', '001086078901', 'RSA 2048',
    { defect: 'revoked' }),
  school('school-expired', A, 'RSA 2048', { validDays: [-1095, -365], defect: 'expired' }),
  school('school-not-yet-valid', A, 'RSA 2048', { validDays: [365, 1095], defect: 'not-yet-valid' }),
  school('school-untrusted', A, 'RSA 2048', { issuer: 'untrusted-root', defect: 'untrusted' }),
  school('school-weak', A, 'RSA 1024', { defect: 'weak-key' }),
  // The registry's seal (issue 15): the Sở's organisation certificate, RSA for `hocba demo`, ECDSA for the tests of both.
  { name: 'registry-seal', role: 'registry-seal', issuer: 'issuing', key: 'RSA 2048', validDays: LEAF, usage: 'signing', subject: SEAL_SUBJECT },
  { name: 'registry-seal-ec', role: 'registry-seal', issuer: 'issuing', key: 'ECDSA P-256', validDays: LEAF, usage: 'signing', subject: SEAL_SUBJECT },
  school('school-no-signing-usage', A, 'RSA 2048', { usage: 'encipherment-only', defect: 'no-signing-usage' }),
];

export interface CrlPlan {
  readonly name: string;
  readonly issuer: string;
  /** Entities listed as revoked, one day before `now`. */
  readonly revoked: readonly string[];
  /** thisUpdate / nextUpdate in hours relative to `now`. */
  readonly hours: readonly [thisUpdate: number, nextUpdate: number];
}

export const REVOKED_DAYS_AGO = 1;

export const TEST_CRL_PLAN: readonly CrlPlan[] = [
  { name: 'issuing', issuer: 'issuing', revoked: ['teacher-revoked'], hours: [-1, 7 * 24] },
  { name: 'root', issuer: 'root', revoked: [], hours: [-1, 30 * 24] },
  { name: 'issuing-stale', issuer: 'issuing', revoked: [], hours: [-10 * 24, -3 * 24] },
];
