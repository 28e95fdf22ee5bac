// Every command of the `hocba` CLI, in the order `hocba --help` lists them.
import type { Command } from './command.ts';
import { pack, unpack } from './pack.ts';
import { pkiInit } from './pki.ts';
import { sample } from './sample.ts';
import { sign } from './sign.ts';
import { verify } from './verify.ts';

export const commands: readonly Command[] = [
  pkiInit,
  sample,
  sign,
  pack,
  unpack,
  verify,
];
