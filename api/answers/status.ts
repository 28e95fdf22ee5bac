// The one status vocabulary of every public answer (SPEC §6): API, portal, bulk CSV and `hocba verify --url`.
import type { RecordView } from '../registry/types.ts';
import type { Verdict } from '../verify/report.ts';

export const PUBLIC_STATUSES = ['in_force', 'not_locked', 'recalled', 'replaced', 'invalid', 'indeterminate', 'not_found'] as const;
export type PublicStatus = typeof PUBLIC_STATUSES[number];

/** Good news, news to wait for, a warning or a refusal: drives colour and icon together (never colour alone). */
export type Tone = 'good' | 'info' | 'warn' | 'bad' | 'neutral';

/**
 * A registered record's status: the stored verdict first (a broken record is broken whatever its lifecycle),
 * then the lifecycle (SPEC §8), then the lock: valid and locked is in force, valid before the lock is not_locked.
 */
export function statusOfRecord(view: Pick<RecordView, 'status' | 'locked' | 'report'>): PublicStatus {
  if (view.report.verdict !== 'valid') return view.report.verdict;
  if (view.status === 'recalled' || view.status === 'replaced') return view.status;
  return view.locked ? 'in_force' : 'not_locked';
}

export function toneOf(status: PublicStatus): Tone {
  switch (status) {
    case 'in_force': return 'good';
    case 'not_locked': return 'info';
    case 'replaced': return 'warn';
    case 'recalled': case 'invalid': case 'not_found': return 'bad';
    case 'indeterminate': return 'neutral';
  }
}

/**
 * `hocba verify` exit status (SPEC §4): 0 when the file is valid and the registry holds it in force or not yet
 * locked, 2 when it could not be decided, 1 otherwise (invalid, recalled, replaced, not registered).
 */
export function exitCodeOf(status: PublicStatus): 0 | 1 | 2 {
  if (status === 'in_force' || status === 'not_locked') return 0;
  return status === 'indeterminate' ? 2 : 1;
}

/** The offline `hocba verify` (no registry): the engine's verdict only. */
export function exitCodeOfVerdict(verdict: Verdict): 0 | 1 | 2 {
  return verdict === 'valid' ? 0 : verdict === 'invalid' ? 1 : 2;
}
