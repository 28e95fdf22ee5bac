import { makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';
import { buildDocument } from '../api/xml/parser.ts';
import { DEFAULT_XML_LIMITS } from '../api/xml/index.ts';
const fx = await makeFixtures();
const xml = await fx.signed(SCHOOLS.c, 1);
const t = performance.now();
for (let i = 0; i < 40000; i++) buildDocument(xml, DEFAULT_XML_LIMITS, true);
console.log((performance.now() - t) / 40000 * 1000, 'µs');
