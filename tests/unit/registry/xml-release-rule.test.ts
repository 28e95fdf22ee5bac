// The release decision of the exact XML (SPEC §5, §9): proof of knowledge of the student's 12 digits, a limit.
import { describe, expect, it } from 'vitest';
import { decideXmlRelease, XML_RELEASE_TRIES } from '../../../api/registry/xml-release-rule.ts';
import { maskPersonalId, maskPersonalIdsIn, maskPersonalIdsInText, samePersonalId } from '../../../api/record/personal-ids.ts';

const ID = '001209012345';

describe('decideXmlRelease', () => {
  it('decides every case, the limit before the comparison', () => {
    const cases: [string, string | null, number, string][] = [
      [ID, ID, 0, 'release'],
      ['001 209 012-345', ID, 0, 'release'],
      ['001209012346', ID, 0, 'wrong'],
      ['12345', ID, 0, 'malformed'],
      ['', ID, 0, 'malformed'],
      [ID, ID, XML_RELEASE_TRIES - 1, 'release'],
      [ID, ID, XML_RELEASE_TRIES, 'limited'],
      ['garbage', ID, XML_RELEASE_TRIES, 'limited'],
      [ID, null, 0, 'not_public'],
      [ID, '', 0, 'not_public'],
    ];
    expect(cases.map(([claimed, actual, wrongInWindow]) => decideXmlRelease({ claimed, actual, wrongInWindow })))
      .toEqual(cases.map(([, , , expected]) => expected));
  });

  it('compares in constant time without throwing on other lengths', () => {
    expect(samePersonalId(ID, ID)).toBe(true);
    expect(samePersonalId('0012090123', ID)).toBe(false);
    expect(samePersonalId(`${ID}9`, ID)).toBe(false);
  });
});

describe('one mask', () => {
  it('keeps the last four digits, with one mask character, in text, subjects and JSON', () => {
    expect(maskPersonalId(ID)).toBe('********2345');
    expect(maskPersonalIdsInText('C=VN, UID=CCCD:001090023456, CN=Trần Minh Đức')).toBe('C=VN, UID=CCCD:********3456, CN=Trần Minh Đức');
    const masked = maskPersonalIdsIn({ a: [`x${ID}y`], b: { personalId: '001090023456' }, n: 3 }, [ID, '001090023456']);
    expect(masked).toEqual({ a: ['x********2345y'], b: { personalId: '********3456' }, n: 3 });
  });
});
