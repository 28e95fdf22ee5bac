// The Vietnamese XML-DSig profile (SPEC §7, issue 16): a record sealed in the profile is accepted, and a profile
// signature whose role sits outside what it signs is refused. tests/security/corpus-vn-profile.test.ts replays every
// other recipe in the profile.
import { signRecord } from '../../../api/index.ts';
import { addSlot, vnTemplate } from '../../unit/signature/support/templates.ts';
import { SCHOOL, xmlsecSign } from './kit.ts';
import type { Recipe } from './types.ts';

export const VN_PROFILE: Recipe[] = [
  {
    file: 'profile/vn-xmldsig-seal-and-principal.xml', category: 'policy', expected: null, verdict: 'valid', ingest: true,
    technique: 'Sealed and co-signed in the Vietnamese XML-DSig profile as e-invoice tools sign (enveloped-signature + c14n, SigningTime and VaiTro in a signed ds:Object): accepted',
    async build(kit) {
      const sign = (xml: string, name: string, role: 'CoSoGiaoDuc' | 'HieuTruong') => {
        const signer = kit.entity(name);
        return signRecord(xml, {
          privateKeyPem: signer.keyPem, certificatePem: signer.certPem, chainPem: signer.chainPem, role,
          signingTime: new Date(kit.now.getTime() - 60_000), profile: 'vn-xmldsig',
        });
      };
      return sign(await sign(kit.unsigned(601), SCHOOL.a.seal, 'CoSoGiaoDuc'), 'principal-a', 'HieuTruong');
    },
  },
  {
    file: 'profile/vn-xmldsig-role-not-signed.xml', category: 'signature-wrapping', expected: 'role_not_signed', verdict: 'invalid', ingest: true,
    technique: "A profile signature (principal, made by xmlsec1) whose VaiTro sits in a second ds:Object no reference covers, beside the school's genuine seal: the role could be rewritten unseen",
    async build(kit) {
      const sealed = await kit.sealed(602);
      const signer = kit.entity('principal-a');
      const contentId = /<DuLieu Id="([^"]+)"/.exec(sealed)![1]!;
      const slot = vnTemplate({
        id: 'CKS-HieuTruong-xmlsec', contentId, role: 'HieuTruong', roleInUnsignedObject: true,
        signingTime: new Date(kit.now.getTime() - 60_000).toISOString(),
      });
      return xmlsecSign(addSlot(sealed, slot), 2, ['--privkey-pem', `${signer.keyPath},${signer.certPath},${signer.chainPath}`]);
    },
  },
];
