// `hocba pki init`: a test PKI with Vietnamese-style subjects for trying the registry (SPEC §4).
import { resolve } from 'node:path';
import { createTestPki } from '../../api/pki/index.ts';
import { requireString, type Command } from './command.ts';

export const pkiInit: Command = {
  name: 'pki init',
  usage: `--out DIR [--now ISO-TIME]

  --out DIR     folder to write (created); DIR/pki.json lists each file's role, subject and paths
  --now TIME    pretend it is this time (validity periods and CRLs are relative to it)

FOR TESTING ONLY: the private keys are written unencrypted.
`,
  options: { out: { type: 'string' }, now: { type: 'string' } },
  async run(values) {
    const outDir = resolve(requireString(values, 'out'));
    const now = typeof values.now === 'string' ? new Date(values.now) : undefined;
    const pki = await createTestPki({ outDir, ...(now ? { now } : {}) });
    const names = Object.keys(pki.entities);
    process.stdout.write(`Test PKI written to ${outDir} (${names.length} certificates, ${Object.keys(pki.crls).length} CRLs)\n`);
    for (const name of names) {
      const entity = pki.entities[name]!;
      process.stdout.write(`  ${name.padEnd(22)} ${entity.role.padEnd(17)} ${entity.subject}\n`);
    }
    process.stdout.write(`Trust: ${pki.entities.root!.certPath}; CRLs: ${Object.values(pki.crls).map((crl) => crl.path).join(', ')}\n`);
    return 0;
  },
};
