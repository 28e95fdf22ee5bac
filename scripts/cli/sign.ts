// `hocba sign`: the reference school-side signer, one XAdES-BES signature in a new CKS slot per run (SPEC §4, §7).
import { readFileSync } from 'node:fs';
import { ROLES, signRecord, type Role } from '../../api/signature/index.ts';
import { requireString, UsageError, type Command } from './command.ts';

export const sign: Command = {
  name: 'sign',
  usage: `--key KEY.pem --cert CERT.pem [--chain CHAIN.pem] [--role ROLE] [--digest SHA-256|SHA-384|SHA-512] [--exclusive] IN.xml > OUT.xml

  --key      the signer's private key (PKCS#8 PEM, unencrypted)
  --cert     the signer's certificate (PEM)
  --chain    issuing CA certificate(s), carried in KeyInfo
  --role     ${ROLES.join(' | ')} (default CoSoGiaoDuc: the school's organisation seal)
  --digest   SHA-256 (default), SHA-384 or SHA-512 for the references and the signature
  --exclusive  exclusive canonicalisation instead of inclusive
The input's bytes are kept: earlier signatures stay valid.
`,
  options: {
    key: { type: 'string' }, cert: { type: 'string' }, chain: { type: 'string' }, role: { type: 'string' },
    digest: { type: 'string' }, exclusive: { type: 'boolean' },
  },
  async run(values, positionals) {
    if (positionals.length !== 1) throw new UsageError('sign takes exactly one input XML file (use - for standard input)');
    const role = (values.role ?? 'CoSoGiaoDuc') as Role;
    if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const digest = (values.digest ?? 'SHA-256') as 'SHA-256' | 'SHA-384' | 'SHA-512';
    if (!['SHA-256', 'SHA-384', 'SHA-512'].includes(digest)) throw new UsageError('--digest must be SHA-256, SHA-384 or SHA-512');
    const xml = readFileSync(positionals[0] === '-' ? 0 : positionals[0]!, 'utf8');
    const signed = await signRecord(xml, {
      privateKeyPem: readFileSync(requireString(values, 'key'), 'utf8'),
      certificatePem: readFileSync(requireString(values, 'cert'), 'utf8'),
      ...(typeof values.chain === 'string' ? { chainPem: readFileSync(values.chain, 'utf8') } : {}),
      role,
      digest,
      canonicalization: values.exclusive ? 'exc-c14n' : 'c14n',
    });
    process.stdout.write(signed);
    return 0;
  },
};
