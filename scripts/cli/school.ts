// `hocba school add|cert|revoke-token`: the school directory, approved seal certificates, API tokens (SPEC §4).
import { optionalStrings, parseInteger, requireString, UsageError, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, readPkiFile, withRegistry } from './operator.ts';

const TOKEN_WARNING = `Mã truy cập API chỉ hiển thị MỘT lần: hãy lưu giữ an toàn và chỉ giao cho phần mềm của trường.
The API token is shown ONCE: keep it safe and give it only to the school's software.\n`;

export const schoolAdd: Command = {
  name: 'school add',
  usage: `--code C --name N [--province P] [--district D] --cert PEM... [--data DIR] [--json]

  --code C        8-digit school code (MaTruong)
  --name N        the school's name as in the records
  --province P    2-digit province code (default: the first two digits of the code)
  --district D    the school's district (quận/huyện), as the directory shows it
  --cert PEM      the school's organisation certificate to approve for its seal (CoSoGiaoDuc); repeatable
  --json          print {schoolCode, tokenId, token, certificates} as JSON
${DATA_USAGE}
`,
  options: {
    ...DATA_OPTIONS, code: { type: 'string' }, name: { type: 'string' }, province: { type: 'string' },
    district: { type: 'string' }, cert: { type: 'string', multiple: true }, json: { type: 'boolean' },
  },
  async run(values) {
    const code = requireString(values, 'code');
    const certificates = optionalStrings(values, 'cert').map(readPkiFile);
    if (certificates.length === 0) process.stderr.write('hocba school add: no --cert given: the school cannot push until one is approved (hocba school cert)\n');
    const added = await withRegistry(values, (registry, acting) => registry.addSchool({
      code,
      name: requireString(values, 'name'),
      provinceCode: typeof values.province === 'string' ? values.province : code.slice(0, 2),
      ...(typeof values.district === 'string' ? { district: values.district } : {}),
      certificates,
    }, acting));
    if (values.json) {
      process.stdout.write(JSON.stringify(added, null, 2) + '\n');
    } else {
      process.stdout.write(`school ${added.schoolCode} added (token #${added.tokenId})\n`);
      for (const cert of added.certificates) process.stdout.write(`approved ${cert.fingerprint}  ${cert.subject}\n`);
      process.stdout.write(`token: ${added.token}\n`);
    }
    process.stderr.write(TOKEN_WARNING);
    return 0;
  },
};

export const schoolCert: Command = {
  name: 'school cert',
  usage: `--code C (--cert PEM | --revoke-approval PEM|FINGERPRINT) [--issue-token] [--data DIR]

  --code C                    the school's 8-digit code (MaTruong)
  --cert PEM                  approve this certificate (e.g. a renewed signing token) for the school's seal
  --revoke-approval PEM       withdraw the approval of this certificate (or its SHA-256 fingerprint);
                              records received while it was approved stay valid
  --issue-token               also issue a new API token for the school (printed once, with its number #N)
${DATA_USAGE}
`,
  options: {
    ...DATA_OPTIONS, code: { type: 'string' }, cert: { type: 'string', multiple: true },
    'revoke-approval': { type: 'string', multiple: true }, 'issue-token': { type: 'boolean' },
  },
  async run(values) {
    const code = requireString(values, 'code');
    const approve = optionalStrings(values, 'cert');
    const revoke = optionalStrings(values, 'revoke-approval');
    if (approve.length + revoke.length === 0 && !values['issue-token']) {
      throw new UsageError('give --cert PEM to approve, --revoke-approval PEM to withdraw, or --issue-token');
    }
    await withRegistry(values, async (registry, acting) => {
      for (const file of approve) {
        const approved = await registry.approveCertificate(code, readPkiFile(file), acting);
        if (approved.length === 0) process.stdout.write(`already approved  ${file}\n`);
        for (const cert of approved) process.stdout.write(`approved ${cert.fingerprint}  ${cert.subject}\n`);
      }
      for (const target of revoke) {
        const input = /^[0-9a-fA-F]{64}$/.test(target) ? target : readPkiFile(target);
        await registry.withdrawApproval(code, input, acting);
        process.stdout.write(`withdrawn  ${target}\n`);
      }
      if (values['issue-token']) {
        const issued = await registry.issueSchoolToken(code, acting);
        process.stdout.write(`token #${issued.tokenId} issued\ntoken: ${issued.token}\n`);
        process.stderr.write(TOKEN_WARNING);
      }
    });
    return 0;
  },
};

export const schoolRevokeToken: Command = {
  name: 'school revoke-token',
  usage: `--code C [--token-id N] [--data DIR] [--json]

  --code C        the school's 8-digit code (MaTruong); alone, EVERY live token of the school is revoked
  --token-id N    only this token of the school, by the number \`school add\` or \`school cert --issue-token\`
                  printed (#N), e.g. the old one once the school's software uses a new one
  --json          print {schoolCode, tokenIds} as JSON

From the next request on, every school route answers a revoked token 401 token_invalid; what the school pushed
with it stays. Journaled (token_revoke, with the token numbers). Refused [school_token_unknown] when no live token
of the school matches. Issue a new token with \`hocba school cert --code C --issue-token\`.
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, code: { type: 'string' }, 'token-id': { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    const code = requireString(values, 'code');
    const tokenId = typeof values['token-id'] === 'string' ? parseInteger(values, 'token-id', 0, [1, Number.MAX_SAFE_INTEGER]) : null;
    const revoked = await withRegistry(values, (registry, acting) => registry.revokeSchoolTokens(code, tokenId, acting));
    process.stdout.write(values.json ? JSON.stringify(revoked, null, 2) + '\n'
      : `school ${revoked.schoolCode}: revoked ${revoked.tokenIds.map((id) => `#${id}`).join(', ')}\n`);
    return 0;
  },
};
