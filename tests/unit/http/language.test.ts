// The language of API error messages: `?lang=` first, then the preferred of vi/en in Accept-Language, else
// Vietnamese; never a cookie (the API keeps no state in the client).
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { language } from '../../../api/http/middleware/language.ts';
import type { AppEnv } from '../../../api/http/types.ts';

const app = new Hono<AppEnv>().use('*', language()).get('/', (c) => c.text(c.get('language')));

async function chosen(query: string, acceptLanguage?: string): Promise<[string, string | null]> {
  const response = await app.request(`/${query}`, acceptLanguage === undefined ? {} : { headers: { 'Accept-Language': acceptLanguage } });
  return [await response.text(), response.headers.get('set-cookie')];
}

describe('language', () => {
  it('chooses from the query, then Accept-Language by quality and order, else Vietnamese', async () => {
    const cases: Array<[query: string, acceptLanguage: string | undefined, lang: string]> = [
      ['', undefined, 'vi'],
      ['?lang=en', undefined, 'en'],
      ['?lang=vi', 'en', 'vi'],
      ['?lang=fr', 'en-GB', 'en'],
      ['?lang=', 'en', 'en'],
      ['', 'en', 'en'],
      ['', 'en-US,en;q=0.9', 'en'],
      ['', 'vi-VN, en;q=0.8', 'vi'],
      ['', 'fr, en;q=0.5, vi;q=0.8', 'vi'],
      ['', 'fr, en;q=0.8, vi;q=0.5', 'en'],
      ['', 'en, vi', 'en'],
      ['', 'vi;q=0, en;q=0.1', 'en'],
      ['', 'en;q=0', 'vi'],
      ['', 'fr, de', 'vi'],
      ['', '*', 'vi'],
      ['', 'english', 'vi'],
      ['', '', 'vi'],
      ['', ',,;;,', 'vi'],
      // 2,000 entries: read whole (Node caps a request's headers at 16 KiB, so the work is bounded there).
      ['', `${'fr, '.repeat(2000)}en`, 'en'],
    ];
    const answers = [];
    for (const [query, acceptLanguage] of cases) answers.push(await chosen(query, acceptLanguage));
    expect(answers).toEqual(cases.map(([, , lang]) => [lang, null]));
  });
});
