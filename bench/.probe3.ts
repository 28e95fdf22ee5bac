import { makeFixtures, SCHOOLS } from '../tests/helpers/signed-records.ts';
const fx = await makeFixtures();
const xml = await fx.signed(SCHOOLS.c, 1);
function ms(label: string, run: () => unknown) {
  for (let i = 0; i < 300; i++) run();
  let best = Infinity;
  for (let b = 0; b < 40; b++) { const n = 50; const t = performance.now(); for (let i = 0; i < n; i++) run(); best = Math.min(best, (performance.now() - t) / n); }
  console.log(label.padEnd(30), (best * 1000).toFixed(1), 'µs');
}
const a = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const b = /[\0-\x08\x0b\x0c\x0e-\x1f]/;
const c = /[\0-\x08\x0b\x0c\x0e-\x1f]/y;
ms('class', () => a.exec(xml));
ms('class C0 only', () => b.exec(xml));
ms('test C0 only', () => b.test(xml));
ms('indexOf fffe+ffff', () => xml.indexOf('\ufffe') + xml.indexOf('\uffff'));
let codes = new Uint16Array(0);
ms('loop', () => { for (let i = 0; i < xml.length; i++) { const c = xml.charCodeAt(i); if (c < 0x20 && c !== 9 && c !== 10 && c !== 13) return i; } return -1; });
ms('loop lt32', () => { let n = 0; for (let i = 0; i < xml.length; i++) { if (xml.charCodeAt(i) < 0x20) n++; } return n; });
const buf = Buffer.from(xml);
ms('buf loop', () => { let n = 0; for (let i = 0; i < buf.length; i++) { if (buf[i]! < 0x20) n++; } return n; });
ms('buf indexOf x29', () => { let n = 0; for (let c = 0; c < 32; c++) if (c !== 9 && c !== 10 && c !== 13) n += buf.indexOf(c); return n; });
