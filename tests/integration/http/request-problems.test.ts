// invalid_request speaks one language: the reason a body is refused is in the message's language, never zod's
// English sentence inside a Vietnamese message (request-problems.ts), and the path names the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures } from '../../helpers/signed-records.ts';
import { bearer, json, openApi, type Api } from './setup.ts';

const fx = await makeFixtures();

// What zod v4 writes ("Invalid input: expected array, received number", "Too big: …", "Unrecognized key…").
const VALIDATOR_ENGLISH = /Invalid input|expected \w+, received|Too (big|small)|Unrecognized key|Malformed JSON/i;

describe.each(databasesUnderTest())('invalid_request messages on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  const push = (body: unknown, lang: 'vi' | 'en') => api.app.request(`/api/v1/packages?lang=${lang}`, json(body, bearer(api.tokens.a)));

  beforeAll(async () => ({ database, api } = await openApi(open, fx)));
  afterAll(() => database?.close());

  it('says a wrong type in the message language, with the field and the expected type', async () => {
    const vi = (await (await push({ packages: 7 }, 'vi')).json()) as { code: string; path: string; message: string };
    expect(vi).toMatchObject({ code: 'invalid_request', path: 'packages' });
    expect(vi.message).toBe('Yêu cầu không hợp lệ tại "packages": sai kiểu dữ liệu, cần một mảng.');
    const en = (await (await push({ packages: 7 }, 'en')).json()) as { message: string };
    expect(en.message).toBe('The request is not valid at "packages": wrong type, expected an array.');
  });

  it('never puts the validator\'s English into a Vietnamese message (type, item, unknown field, malformed JSON)', async () => {
    const bodies: unknown[] = [{ packages: ['a', 7] }, { package: 'a', packages: [] }, { package: 'a', extra: 1 }, {}];
    for (const body of bodies) {
      const answer = (await (await push(body, 'vi')).json()) as { code: string; message: string };
      expect(answer.code).toBe('invalid_request');
      expect(answer.message, JSON.stringify(body)).not.toMatch(VALIDATOR_ENGLISH);
      expect(answer.message).toMatch(/^Yêu cầu không hợp lệ tại "[^"]+": [a-zà-ỹđ]/);
    }
    const malformed = await api.app.request('/api/v1/packages?lang=vi', { method: 'POST', body: '{"package":', headers: bearer(api.tokens.a) });
    const answer = (await malformed.json()) as { message: string };
    expect(answer.message).toBe('Yêu cầu không hợp lệ tại "body": nội dung không phải JSON đọc được.');
  });
});
