// Sealed copies and the upload check that trusts only the seal (issue 15): GET /records/{code}/pdf with a seal
// configured, then POST /verify on the genuine copy and on every way to fake or alter one. Only the genuine copy
// is green; each other file gets its reason from the closed list. The registry signs a log, so the genuine copy also
// carries the record's log proof as an attachment (inside the sealed update): it stays genuine with it.
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import { createAnswers, renderRecordPdf, sealFromPem, type HocBaRecord, type Sealer } from '../../../api/index.ts';
import { createUploadVerifier } from '../../../api/server/verify-upload.ts';
import { databasesUnderTest } from '../../helpers/database.ts';
import { makeFixtures, SCHOOLS, type Fixtures } from '../../helpers/signed-records.ts';
import { appendInfoUpdate, pdfAttachments } from '../../unit/render/tools.ts';
import { generateNoteKey, logIdentityOf } from '../../../api/index.ts';
import { bearer, json, openApi, PUBLIC_URL, type Api } from './setup.ts';

let fx: Fixtures;
let seal: Sealer;
let foreign: Sealer;
beforeAll(async () => {
  fx = await makeFixtures();
  const sealer = (name: string): Sealer => {
    const entity = fx.pki.entities[name]!;
    return { key: sealFromPem({ keyPem: entity.keyPem, certPem: entity.certPem, chainPem: entity.chainPem }) };
  };
  seal = sealer('registry-seal-ec');
  // A school's certificate chains to the same trusted root: valid, but not the registry's seal.
  foreign = sealer('school-a');
});

