// The record's status as a person reads it in a second (SPEC §6, §8): one banner kind per situation.
import type { RecordView } from '../../api/index.ts';

export type Banner =
  | { readonly kind: 'in-force'; readonly since: string }
  | { readonly kind: 'not-locked'; readonly until: string }
  | { readonly kind: 'recalled'; readonly at: string | null; readonly reason: string | null }
  | { readonly kind: 'replaced'; readonly by: string | null }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'indeterminate' };

export type BannerKind = Banner['kind'];

/** The stored verdict first (a broken record is broken whatever its lifecycle), then the lifecycle. */
export function toBanner(view: Pick<RecordView, 'status' | 'locked' | 'lockDate' | 'effectiveFrom' | 'recalledAt' | 'recallReason' | 'replacedBy' | 'report'>): Banner {
  if (view.report.verdict === 'invalid') return { kind: 'invalid' };
  if (view.report.verdict === 'indeterminate') return { kind: 'indeterminate' };
  if (view.status === 'recalled') return { kind: 'recalled', at: view.recalledAt, reason: view.recallReason };
  if (view.status === 'replaced') return { kind: 'replaced', by: view.replacedBy };
  if (view.locked) return { kind: 'in-force', since: view.effectiveFrom ?? view.lockDate };
  return { kind: 'not-locked', until: view.lockDate };
}

/** Good news, news to wait for, or a warning: drives colour and icon together (never colour alone). */
export function toneOf(kind: BannerKind): 'good' | 'info' | 'bad' | 'warn' | 'neutral' {
  switch (kind) {
    case 'in-force': return 'good';
    case 'not-locked': return 'info';
    case 'recalled': case 'invalid': return 'bad';
    case 'replaced': return 'warn';
    case 'indeterminate': return 'neutral';
  }
}

/** The bulk table's and CSV's status word for a record (or for a code that found none). */
export type BulkState = 'in_force' | 'not_locked' | 'recalled' | 'replaced' | 'not_found' | 'malformed' | 'invalid' | 'indeterminate';

export function toBulkState(view: RecordView): BulkState {
  const banner = toBanner(view);
  return banner.kind === 'in-force' ? 'in_force' : banner.kind === 'not-locked' ? 'not_locked' : banner.kind;
}
