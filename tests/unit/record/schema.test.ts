import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import {
  CRITERION_LEVELS, GENERAL_COMPETENCES, PRIMARY_TITLES, PROMOTIONS, primarySubjectsOf, QUALITIES, RATINGS, SECONDARY_TITLES,
  secondarySubjectsOf, specificCompetencesOf, YEAR_RESULTS,
} from '../../../api/record/index.ts';
import { edit, sampleXml } from './helpers.ts';

const XSD_TEXT = readFileSync(new URL('../../../schema/hocba-1.xsd', import.meta.url), 'utf8');
const schema = XmlDocument.fromString(XSD_TEXT);
const validator = XsdValidator.fromDoc(schema);
afterAll(() => {
  validator.dispose();
  schema.dispose();
});

/** Null when the document is valid against schema/hocba-1.xsd, else libxml2's message. */
function schemaError(xml: string): string | null {
  const document = XmlDocument.fromString(xml);
  try {
    validator.validate(document);
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    document.dispose();
  }
}

const SIGNATURE = '<DSCKS><CKS><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="S1"><ds:SignedInfo/></ds:Signature></CKS></DSCKS>';

describe('schema/hocba-1.xsd', () => {
  it.each(Array.from({ length: 12 }, (_, i) => i + 1))('accepts samples of grade %i', (grade) => {
    for (const seed of [1, 2, 3, 4, 5]) expect(schemaError(sampleXml(grade, seed)), `seed ${seed}`).toBeNull();
  });

  it('accepts signatures in CKS slots, one per slot', () => {
    expect(schemaError(sampleXml(11, 1).replace('</HocBaSo>', `${SIGNATURE}</HocBaSo>`))).toBeNull();
    const twoInOne = SIGNATURE.replace('</CKS>', '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></CKS>');
    expect(schemaError(sampleXml(11, 1).replace('</HocBaSo>', `${twoInOne}</HocBaSo>`))).not.toBeNull();
  });

  it.each([
    ['an ISO date', /<NgaySinh>[^<]+</, '<NgaySinh>2015-10-07<'],
    ['a missing Id', /<DuLieu Id="[^"]+">/, '<DuLieu>'],
    ['a decimal comma', /<DiemHK1>(\d+)\.(\d)</, '<DiemHK1>$1,$2<'],
    ['an unknown subject code', /<MaMon>TOAN</, '<MaMon>MATH<'],
    ['elements out of order', /(<HoTen>[^<]+<\/HoTen>)(\s*)(<NgaySinh>[^<]+<\/NgaySinh>)/, '$3$2$1'],
    ['an unknown element', /<DanToc>/, '<TonGiao>Không</TonGiao><DanToc>'],
    ['a fifth continuous score', /<DiemGK>/, '<DiemTX>9</DiemTX><DiemGK>'],
    ['a learning result off the scale', /(<HocTap>\s*<HK1>)[^<]+</, '$1Giỏi<'],
    ['another version', /PhienBan="1.0"/, 'PhienBan="2.0"'],
  ])('refuses %s', (_name, pattern, replacement) => {
    expect(schemaError(edit(sampleXml(9, 2), pattern, replacement))).not.toBeNull();
  });

  it('refuses a primary subject with a secondary average', () => {
    expect(schemaError(edit(sampleXml(4, 2), /<\/MucDat>/, '</MucDat><DiemCN>8.0</DiemCN>'))).not.toBeNull();
  });

  it('lists exactly the codes and values of the vocabulary and scales', () => {
    const enumerationOf = (type: string) => {
      const body = new RegExp(`<xs:simpleType name="${type}">([\\s\\S]*?)</xs:simpleType>`).exec(XSD_TEXT)![1]!;
      return [...body.matchAll(/<xs:enumeration value="([^"]+)"\/>/g)].map((match) => match[1]).sort();
    };
    const subjects = new Set([1, 2, 3, 4, 5].flatMap((g) => primarySubjectsOf(g).map((s) => s.code)));
    for (const level of ['THCS', 'THPT'] as const) secondarySubjectsOf(level).forEach((s) => subjects.add(s.code));
    expect(enumerationOf('MaMonType')).toEqual([...subjects].sort());
    const criteria = [...QUALITIES, ...GENERAL_COMPETENCES, ...specificCompetencesOf(5)].map((c) => c.code);
    expect(enumerationOf('MaChiTieuType')).toEqual(criteria.sort());
    expect(enumerationOf('MucDatChiTieuType')).toEqual([...CRITERION_LEVELS].sort());
    expect(enumerationOf('DanhGiaCuoiNamType')).toEqual([...YEAR_RESULTS].sort());
    expect(enumerationOf('DanhHieuType')).toEqual([...new Set([...PRIMARY_TITLES, ...SECONDARY_TITLES])].sort());
    expect(enumerationOf('MucKetQuaType')).toEqual([...RATINGS].sort());
    expect(enumerationOf('XetLenLopType')).toEqual([...PROMOTIONS].sort());
  });
});
