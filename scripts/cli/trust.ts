// `hocba trust add CA.pem` / `hocba trust crl CRL.pem`: the registry's trust list and revocation lists (SPEC §4).
import { vietnamTimeText } from '../../api/vietnam-time.ts';
import { UsageError, type Command } from './command.ts';
import { say } from './lang.ts';
import { DATA_OPTIONS, DATA_USAGE, readPkiFile, withRegistry } from './operator.ts';

export const trustAdd: Command = {
  name: 'trust add',
  usage: `CA.pem|CA.cer|CHAIN.p7b... [--role anchor|intermediate] [--data DIR]

  --role ROLE   anchor or intermediate (default: self-issued → anchor, otherwise intermediate)
${DATA_USAGE}

Accepted as Vietnamese CAs publish them: PEM or DER certificates (.pem, .crt, .cer) and
PKCS#7 certificate bundles (.p7b, .p7c; DER or PEM), each certificate of a bundle added.
A PEM file may hold several certificates; adding a CA twice is harmless.
`,
  options: { ...DATA_OPTIONS, role: { type: 'string' } },
  async run(values, files) {
    if (files.length === 0) throw new UsageError('name at least one CA certificate file (PEM, DER or PKCS#7 .p7b)');
    const role = values.role;
    if (role !== undefined && role !== 'anchor' && role !== 'intermediate') throw new UsageError('--role is anchor or intermediate');
    const certificates = files.map(readPkiFile);
    await withRegistry(values, async (registry, acting) => {
      for (const [index, certificate] of certificates.entries()) {
        const fingerprints = await registry.addTrustAnchor(certificate, { ...acting, ...(role ? { role } : {}) });
        for (const fingerprint of fingerprints) process.stdout.write(`trusted ${fingerprint}  ${files[index]}\n`);
      }
    });
    return 0;
  },
};

export const trustCrl: Command = {
  name: 'trust crl',
  usage: `CRL.pem|CRL.crl... [--data DIR]

${DATA_USAGE}

A CRL as the CA publishes it, PEM or DER; fetch it again before its next update (docs/SECURITY.md).
`,
  options: { ...DATA_OPTIONS },
  async run(values, files, lang) {
    if (files.length === 0) throw new UsageError('name at least one CRL file (PEM or DER)');
    const lists = files.map(readPkiFile);
    await withRegistry(values, async (registry, acting) => {
      for (const [index, bytes] of lists.entries()) {
        const loaded = await registry.loadCrl(bytes, acting);
        const at = (time: Date) => vietnamTimeText(time.toISOString(), lang);
        const next = loaded.nextUpdate ? at(loaded.nextUpdate) : say(lang, 'không có', 'none');
        process.stdout.write(say(lang,
          `đã nạp CRL của ${loaded.issuer}: phát hành ${at(loaded.thisUpdate)}, lần cập nhật sau ${next}  ${files[index]}\n`,
          `loaded CRL of ${loaded.issuer}: this update ${at(loaded.thisUpdate)}, next update ${next}  ${files[index]}\n`));
      }
    });
    return 0;
  },
};
