// `hocba sign`: the reference school-side signer, one signature in a new CKS slot per run (SPEC §4, §7): XAdES-BES,
// or the Vietnamese XML-DSig profile as e-invoice tools write it.
import { readFileSync } from 'node:fs';
import { ROLES, SIGN_PROFILES, signRecord, type Role, type SignProfile } from '../../api/signature/index.ts';
import { requireString, UsageError, type Command } from './command.ts';

export const sign: Command = {
  name: 'sign',
  usage: `--key KEY.pem --cert CERT.pem [--chain CHAIN.pem] [--role ROLE] [--profile PROFILE] [--digest SHA-256|SHA-384|SHA-512] [--exclusive] [--no-enveloped] IN.xml > OUT.xml

  --key      the signer's private key (PKCS#8 PEM, unencrypted)
  --cert     the signer's certificate (PEM)
  --chain    issuing CA certificate(s), carried in KeyInfo
  --role     ${ROLES.join(' | ')} (default CoSoGiaoDuc: the school's organisation seal)
  --digest   SHA-256 (default), SHA-384 or SHA-512 for the references and the signature
  --profile  ${SIGN_PROFILES.join(' | ')} (default xades-bes); vn-xmldsig writes what Vietnamese
             e-invoice tools write: enveloped-signature + c14n on DuLieu, SigningTime and the role
             (VaiTro) in a signed ds:Object (docs/record-format.md §1.1)
  --exclusive  exclusive canonicalisation instead of inclusive
  --no-enveloped  vn-xmldsig without the enveloped-signature transform
The input's bytes are kept: earlier signatures stay valid.
`,
  options: {
    key: { type: 'string' }, cert: { type: 'string' }, chain: { type: 'string' }, role: { type: 'string' },
    digest: { type: 'string' }, exclusive: { type: 'boolean' }, profile: { type: 'string' }, 'no-enveloped': { type: 'boolean' },
  },
  async run(values, positionals) {
    if (positionals.length !== 1) throw new UsageError('sign takes exactly one input XML file (use - for standard input)');
    const role = (values.role ?? 'CoSoGiaoDuc') as Role;
    if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const digest = (values.digest ?? 'SHA-256') as 'SHA-256' | 'SHA-384' | 'SHA-512';
    if (!['SHA-256', 'SHA-384', 'SHA-512'].includes(digest)) throw new UsageError('--digest must be SHA-256, SHA-384 or SHA-512');
    const profile = (values.profile ?? 'xades-bes') as SignProfile;
    if (!SIGN_PROFILES.includes(profile)) throw new UsageError(`--profile must be one of ${SIGN_PROFILES.join(', ')}`);
    if (values['no-enveloped'] && profile !== 'vn-xmldsig') throw new UsageError('--no-enveloped applies to --profile vn-xmldsig only');
    const xml = readFileSync(positionals[0] === '-' ? 0 : positionals[0]!, 'utf8');
    const signed = await signRecord(xml, {
      privateKeyPem: readFileSync(requireString(values, 'key'), 'utf8'),
      certificatePem: readFileSync(requireString(values, 'cert'), 'utf8'),
      ...(typeof values.chain === 'string' ? { chainPem: readFileSync(values.chain, 'utf8') } : {}),
      role,
      digest,
      canonicalization: values.exclusive ? 'exc-c14n' : 'c14n',
      profile,
      ...(profile === 'vn-xmldsig' ? { envelopedTransform: !values['no-enveloped'] } : {}),
    });
    process.stdout.write(signed);
    return 0;
  },
};
