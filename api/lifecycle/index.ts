// Record lifecycle (SPEC §8), pure: valid → recalled | replaced before the lock; locked and in force after it.
import { lockDateOf, lockInstantOf, vietnamDateOf, DEFAULT_LOCK_SETTINGS, type LockSettings } from './lock-dates.ts';

export * from './lock-dates.ts';
export * from './admission.ts';
export * from './transfers.ts';
export * from './report-deadlines.ts';

export type RecordStatus = 'valid' | 'recalled' | 'replaced';
/** Codes of api/registry/issues.ts: why a school may no longer act on a record. */
export type LifecycleRefusal = 'locked' | 'already_recalled' | 'already_replaced';
export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: LifecycleRefusal };

/** What the lifecycle needs to know about a record. */
export interface LifecycleRecord {
  readonly status: RecordStatus;
  readonly schoolYear: string;
  /** Reported for the supplementary lock (15/08) instead of the main one (30/06). */
  readonly supplementary: boolean;
}

const ALLOWED: Decision = { allowed: true };

/** The lock date that applies to this record (the last day the school may still correct it). */
export function lockDateOfRecord(record: LifecycleRecord, settings: LockSettings = DEFAULT_LOCK_SETTINGS): string {
  return lockDateOf(record.schoolYear, { supplementary: record.supplementary }, settings);
}

/** Locked from the end of the lock day, Vietnam time (see lockInstantOf). */
export function isLocked(record: LifecycleRecord, now: Date, settings: LockSettings = DEFAULT_LOCK_SETTINGS): boolean {
  return now.getTime() >= lockInstantOf(lockDateOfRecord(record, settings)).getTime();
}

/**
 * Ngày hiệu lực: a valid record is in force from its lock date, and never from before the registry received
 * it (SPEC §8): one accepted after its lock (in a late window) is in force from the day of its acceptance,
 * in Vietnam. A recalled or replaced record never reaches it (both happen only before the lock), so it has none.
 */
export function effectiveFrom(record: LifecycleRecord, receivedAt: Date, settings: LockSettings = DEFAULT_LOCK_SETTINGS): string | null {
  if (record.status !== 'valid') return null;
  const lockDate = lockDateOfRecord(record, settings);
  const received = vietnamDateOf(receivedAt);
  return received > lockDate ? received : lockDate;
}

/** Thu hồi: only a valid record, only before its lock. */
export function canRecall(record: LifecycleRecord, now: Date, settings: LockSettings = DEFAULT_LOCK_SETTINGS): Decision {
  return canLeaveValid(record, now, settings);
}

/** Thay thế: the same rule as recall; the successor's own checks belong to ingest. */
export function canReplace(record: LifecycleRecord, now: Date, settings: LockSettings = DEFAULT_LOCK_SETTINGS): Decision {
  return canLeaveValid(record, now, settings);
}

// The state is checked before the date: "already recalled" tells the school more than "locked".
function canLeaveValid(record: LifecycleRecord, now: Date, settings: LockSettings): Decision {
  if (record.status === 'recalled') return { allowed: false, reason: 'already_recalled' };
  if (record.status === 'replaced') return { allowed: false, reason: 'already_replaced' };
  if (isLocked(record, now, settings)) return { allowed: false, reason: 'locked' };
  return ALLOWED;
}
