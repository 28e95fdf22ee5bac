// `hocba pack` / `hocba unpack`: XML → gzip → base64 and back (SPEC §4).
import { readFileSync } from 'node:fs';
import { decodePackage, encodePackage } from '../../api/codec/index.ts';
import { UsageError, type Command } from './command.ts';

function readInput(positionals: string[], command: string): Buffer {
  if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one input file (use - for standard input)`);
  return readFileSync(positionals[0] === '-' ? 0 : positionals[0]!);
}

export const pack: Command = {
  name: 'pack',
  usage: 'IN.xml > OUT.b64\n\nWrites the package (base64 text, one line) to standard output.\n',
  options: {},
  async run(_values, positionals) {
    process.stdout.write(encodePackage(readInput(positionals, 'pack')) + '\n');
    return 0;
  },
};

export const unpack: Command = {
  name: 'unpack',
  usage: 'IN.b64 > OUT.xml\n\nThe same caps as the registry apply (size, inflation ratio, one gzip member).\n',
  options: {},
  async run(_values, positionals) {
    process.stdout.write(decodePackage(readInput(positionals, 'unpack').toString('latin1')));
    return 0;
  },
};
