// The portal's two languages: Vietnamese first (text-vi.ts), English beside it (text-en.ts), picked by the URL (/en/…).
import { langOfPath, type Lang } from './paths.ts';
import { en } from './text-en.ts';
import { vi, type Text } from './text-vi.ts';

export type { Lang } from './paths.ts';
export type { Text } from './text-vi.ts';

export const LANGS: readonly Lang[] = ['vi', 'en'];

export function textOf(lang: Lang): Text {
  return lang === 'en' ? en : vi;
}

/** The language of a request: `/en/…` is English, everything else Vietnamese. */
export function langOfUrl(url: URL): Lang {
  return langOfPath(url.pathname);
}
