// `hocba operator add|passwd|disable`: accounts of the Sở's staff for the operator API (SPEC §5 "Operators (Sở; login)").
// A password comes on standard input (never as an argument, which `ps` and shell history would show) or is generated.
import { randomInt } from 'node:crypto';
import { MIN_PASSWORD_LENGTH } from '../../api/index.ts';
import { requireString, UsageError, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, withRegistry } from './operator.ts';

const PASSWORD_USAGE = `The password is read from standard input when it is piped (first line), e.g.
  printf '%s\\n' "$PW" | hocba operator add --username lan.nguyen --name "Nguyễn Thị Lan"
otherwise a strong one is generated and printed ONCE. At least ${MIN_PASSWORD_LENGTH} characters, not one character
repeated, not the username.`;

const PASSWORD_WARNING = `Mật khẩu chỉ hiển thị MỘT lần: hãy giao trực tiếp cho cán bộ và đề nghị đổi (hocba operator passwd).
The password is shown ONCE: hand it to the person directly and have it changed (hocba operator passwd).\n`;

export const operatorAdd: Command = {
  name: 'operator add',
  usage: `--username U --name "Họ Tên" [--data DIR] [--json] < password

  --username U    login name: 3-64 of a-z 0-9 . _ - (upper case is lowered)
  --name N        the person's full name, as shown in the journal
  --json          print {username, displayName, createdAt[, password]} as JSON
${DATA_USAGE}

${PASSWORD_USAGE}
`,
  options: { ...DATA_OPTIONS, username: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, positionals) {
    noPositionals(positionals);
    const username = requireString(values, 'username');
    const displayName = requireString(values, 'name');
    const { password, generated } = await passwordFromStdin();
    const added = await withRegistry(values, (registry, acting) => registry.addOperator({ username, displayName, password }, acting));
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...added, ...(generated ? { password } : {}) }, null, 2)}\n`);
    } else {
      process.stdout.write(`operator ${added.username} added (${added.displayName})\n`);
      if (generated) process.stdout.write(`password: ${password}\n`);
    }
    if (generated) process.stderr.write(PASSWORD_WARNING);
    return 0;
  },
};

export const operatorPasswd: Command = {
  name: 'operator passwd',
  usage: `--username U [--data DIR] < password

  --username U    the account's login name
${DATA_USAGE}

${PASSWORD_USAGE}
`,
  options: { ...DATA_OPTIONS, username: { type: 'string' } },
  async run(values, positionals) {
    noPositionals(positionals);
    const username = requireString(values, 'username');
    const { password, generated } = await passwordFromStdin();
    await withRegistry(values, (registry, acting) => registry.setOperatorPassword(username, password, acting));
    process.stdout.write(`password of ${username.toLowerCase()} changed; its sessions are ended\n`);
    if (generated) {
      process.stdout.write(`password: ${password}\n`);
      process.stderr.write(PASSWORD_WARNING);
    }
    return 0;
  },
};

export const operatorDisable: Command = {
  name: 'operator disable',
  usage: `--username U [--data DIR]

  --username U    the account's login name
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, username: { type: 'string' } },
  async run(values, positionals) {
    noPositionals(positionals);
    const username = requireString(values, 'username');
    await withRegistry(values, (registry, acting) => registry.disableOperator(username, acting));
    process.stdout.write(`operator ${username.toLowerCase()} disabled\n`);
    return 0;
  },
};

function noPositionals(positionals: string[]): void {
  // The argument is not echoed: it may well be a password typed in the wrong place.
  if (positionals.length > 0) throw new UsageError('unexpected argument (a password is read from standard input, never from the command line)');
}

/** The first line of piped standard input; a terminal or empty input means: generate one. */
async function passwordFromStdin(): Promise<{ password: string; generated: boolean }> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
    if (line !== '') return { password: line, generated: false };
  }
  return { password: generatePassword(), generated: true };
}

/** Five groups of five from 31 unambiguous characters (no i, l, o, 0, 1): over 120 bits, readable aloud. */
function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const group = () => Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return Array.from({ length: 5 }, group).join('-');
}
