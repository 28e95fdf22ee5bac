// `hocba audit verify`: walks the hash-chained journal (nhật ký kiểm tra) and says where it breaks, if anywhere.
import { UsageError, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, openFromOptions } from './operator.ts';

export const auditVerify: Command = {
  name: 'audit verify',
  summary: 'check the audit chain: every event links to the one before and hashes to what is stored',
  usage: `[--head HASH] [--json] [--data DIR]

  --head HASH   the head hash recorded earlier (e.g. printed by a previous run, kept off this machine): also
                proves that no event at the end was cut off, which the chain alone cannot show
  --json        print the verdict as JSON
${DATA_USAGE}

Exit 0 when the chain is intact (and ends at or after --head), 1 when it is broken or --head is missing.
`,
  options: { ...DATA_OPTIONS, head: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, positionals) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const head = typeof values.head === 'string' ? values.head.toLowerCase() : null;
    if (head !== null && !/^[0-9a-f]{64}$/.test(head)) throw new UsageError('--head is a 64-character hex hash');
    const opened = await openFromOptions(values);
    let verdict;
    let seen: boolean | null = null;
    try {
      verdict = await opened.registry.verifyAuditChain();
      // The chain only grows: a head kept from an earlier run is still in it unless events were cut off the end.
      if (head !== null) seen = (await opened.database.query('select 1 from events where hash = $1', [head])).length === 1;
    } finally {
      await opened.close();
    }
    const ok = verdict.ok && seen !== false;
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...verdict, ...(head === null ? {} : { headFound: seen }) })}\n`);
    } else if (!verdict.ok) {
      process.stdout.write(`audit chain BROKEN at event ${verdict.brokenAt} (${verdict.reason === 'hash' ? 'its content does not match its hash' : 'it does not link to the event before'}); ${verdict.events} events before it are intact\n`);
    } else {
      process.stdout.write(`audit chain intact: ${verdict.events} events, head ${verdict.head}\n`);
      if (seen === false) process.stdout.write(`the expected head ${head} is not in the chain: events were removed or this is another registry\n`);
    }
    return ok ? 0 : 1;
  },
};
