// The console's actions (issue 20): each a no-JS form POSTed to /quan-tri/thao-tac with `thao-tac=<name>`, handled
// by one function that calls the same registry core as the API and the CLI, journaled as `operator:<username>`.
// A new action is one more entry in ACTIONS and one more form in site/views/console/ActionsView.astro.
import { isHocbaError, messageOf, parseExpectedCountsCsv, type ExpectedCount, type Registry } from '../../api/index.ts';
import type { Lang } from './i18n.ts';
import { textOf } from './i18n.ts';
import type { PortalLocals } from './locals.ts';

export const ACTION_FIELD = 'thao-tac';

export interface ActionContext {
  readonly registry: Registry;
  readonly form: FormData;
  readonly actor: string;
  readonly now: Date;
  readonly lang: Lang;
  /** The forwarding runs of `serve --forward-to`, or null when this server has no target. */
  readonly forward: PortalLocals['forward'];
}

export interface ActionOutcome {
  readonly action: string;
  readonly ok: boolean;
  readonly message: string;
  /** A secret shown once (a new school's API token). */
  readonly secret?: string;
}

type Action = (context: ActionContext) => Promise<Omit<ActionOutcome, 'action' | 'ok'>>;

const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

const ACTIONS: Record<string, Action> = {
  async approve({ registry, form, actor, now, lang }) {
    const approved = await registry.approveCertificate(field(form, 'truong'), field(form, 'chung-thu'), { actor, now });
    return { message: textOf(lang).console.actions.approve.done(approved.length) };
  },
  async withdraw({ registry, form, actor, now, lang }) {
    const withdrawn = await registry.withdrawApproval(field(form, 'truong'), field(form, 'van-tay').toLowerCase(), { actor, now });
    return { message: textOf(lang).console.actions.withdraw.done(withdrawn) };
  },
  async 'add-school'({ registry, form, actor, now, lang }) {
    const certificate = field(form, 'chung-thu');
    const district = field(form, 'quan-huyen');
    const added = await registry.addSchool({
      code: field(form, 'truong'), name: field(form, 'ten'), provinceCode: field(form, 'tinh'),
      ...(district ? { district } : {}), certificates: certificate ? [certificate] : [],
    }, { actor, now });
    return { message: textOf(lang).console.actions.addSchool.done(added.schoolCode, added.tokenId), secret: added.token };
  },
  async 'revoke-token'({ registry, form, actor, now, lang }) {
    const t = textOf(lang).console.actions.revokeToken;
    const number = field(form, 'so-ma').replace(/^#/, '');
    if (number !== '' && !/^[1-9][0-9]{0,14}$/.test(number)) throw new Refused(t.tokenIdHint);
    const revoked = await registry.revokeSchoolTokens(field(form, 'truong'), number === '' ? null : Number(number), { actor, now });
    // The text tables take plain strings (their words are checked by calling each with markers, portal-widths e2e).
    return { message: t.done(revoked.schoolCode, revoked.tokenIds.map((id) => `#${id}`).join(', ')) };
  },
  async 'lock-dates'({ registry, form, actor, now, lang }) {
    const year = field(form, 'nam');
    await registry.setLockDates(year, { main: field(form, 'chot-chinh'), supplementary: field(form, 'chot-bo-sung') }, { actor, now });
    return { message: textOf(lang).console.actions.lockDates.done(year) };
  },
  async 'late-window'({ registry, form, actor, now, lang }) {
    const opened = await registry.openLateWindow({
      schoolCode: field(form, 'truong'), schoolYear: field(form, 'nam'), until: field(form, 'den-ngay'), reason: field(form, 'ly-do'),
    }, { actor, now });
    return { message: textOf(lang).console.actions.lateWindow.done(opened.schoolCode, opened.until) };
  },
  async transfer({ registry, form, actor, now, lang }) {
    const moved = await registry.recordTransfer({
      studentCode: field(form, 'ma-hoc-sinh'), fromSchool: field(form, 'truong-cu'), toSchool: field(form, 'truong-moi'),
      effectiveDate: field(form, 'ngay'), reason: field(form, 'ly-do'),
    }, { actor, now });
    return { message: textOf(lang).console.actions.transfer.done(moved.studentCode, moved.fromSchool, moved.toSchool) };
  },
  async expected({ registry, form, actor, now, lang }) {
    const year = field(form, 'nam');
    const counts = await expectedCountsOf(form);
    const saved = await registry.setExpectedCounts(year, counts, { actor, now });
    return { message: textOf(lang).console.actions.expected.done(saved, year) };
  },
  // The run goes on in the background (a year's stream can take minutes); the page shows its progress and result.
  async forward({ forward, actor, lang }) {
    const t = textOf(lang).console.actions.forward;
    if (!forward) throw new Refused(t.notConfigured);
    if (!forward.start(actor)) throw new Refused(messageOf({ code: 'forward_running', params: {} }, lang));
    return { message: t.started(forward.target) };
  },
};

export const ACTION_NAMES = Object.keys(ACTIONS);

/** Runs the action the form names; a refusal of the core comes back as its message, in the page's language. */
export async function runAction(context: ActionContext): Promise<ActionOutcome> {
  const name = field(context.form, ACTION_FIELD);
  const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  const t = textOf(context.lang).console.actions;
  if (!action) return { action: name, ok: false, message: t.unknown };
  try {
    return { action: name, ok: true, ...(await action(context)) };
  } catch (error) {
    if (isHocbaError(error)) return { action: name, ok: false, message: messageOf({ code: error.code, params: error.params ?? {} }, context.lang) };
    if (error instanceof Refused) return { action: name, ok: false, message: error.message };
    throw error;
  }
}

/** A refusal the console words itself (nothing was changed). */
class Refused extends Error {}

/** One school from the two fields, or many from the CSV (file or pasted text), read by the core as the API and CLI read it. */
async function expectedCountsOf(form: FormData): Promise<ExpectedCount[]> {
  const file = form.get('tep');
  const text = file instanceof File && file.size > 0 ? await file.text() : field(form, 'csv');
  if (text === '') return [{ schoolCode: field(form, 'truong'), expected: Number(field(form, 'so') || Number.NaN) }];
  return parseExpectedCountsCsv(text);
}
