// The CLI reaches the front door's budgets through this entry (dependency-cruiser): defaults and the shared store.
export { DEFAULT_HTTP_LIMITS, type HttpLimits } from '../http/types.ts';
export { connectSharedLimits, type SharedLimits } from '../http/shared-limits.ts';
