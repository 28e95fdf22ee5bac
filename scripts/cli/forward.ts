// `hocba province add|revoke` (national side), `hocba forward` and `hocba forward-status` (province side): issue 19.
import { readFileSync } from 'node:fs';
import { parseInteger, requireString, UsageError, type Command, type Values } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, withRegistry } from './operator.ts';

const TOKEN_WARNING = `Mã truy cập của Sở chỉ hiển thị MỘT lần: hãy lưu vào một tệp chỉ Sở đọc được (hocba forward --token-file).
The province token is shown ONCE: keep it in a file only the Sở can read (hocba forward --token-file).\n`;

export const provinceAdd: Command = {
  name: 'province add',
  usage: `--code P [--data DIR] [--json]

  --code P        2-digit province code, one of the 34 since 1/7/2025 (01 Hà Nội, 79 TP Hồ Chí Minh, …)
  --json          print {provinceCode, token} as JSON

Run on the NATIONAL instance (serve --national): creates a registry-to-registry account for the Sở of province P
and prints its token once. The token may forward only records of schools of province P (school codes that start
with P or with a code P absorbed on 1/7/2025).
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, code: { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    const code = requireString(values, 'code');
    const added = await withRegistry(values, (registry, acting) => registry.forwarding.addProvince(code, acting));
    process.stdout.write(values.json ? JSON.stringify(added, null, 2) + '\n' : `province ${added.provinceCode} added (token #${added.tokenId})\ntoken: ${added.token}\n`);
    process.stderr.write(TOKEN_WARNING);
    return 0;
  },
};

export const provinceRevoke: Command = {
  name: 'province revoke',
  usage: `(--code P | --token-id N) [--data DIR] [--json]

  --code P        revoke EVERY live token of province P (a leaked credential, a closed account)
  --token-id N    revoke one token, by the number \`province add\` printed (#N), e.g. the old one after a new is in use
  --json          print {provinceCode, tokenIds} as JSON

Run on the NATIONAL instance. From the next request on, /api/v1/national/* answers a revoked token 401
token_invalid; what the province forwarded before stays. Journaled (province_revoke, with the token numbers).
Refused [province_token_unknown] when no live token matches. Issue a new token with \`hocba province add\`.
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, code: { type: 'string' }, 'token-id': { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    const hasCode = typeof values.code === 'string';
    if (hasCode === (typeof values['token-id'] === 'string')) throw new UsageError('give exactly one of --code P or --token-id N');
    const target = hasCode ? { provinceCode: requireString(values, 'code') } : { tokenId: parseInteger(values, 'token-id', 0, [1, Number.MAX_SAFE_INTEGER]) };
    const revoked = await withRegistry(values, (registry, acting) => registry.forwarding.revokeProvince(target, acting));
    process.stdout.write(values.json ? JSON.stringify(revoked, null, 2) + '\n'
      : `province ${revoked.provinceCode}: revoked ${revoked.tokenIds.map((id) => `#${id}`).join(', ')}\n`);
    return 0;
  },
};

export const forward: Command = {
  name: 'forward',
  usage: `--to URL --token-file FILE [--batch N] [--data DIR]

  --to URL          the national instance (serve --national), e.g. https://hocba.moet.gov.vn
  --token-file FILE a file holding the province token from \`hocba province add\` on the national side
  --batch N         items per request, 1 to 100 (default 100; a batch also stops at 8 MiB of packages)

Sends this registry's lifecycle stream — every accepted package exactly as signed, every replacement, recall,
lock date and transfer, in order — from where the national store says it stopped. Progress goes to standard error
("forward: 200/1234 items"). Interrupted (crash, Ctrl-C, network), run it again: nothing is lost or sent twice.
Exit 0 when everything is forwarded, 1 when the national side refused an item (it is named) or cannot be reached.
Schedule it with cron, e.g. every 15 minutes:  */15 * * * *  hocba forward --to URL --token-file FILE
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, to: { type: 'string' }, 'token-file': { type: 'string' }, batch: { type: 'string' } },
  async run(values) {
    const to = targetOf(values);
    const token = tokenFrom(requireString(values, 'token-file'));
    const maxItems = parseInteger(values, 'batch', 100, [1, 100]);
    const { forwardOnce } = await import('../../api/server/index.ts');
    const run = await withRegistry(values, (registry, acting) => forwardOnce({
      registry, to, token, maxItems, actor: acting.actor,
      onProgress: (progress) => process.stderr.write(`forward: ${progress.sent}/${progress.total} items (through ${progress.lastSequence})\n`),
    }));
    process.stdout.write(`forwarded ${run.sent} items to ${run.target} (province ${run.province}): ${run.applied} applied, ${run.repeated} already there; `
      + `stream applied through ${run.lastSequence}\n`);
    if (!run.refused) return 0;
    process.stderr.write(`hocba forward: the national store refused item ${run.refused.sequence} (${run.refused.lookupCode ?? '-'}):\n`);
    for (const found of run.refused.errors) process.stderr.write(`  [${found.code}]${found.path ? ` (${found.path})` : ''} ${found.message}\n`);
    return 1;
  },
};

export const forwardStatus: Command = {
  name: 'forward-status',
  usage: `--to URL [--year YYYY-YYYY] [--json] [--data DIR]

  --to URL        the national instance forwarded to (its acknowledgements are read from this registry's journal)
  --year Y        school year, e.g. 2025-2026 (default: the year in progress)
  --json          print the status as JSON

For each report deadline of the year (before 10/7: completed records; before 25/8: supplementary ones), how many
records there are, how many were never forwarded, and how many recalls and replacements wait. Reads only this
registry: what the national side acknowledged is journaled here after each batch.
${DATA_USAGE}
`,
  options: { ...DATA_OPTIONS, to: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    const to = new URL(targetOf(values)).origin;
    const { schoolYearInProgress } = await import('../../api/index.ts');
    const year = typeof values.year === 'string' ? values.year : schoolYearInProgress(new Date());
    const status = await withRegistry(values, (registry) => registry.forwarding.status(year, to));
    if (values.json) {
      process.stdout.write(JSON.stringify(status, null, 2) + '\n');
      return 0;
    }
    process.stdout.write(`school year ${status.schoolYear}, forwarded to ${to} through sequence ${status.forwardedThrough}\n`);
    for (const deadline of status.deadlines) {
      const [y, m, d] = deadline.date.split('-');
      process.stdout.write(`before ${d}/${m}/${y} (${deadline.kind}): ${deadline.records} records, ${deadline.unforwarded} unforwarded, `
        + `${deadline.pendingChanges} recalls/replacements waiting\n`);
    }
    return 0;
  },
};

function targetOf(values: Values): string {
  const given = requireString(values, 'to');
  try {
    const url = new URL(given);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    return url.toString();
  } catch {
    throw new UsageError(`--to must be the national instance's URL, e.g. https://hocba.moet.gov.vn (got "${given.slice(0, 80)}")`);
  }
}

function tokenFrom(path: string): string {
  const token = readFileSync(path, 'utf8').trim();
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new UsageError(`--token-file ${path} does not hold a province token (43 characters from hocba province add)`);
  return token;
}
