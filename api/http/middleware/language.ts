// The language of error messages: `?lang=en|vi`, else the preferred of vi/en in Accept-Language, else Vietnamese.
import type { MiddlewareHandler } from 'hono';
import type { Lang } from '../../index.ts';
import type { AppEnv } from '../types.ts';

export function language({ fallback = 'vi' as Lang } = {}): MiddlewareHandler<AppEnv> {
  return async function chooseLanguage(c, next) {
    c.set('lang', languageOf(c.req.query('lang'), c.req.header('accept-language')) ?? fallback);
    await next();
  };
}

export function languageOf(query: string | undefined, acceptLanguage: string | undefined): Lang | null {
  if (query === 'en' || query === 'vi') return query;
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage.split(',').slice(0, 20).map((part, index) => {
    const [tag = '', ...attributes] = part.trim().toLowerCase().split(';');
    const q = Number(attributes.find((attribute) => attribute.trim().startsWith('q='))?.trim().slice(2) ?? '1');
    return { primary: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, index };
  }).filter((entry) => entry.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
  const found = ranked.find((entry) => entry.primary === 'vi' || entry.primary === 'en');
  return (found?.primary as Lang | undefined) ?? null;
}
