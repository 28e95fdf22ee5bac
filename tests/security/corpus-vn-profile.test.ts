// The attack corpus replayed in the Vietnamese XML-DSig profile (issue 16): every recipe that signs is rebuilt with a
// kit whose signer writes profile signatures (our signer, `ds:` prefixed so the recipes' text surgery finds its marks;
// xmlsec1 templates in the profile's shape), and the engine must answer each with the corpus' exact codes and verdict.
// Every recipe carries over unchanged: the profile has no part whose attack answers differently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePackage, parseXml, readEnvelope, signRecord, type IssueCode } from '../../api/index.ts';
import type { Database } from '../../db/client.ts';
import { databasesUnderTest } from '../helpers/database.ts';
import { addSlot, vnTemplate } from '../unit/signature/support/templates.ts';
import { SCHOOL, xmlsecSign, type Kit } from './corpus/kit.ts';
import { RECIPES } from './corpus/recipes.ts';
import { codesOf, loadCorpus, verifyItem } from './support/corpus.ts';
import { openCorpusRegistry, pushRequest, type CorpusRegistry } from './support/registry.ts';

const corpus = loadCorpus();

/** The corpus kit, signing in the profile. */
function profileKit(base: Kit): Kit {
  const kit: Kit = {
    ...base,
    sign(xml, name, role = 'CoSoGiaoDuc', options = {}) {
      const signer = base.entity(name);
      return signRecord(xml, {
        privateKeyPem: signer.keyPem, certificatePem: signer.certPem, chainPem: signer.chainPem, role,
        signingTime: options.signingTime ?? new Date(base.now.getTime() - 60_000), profile: 'vn-xmldsig', dsPrefix: true,
      });
    },
    sealed(seed, options = {}) {
      const school = SCHOOL[options.school ?? 'a'];
      return kit.sign(kit.unsigned(seed, options), school.seal, 'CoSoGiaoDuc');
    },
    xmlsec(xml, name, options = {}, keyArgs) {
      const signer = base.entity(name);
      const slots = readEnvelope(parseXml(xml).document).envelope?.signatures.length ?? 0;
      const contentId = /<DuLieu Id="([^"]+)"/.exec(xml)![1]!;
      const slot = vnTemplate({
        id: `CKS-xmlsec-${slots + 1}`, contentId, dsPrefix: true,
        signingTime: new Date(base.now.getTime() - 60_000).toISOString(),
        ...(options.c14n ? { c14n: options.c14n } : {}),
        ...(options.digest ? { digest: options.digest } : {}),
        ...(options.signatureMethod ? { signatureMethod: options.signatureMethod } : {}),
        ...(options.contentUri !== undefined ? { contentUri: options.contentUri } : {}),
        ...(options.contentTransforms !== undefined ? { contentTransforms: options.contentTransforms } : {}),
        ...(options.extraReferences !== undefined ? { extraReferences: options.extraReferences } : {}),
        ...(options.role !== undefined ? { role: options.role } : {}),
      });
      const chain = signer.chainPath ? `,${signer.chainPath}` : '';
      return xmlsecSign(addSlot(xml, slot), slots + 1, keyArgs ?? ['--privkey-pem', `${signer.keyPath},${signer.certPath}${chain}`]);
    },
  };
  return kit;
}

const kit = profileKit(corpus.kit);
const replayed = RECIPES.filter((recipe) => !recipe.http && !recipe.generated);

describe('the attack corpus replayed in the Vietnamese XML-DSig profile', () => {
  it.each(replayed.map((recipe) => [recipe.file, recipe] as const))('%s', async (_file, recipe) => {
    const built = await recipe.build(kit);
    // No XAdES left anywhere: what is checked is the profile (a .b64 item packs such a record).
    expect((Buffer.isBuffer(built) ? built.toString('latin1') : built).includes('QualifyingProperties')).toBe(false);
    const report = await verifyItem(corpus, Buffer.isBuffer(built) ? built : Buffer.from(built, 'utf8'));
    const expected = (recipe.expectedCodes ?? (recipe.expected === null ? [] : [recipe.expected])) as IssueCode[];
    expect({ verdict: report.verdict, codes: codesOf(report) }).toEqual({ verdict: recipe.verdict, codes: expected });
  });
});

describe.each(databasesUnderTest())('profile records through the API on $name', ({ open }) => {
  let database: Database;
  let opened: CorpusRegistry;
  beforeAll(async () => {
    database = await open();
    opened = await openCorpusRegistry(database, corpus.kit, corpus.manifest.approvals);
  });
  afterAll(async () => {
    await opened?.close();
    await database?.close();
  });

  it.each([
    ['inclusive c14n with the enveloped transform', { canonicalization: 'c14n', envelopedTransform: true }, 701],
    ['exclusive c14n without it', { canonicalization: 'exc-c14n', envelopedTransform: false }, 702],
  ] as const)('accepts a push of a record sealed in the profile (%s), XAdES principal beside it, and the portal API finds it valid', async (_name, options, seed) => {
    const seal = corpus.kit.entity('school-a');
    const sealed = await signRecord(corpus.kit.unsigned(seed), {
      privateKeyPem: seal.keyPem, certificatePem: seal.certPem, chainPem: seal.chainPem, role: 'CoSoGiaoDuc',
      signingTime: new Date(corpus.kit.now.getTime() - 60_000), profile: 'vn-xmldsig', ...options,
    });
    const xml = await corpus.kit.sign(sealed, 'principal-a', 'HieuTruong');
    const pushed = await opened.app.request('/api/v1/packages', pushRequest(opened.tokens.a, JSON.stringify({ package: encodePackage(xml) })));
    expect(pushed.status).toBe(201);
    expect(await pushed.json()).toMatchObject({ status: 'accepted', receipt: { schoolCode: SCHOOL.a.code } });
    const checked = await opened.app.request('/api/v1/verify', { method: 'POST', body: xml, headers: { 'Content-Type': 'application/xml' } });
    expect(checked.status).toBe(200);
    const answer = await checked.json() as { report: { verdict: string; signatures: Array<{ role: string; profile: string }> }; match: string };
    expect([answer.report.verdict, answer.match, answer.report.signatures.map((s) => [s.role, s.profile])])
      .toEqual(['valid', 'identical', [['CoSoGiaoDuc', 'vn-xmldsig'], ['HieuTruong', 'xades-bes']]]);
  });

  it('refuses a push whose profile seal is SHA-1 (rsa-sha1), with the codes the engine gives', async () => {
    const xml = await kit.xmlsec(corpus.kit.unsigned(703), 'school-a', { signatureMethod: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', digest: 'http://www.w3.org/2000/09/xmldsig#sha1' });
    const pushed = await opened.app.request('/api/v1/packages', pushRequest(opened.tokens.a, JSON.stringify({ package: encodePackage(xml) })));
    expect(pushed.status).toBe(422);
    const answer = await pushed.json() as { errors: Array<{ code: string; message: string }> };
    expect(answer.errors.map((error) => error.code)).toEqual(['algorithm_refused', 'algorithm_refused', 'algorithm_refused']);
    // The school's developer reads what to write instead, in the answer itself.
    expect(answer.errors[0]!.message).toContain('http://www.w3.org/2000/09/xmldsig#rsa-sha1 bằng http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
  });
});
