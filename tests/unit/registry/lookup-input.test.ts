// The registry reads lookup codes through the record module's one reader (parseLookupInput), forgiveness included.
import { describe, expect, it } from 'vitest';
import { requireLookupCode } from '../../../api/registry/context.ts';
import { normalizeLookupCode } from '../../../api/record/lookup-code.ts';

const CODE = '0F8B2C1E7D3A4B9EA1C23D4E5F607182';

describe('registry lookup-code reading', () => {
  it('forgives a printed line, a URL and O/I/L as SPEC §9 says', () => {
    expect(normalizeLookupCode('Mã tra cứu: 0F8B 2C1E 7D3A 4B9E A1C2 3D4E 5F60 7182')).toBe(CODE);
    expect(normalizeLookupCode(`https://hocba.example.vn/tra-cuu/${CODE.toLowerCase()}`)).toBe(CODE);
    expect(requireLookupCode('OF8B 2CIE 7D3A 4B9E AlC2 3D4E 5F6O 7182')).toBe(CODE);
  });

  it('throws lookup_code_invalid with the precise reason in its params', () => {
    expect(() => requireLookupCode(CODE.slice(4))).toThrow(expect.objectContaining({
      code: 'lookup_code_invalid', params: { reason: 'lookup_input_too_short', length: 28, expected: 32 },
    }));
    expect(() => requireLookupCode(`${CODE.slice(0, 9)}G${CODE.slice(10)}`)).toThrow(expect.objectContaining({
      code: 'lookup_code_invalid', params: { reason: 'lookup_input_character', character: 'G', codePoint: 'U+0047', position: 10 },
    }));
  });
});
