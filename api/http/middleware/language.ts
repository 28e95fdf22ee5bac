// The language of error messages (c.get('language')): `?lang=en|vi`, else the preferred of vi/en in
// Accept-Language (by quality, then order; `vi-VN` is vi), else Vietnamese. Hono's detector with no cookie:
// the API keeps no state in the client.
import type { MiddlewareHandler } from 'hono';
import { languageDetector } from 'hono/language';
import type { Lang } from '../../index.ts';
import type { AppEnv } from '../types.ts';

const SUPPORTED: Lang[] = ['vi', 'en'];

export function language({ fallback = 'vi' as Lang } = {}): MiddlewareHandler<AppEnv> {
  return languageDetector({
    supportedLanguages: SUPPORTED,
    fallbackLanguage: fallback,
    order: ['querystring', 'header'],
    lookupQueryString: 'lang',
    caches: false,
  }) as MiddlewareHandler<AppEnv>;
}
