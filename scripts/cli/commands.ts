// Every command of the `hocba` CLI, in the order `hocba --help` lists them.
import type { Command } from './command.ts';
import { accessLogCommands } from './access-log.ts';
import { auditVerify } from './audit.ts';
import { backup, restore } from './backup.ts';
import { demo } from './demo.ts';
import { lateWindowCommands } from './late-window.ts';
import { logCommands } from './log.ts';
import { migrate } from './migrate.ts';
import { operatorAdd, operatorDisable, operatorPasswd } from './operator-account.ts';
import { pack, unpack } from './pack.ts';
import { pkiInit } from './pki.ts';
import { push } from './push.ts';
import { sample } from './sample.ts';
import { schoolAdd, schoolCert } from './school.ts';
import { serve } from './serve.ts';
import { sign } from './sign.ts';
import { trustAdd, trustCrl } from './trust.ts';
import { verify } from './verify.ts';

export const commands: readonly Command[] = [
  serve,
  demo,
  migrate,
  trustAdd,
  trustCrl,
  schoolAdd,
  schoolCert,
  ...lateWindowCommands,
  operatorAdd,
  operatorPasswd,
  operatorDisable,
  push,
  pkiInit,
  sample,
  sign,
  pack,
  unpack,
  verify,
  auditVerify,
  ...logCommands,
  ...accessLogCommands,
  backup,
  restore,
];
