// `hocba audit verify`: walks the hash-chained journal (nhật ký kiểm tra) and says where it breaks, if anywhere.
import { UsageError, type Command } from './command.ts';
import { DATA_OPTIONS, DATA_USAGE, openFromOptions } from './operator.ts';

export const auditVerify: Command = {
  name: 'audit verify',
  usage: `[--head HASH] [--json] [--data DIR]

  --head HASH   the head hash recorded earlier (e.g. printed by a previous run, kept off this machine): also
                proves that no event at the end was cut off, which the chain alone cannot show
  --json        print the verdict as JSON
${DATA_USAGE}

The transparency log's journal-head entries (docs/log.md) anchor the chain's head as it grew: each must still be
in the chain with the same hash, which shows a cut tail or a rewrite even without --head.

Exit 0 when the chain is intact (ends at or after --head, matches every anchor), 1 otherwise.
`,
  options: { ...DATA_OPTIONS, head: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, positionals) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const head = typeof values.head === 'string' ? values.head.toLowerCase() : null;
    if (head !== null && !/^[0-9a-f]{64}$/.test(head)) throw new UsageError('--head is a 64-character hex hash');
    const opened = await openFromOptions(values);
    let verdict;
    let seen: boolean | null = null;
    let anchored;
    try {
      verdict = await opened.registry.verifyAuditChain();
      anchored = await opened.registry.log.checkJournalAnchors();
      // The chain only grows: a head kept from an earlier run is still in it unless events were cut off the end.
      if (head !== null) seen = (await opened.database.query('select 1 from events where hash = $1', [head])).length === 1;
    } finally {
      await opened.close();
    }
    const ok = verdict.ok && seen !== false && anchored.broken.length === 0;
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...verdict, ...(head === null ? {} : { headFound: seen }), logAnchors: anchored })}\n`);
    } else if (!verdict.ok) {
      process.stdout.write(`audit chain BROKEN at event ${verdict.brokenAt} (${verdict.reason === 'hash' ? 'its content does not match its hash' : 'it does not link to the event before'}); ${verdict.events} events before it are intact\n`);
    } else {
      process.stdout.write(`audit chain intact: ${verdict.events} events, head ${verdict.head}\n`);
      if (seen === false) process.stdout.write(`the expected head ${head} is not in the chain: events were removed or this is another registry\n`);
    }
    if (!values.json) {
      for (const anchor of anchored.broken) {
        process.stdout.write(`the public log's entry ${anchor.index} anchors event ${anchor.event} with hash ${anchor.hash}; the journal has ${anchor.found ?? 'no such event'}: it was cut or rewritten after it was anchored\n`);
      }
      if (anchored.anchors > 0 && anchored.broken.length === 0) process.stdout.write(`anchored in the public log: ${anchored.anchors} journal head(s) match\n`);
    }
    return ok ? 0 : 1;
  },
};
