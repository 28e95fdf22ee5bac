import { makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';
import { buildDocument } from '../api/xml/parser.ts';
import { DEFAULT_XML_LIMITS, parseXml } from '../api/xml/index.ts';
import { DOMParser } from '@xmldom/xmldom';
const fx = await makeFixtures();
const xml = await fx.signed(SCHOOLS.c, 1);
const bytes = Buffer.from(xml);
function ms(label: string, run: () => unknown) {
  for (let i = 0; i < 300; i++) run();
  let best = Infinity;
  for (let b = 0; b < 60; b++) { const n = 30; const t = performance.now(); for (let i = 0; i < n; i++) run(); best = Math.min(best, (performance.now() - t) / n); }
  console.log(label.padEnd(30), (best * 1000).toFixed(1), 'µs');
}
ms('buildDocument(bytes)', () => buildDocument(xml, DEFAULT_XML_LIMITS, bytes));
ms('parseXml(string)', () => parseXml(xml));
ms('parseXml(bytes)', () => parseXml(bytes));
ms('xmldom', () => new DOMParser().parseFromString(xml, 'text/xml'));
