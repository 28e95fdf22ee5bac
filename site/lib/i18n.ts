// The portal's two languages: Vietnamese first (text-vi.ts), English beside it (text-en.ts), picked by the URL (/en/…).
import type { Lang } from './paths.ts';
import { en } from './text-en.ts';
import { vi, type Text } from './text-vi.ts';

export type { Lang } from './paths.ts';
export type { Text } from './text-vi.ts';

export function textOf(lang: Lang): Text {
  return lang === 'en' ? en : vi;
}
