// The one mask of personal ids over a JSON value (SPEC §9): every string leaf, keys kept, shapes kept — including
// after issue 13 made the walk cheaper (no regex on text without `CCCD:`, a plain loop instead of fromEntries).
import { describe, expect, it } from 'vitest';
import { maskPersonalIdsIn, maskPersonalIdsInText } from '../../../api/record/personal-ids.ts';

describe('maskPersonalIdsIn', () => {
  it('masks CCCD-labelled digits and known ids in every string leaf, nested in objects and arrays', () => {
    const value = {
      subject: 'UID=CCCD:001209012345, CN=Nguyễn Văn A',
      signatures: [{ signer: { personalId: '079301004321', note: 'id 079301004321 again' } }, null, 7, true],
      plain: 'nothing to hide',
    };
    expect(maskPersonalIdsIn(value, ['079301004321'])).toEqual({
      subject: 'UID=CCCD:********2345, CN=Nguyễn Văn A',
      signatures: [{ signer: { personalId: '********4321', note: 'id ********4321 again' } }, null, 7, true],
      plain: 'nothing to hide',
    });
  });

  it('keeps a `__proto__` key of parsed JSON as an own property, masked, and never as the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "CCCD:001209012345"}, "a": 1}') as Record<string, unknown>;
    const masked = maskPersonalIdsIn(parsed);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.keys(masked)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(masked)).toBe('{"__proto__":{"polluted":"CCCD:********2345"},"a":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('returns text without a label or a known id unchanged', () => {
    const text = 'Điểm trung bình 8.5, số 123456789012 không có nhãn';
    expect(maskPersonalIdsInText(text)).toBe(text);
    expect(maskPersonalIdsInText(text, ['123456789012'])).toBe('Điểm trung bình 8.5, số ********9012 không có nhãn');
  });
});
