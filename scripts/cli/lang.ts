// The one language of a command's output (reports, verdicts, error messages): `--lang vi|en`, else the locale of
// the environment as POSIX orders it (LC_ALL, then LC_MESSAGES, then LANG): Vietnamese for vi*, English otherwise.
// Help texts are English only; everything a command reports follows this choice, never both languages mixed.
import type { Lang } from '../../api/errors.ts';

export type { Lang };

export const LANGS: readonly Lang[] = ['vi', 'en'];

export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '') ?? '';
  return /^vi(?:[_.@-]|$)/i.test(locale) ? 'vi' : 'en';
}

/** `--lang` when given (checked by the caller), else the environment's. */
export function langOf(given: unknown, env: NodeJS.ProcessEnv = process.env): Lang {
  return given === 'vi' || given === 'en' ? given : langFromEnv(env);
}

/** A pair of texts, one per language: `say(lang, 'Hợp lệ', 'Valid')`. */
export function say(lang: Lang, vi: string, en: string): string {
  return lang === 'vi' ? vi : en;
}
