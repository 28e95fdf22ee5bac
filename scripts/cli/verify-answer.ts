// `hocba verify-answer FILE`: checks a signed registry answer (issue 18) offline — the seal's signature over the
// answer, and the seal certificate chained to the root the office trusts (or pinned by fingerprint) — then says what
// the registry answered and when.
import { readFileSync } from 'node:fs';
import { checkSignedAnswer, type SignedAnswerPayload } from '../../api/answers/signed-answer.ts';
import { vietnamTimeText } from '../../api/vietnam-time.ts';
import { optionalStrings, UsageError, type Command } from './command.ts';
import { say, type Lang } from './lang.ts';

export const verifyAnswer: Command = {
  name: 'verify-answer',
  usage: `FILE.jws (--trust ROOT.pem... | --fingerprint SHA256) [--json]

  --trust ROOT.pem       a root certificate the seal must chain to (the Sở's CA, or the national root); repeatable
  --fingerprint SHA256   or the seal certificate's SHA-256 fingerprint, as the registry publishes it
  --json                 print the signed answer (JSON) instead of a summary

Exit 0 when the answer is the registry's, unchanged; 1 when it is not (with why); 64 for a usage mistake.
`,
  options: { trust: { type: 'string', multiple: true }, fingerprint: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, files, lang) {
    if (files.length !== 1) throw new UsageError('name exactly one signed answer file (.jws)');
    const roots = optionalStrings(values, 'trust').map((file) => readFileSync(file, 'utf8'));
    const fingerprint = typeof values.fingerprint === 'string' ? values.fingerprint : undefined;
    if (roots.length === 0 && fingerprint === undefined) throw new UsageError('give --trust ROOT.pem or --fingerprint SHA256: an answer is only worth the seal you trust');
    const checked = checkSignedAnswer(readFileSync(files[0]!, 'utf8'), { roots, ...(fingerprint === undefined ? {} : { fingerprint }) });
    if (!checked.ok) {
      process.stdout.write(`${files[0]}: ${say(lang, 'KHÔNG phải câu trả lời nguyên vẹn của Cổng', 'NOT an unchanged registry answer')}: ${checked.reason}\n`);
      return 1;
    }
    if (values.json === true) {
      process.stdout.write(`${JSON.stringify(checked.payload, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`${files[0]}: ${say(lang, 'câu trả lời của Cổng, nguyên vẹn', 'the registry\'s answer, unchanged')}\n`);
    process.stdout.write(`  ${say(lang, 'Ký bởi', 'Signed by')}: ${checked.signer.subject} (SHA-256 ${checked.signer.fingerprint})\n`);
    process.stdout.write(`  ${say(lang, 'Thời điểm kiểm tra', 'Checked at')}: ${vietnamTimeText(checked.payload.checkedAt, lang)}${checked.payload.registry ? ` — ${checked.payload.registry}` : ''}\n`);
    for (const line of describe(checked.payload, lang)) process.stdout.write(`  ${line}\n`);
    return 0;
  },
};

function describe(payload: SignedAnswerPayload, lang: Lang): string[] {
  if (payload.kind === 'record') {
    const answer = payload.answer as { lookupCode: string; status: string; schoolName: string; schoolYear: string; grade: number; studentName: string };
    return [`${say(lang, 'Học bạ', 'Record')} ${answer.lookupCode}: ${answer.status} — ${answer.studentName}, ${say(lang, 'lớp', 'grade')} ${answer.grade}, ${answer.schoolName}, ${answer.schoolYear}`];
  }
  const { summary } = payload.answer as { summary: { rows: number; confirmed: number } };
  return [say(lang, `Đối chiếu ${summary.rows} thí sinh: ${summary.confirmed} được xác nhận, ${summary.rows - summary.confirmed} có vấn đề`,
    `Claims check of ${summary.rows} applicants: ${summary.confirmed} confirmed, ${summary.rows - summary.confirmed} with problems`)];
}
