// What every console page reads from its request (issue 20): the session the middleware checked, and the query's
// school year, page number and school code, each validated (a wrong value falls back rather than reaching SQL).
import { schoolYearInProgress } from '../../api/index.ts';
import type { ConsoleState } from './console-guard.ts';

export interface SignedIn {
  readonly state: ConsoleState;
  /** For Base.astro's console header. */
  readonly operator: { name: string; csrf: string };
  /** The journal's name for what this operator does. */
  readonly actor: string;
}

/** The checked session; site/middleware.ts lets no console page run without one (but the sign-in page). */
export function signedIn(state: ConsoleState | undefined): SignedIn {
  if (!state?.operator || state.csrf === null) throw new Error('console page reached without a session (site/middleware.ts)');
  return { state, operator: { name: state.operator.displayName, csrf: state.csrf }, actor: `operator:${state.operator.username}` };
}

export function yearParam(url: URL, now: Date): string {
  const given = url.searchParams.get('nam') ?? '';
  const match = /^(\d{4})-(\d{4})$/.exec(given);
  return match && Number(match[2]) === Number(match[1]) + 1 ? given : schoolYearInProgress(now);
}

/** 1 to 10,000: deeper pages of a province's schools do not exist. */
export function pageParam(url: URL, name = 'trang'): number {
  const page = Number(url.searchParams.get(name) ?? '1');
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}

export function schoolParam(url: URL, name = 'truong'): string | undefined {
  const code = (url.searchParams.get(name) ?? '').trim();
  return /^\d{8}$/.test(code) ? code : undefined;
}