describe.each(databasesUnderTest())('sealed copies and the upload check on $name', ({ open }) => {
  let database: Database;
  let api: Api;
  let app: Api['app'];
  let code: string;
  let genuine: Uint8Array;
  let copyNumber: number;

  const check = async (bytes: Uint8Array) => {
    const response = await app.request('/api/v1/verify', { method: 'POST', body: Buffer.from(bytes), headers: { 'Content-Type': 'application/pdf' } });
    expect(response.status).toBe(200);
    return await response.json() as { status: string; pdf: { genuine: boolean; seal: { state: string; signer: string | null }; reason: { code: string; message: string } | null; copyNumber: number | null; copy: unknown } };
  };

  beforeAll(async () => {
    ({ database, api } = await openApi(open, fx, { log: logIdentityOf(generateNoteKey('hocba.example.vn/log').signerKey) }));
    const uploads = createUploadVerifier({ registry: api.registry, workers: 0 });
    app = api.appWith({
      answers: createAnswers({ registry: api.registry, verifyUpload: uploads.verifyUpload, origin: () => PUBLIC_URL, clock: () => api.clock.now, seal }),
    });
    const response = await app.request('/api/v1/packages', json({ package: await fx.packaged(SCHOOLS.b, 611) }, bearer(api.tokens.b)));
    expect(response.status).toBe(201);
    code = ((await response.json()) as { lookupCode: string }).lookupCode;
    expect(await api.registry.log.integrate()).not.toBeNull();
    const download = await app.request(`/api/v1/records/${code}/pdf`);
    expect(download.headers.get('x-copy-sealed')).toBe('true');
    expect(download.headers.get('x-copy-log-proof')).toBe(String((await api.registry.log.proofs(code)).entries.find((entry) => entry.kind === 'accepted')!.index));
    copyNumber = Number(download.headers.get('x-copy-number'));
    genuine = new Uint8Array(await download.arrayBuffer());
  });
  afterAll(() => database?.close());

  it('calls the copy it issued genuine: copy N of record X issued at T, with the record\'s status now', async () => {
    const answer = await check(genuine);
    expect(answer).toMatchObject({
      status: 'not_locked',
      pdf: { lookupCode: code, copyNumber, genuine: true, reason: null, copy: { issuedAt: expect.any(String) }, seal: { state: 'valid' } },
      record: { lookupCode: code, status: 'not_locked' },
    });
    expect(answer.pdf.seal.signer).toContain('Cổng Học bạ số');
    // The copy carries the acceptance proof the proof route serves, byte for byte.
    const served = await (await app.request(`/api/v1/records/${code}/proof?format=tlog-proof`)).text();
    expect([...pdfAttachments(genuine)].map(([name, bytes]) => [name, bytes.toString('utf8')])).toEqual([[`hoc-ba-${code}.tlog-proof`, served]]);
  });

  it('numbers the next copy and seals it too (stamped on the body kept from the first)', async () => {
    const second = await app.request(`/api/v1/records/${code}/pdf`);
    expect(Number(second.headers.get('x-copy-number'))).toBe(copyNumber + 1);
    expect((await check(new Uint8Array(await second.arrayBuffer()))).pdf).toMatchObject({ genuine: true, copyNumber: copyNumber + 1 });
  });

  it('never calls a forged PDF with the copy\'s metadata genuine: no seal → pdf_seal_missing', async () => {
    const view = (await api.registry.getRecord(code))!;
    const forged = await renderRecordPdf({
      record: view.content as HocBaRecord, status: 'valid', signatures: [], recordUrl: `${PUBLIC_URL}/tra-cuu/${code}`, copy: { number: copyNumber, issuedAt: new Date() },
    });
    const answer = await check(forged);
    // It names the record and a copy number the registry did issue, and is still not genuine.
    expect(answer).toMatchObject({ status: 'indeterminate', pdf: { genuine: false, copyNumber, copy: { issuedAt: expect.any(String) }, seal: { state: 'none' }, reason: { code: 'pdf_seal_missing' } } });
  });

  it('finds one changed byte: pdf_seal_broken, invalid', async () => {
    const tampered = Buffer.from(genuine);
    const at = tampered.indexOf('stream\n', 2000, 'latin1') + 20;
    tampered[at] = tampered[at]! ^ 0x01;
    expect(await check(tampered)).toMatchObject({ status: 'invalid', pdf: { genuine: false, seal: { state: 'broken' }, reason: { code: 'pdf_seal_broken' } } });
  });

  it('finds an incremental update appended after the seal: pdf_changed_after_seal, invalid', async () => {
    const answer = await check(appendInfoUpdate(genuine, 'Ban sao so 99'));
    expect(answer).toMatchObject({ status: 'invalid', pdf: { genuine: false, seal: { state: 'changed' }, reason: { code: 'pdf_changed_after_seal' } } });
  });

  it('finds a truncated copy: pdf_changed_after_seal, invalid', async () => {
    const answer = await check(genuine.subarray(0, genuine.length - 40));
    expect(answer).toMatchObject({ status: 'invalid', pdf: { genuine: false, reason: { code: 'pdf_changed_after_seal' } } });
  });

  it('finds a copy re-saved by a PDF editor (pdf-lib load + save): not genuine, invalid', async () => {
    const resaved = await (await PDFDocument.load(genuine, { updateMetadata: false })).save({ useObjectStreams: false });
    const answer = await check(resaved);
    expect(answer.status).toBe('invalid');
    expect(answer.pdf.genuine).toBe(false);
    expect(['pdf_changed_after_seal', 'pdf_seal_broken']).toContain(answer.pdf.reason?.code);
  });

  it('finds a valid signature by someone else (a school certificate under the same root): pdf_seal_foreign, invalid', async () => {
    const view = (await api.registry.getRecord(code))!;
    const other = await renderRecordPdf({
      record: view.content as HocBaRecord, status: 'valid', signatures: [], recordUrl: `${PUBLIC_URL}/tra-cuu/${code}`,
      copy: { number: copyNumber, issuedAt: new Date() }, seal: foreign,
    });
    const answer = await check(other);
    expect(answer).toMatchObject({ status: 'invalid', pdf: { genuine: false, seal: { state: 'foreign' }, reason: { code: 'pdf_seal_foreign' } } });
    expect(answer.pdf.reason!.message).toContain('Trường Tiểu học Kim Đồng');
  });

  it('refuses a copy number the registry never issued, even under its own seal: pdf_copy_unknown, invalid', async () => {
    const view = (await api.registry.getRecord(code))!;
    const unlogged = await renderRecordPdf({
      record: view.content as HocBaRecord, status: 'valid', signatures: [], recordUrl: `${PUBLIC_URL}/tra-cuu/${code}`,
      copy: { number: copyNumber + 500, issuedAt: new Date() }, seal,
    });
    expect(await check(unlogged)).toMatchObject({ status: 'invalid', pdf: { genuine: false, seal: { state: 'valid' }, reason: { code: 'pdf_copy_unknown' } } });
  });

  it('does not trust a registry whose seal changed: the old copy is then foreign unless its certificate is kept as former', async () => {
    const uploads = createUploadVerifier({ registry: api.registry, workers: 0 });
    const base = { registry: api.registry, verifyUpload: uploads.verifyUpload, origin: () => PUBLIC_URL, clock: () => api.clock.now };
    const rotated = api.appWith({ answers: createAnswers({ ...base, seal: foreign }) });
    const ask = async (which: Api['app']) => (await (await which.request('/api/v1/verify', { method: 'POST', body: Buffer.from(genuine), headers: { 'Content-Type': 'application/pdf' } })).json()) as { pdf: { genuine: boolean } };
    expect((await ask(rotated)).pdf.genuine).toBe(false);
    const remembering = api.appWith({ answers: createAnswers({ ...base, seal: foreign, formerSeals: [seal.key.cert] }) });
    expect((await ask(remembering)).pdf.genuine).toBe(true);
  });
});
