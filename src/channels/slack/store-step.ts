import type { AckFn, ViewResponseAction, webApi } from '@slack/bolt';
import { apologyText } from '../../core/conversation/apology';
import { FORM_FIELDS, type FieldErrors, type FormId } from '../../core/forms';
import type { Lang } from '../../core/lang';
import { notice, type NoticeMessage } from '../../core/messages';
import type { Logger } from '../../core/ports';
import { readyWithin } from '../../core/ready-within';
import { ACK_BUDGET_MS } from './ack-in-time';
import { describeError } from './errors';
import { blockErrors } from './form-submission';
import { renderNotice } from './render-messages';

/**
 * Whom a step that reads or writes the store answers to: their language (looked up only when it
 * is needed), how a message reaches them, and `via`, the step's name in the log line of a failure.
 */
export interface StepUser {
  lang: Lang | (() => Promise<Lang>);
  tell(message: NoticeMessage): Promise<unknown>;
  logger: Logger;
  via: string;
  /** What they are told of a failure, where the step has words of its own for it: else the general apology. */
  apology?: (lang: Lang, err: unknown) => string;
}

/** What a sent form comes to: kept open with a message on its fields, or closed with a reply. */
export type FormOutcome = { errors: FieldErrors } | { reply: NoticeMessage };

/** Bolt's ack of a view, as its view listeners get it (a submission's takes field errors). */
export type FormAck = AckFn<ViewResponseAction> | AckFn<void>;

/**
 * Acks a sent form in time, whatever its step (which reads and writes the store) takes. Ready
 * within `budgetMs`: its field errors, or a failure's apology on the form's first field, keep the
 * form open with what was written, so it can be sent again; a reply closes it and follows. Slower:
 * the form is closed at once, and the reply, the field errors or the apology follow as a message.
 */
export async function submitInTime(form: FormId, ack: FormAck, user: StepUser & { budgetMs?: number | undefined }, step: () => Promise<FormOutcome>): Promise<void> {
  const outcome = step().then(
    (done) => ({ done }),
    (err: unknown) => ({ err }),
  );
  const early = await readyWithin(outcome, user.budgetMs ?? ACK_BUDGET_MS);
  if (early) {
    const ready = early.value;
    if ('err' in ready) return ack(blockErrors(form, { [firstField(form)]: await apology(user, ready.err) }));
    if ('errors' in ready.done) return ack(blockErrors(form, ready.done.errors));
    await ack();
    await user.tell(ready.done.reply);
    return;
  }
  await ack();
  const late = await outcome;
  if ('err' in late) await user.tell(notice(await langOf(user), 'warning', [await apology(user, late.err)]));
  else if ('errors' in late.done) await user.tell(notice(await langOf(user), 'warning', Object.values(late.done.errors)));
  else await user.tell(late.done.reply);
}

/**
 * Runs a step that reads or writes the store, after the ack (a button's). Its value; undefined when
 * it failed, and the user has been told, in their language, that it was not saved, or that
 * something went wrong.
 */
export async function storeStep<T>(user: StepUser, step: () => Promise<T>): Promise<{ value: T } | undefined> {
  try {
    return { value: await step() };
  } catch (err) {
    await user.tell(notice(await langOf(user), 'warning', [await apology(user, err)]));
    return undefined;
  }
}

/**
 * How a message reaches someone in a channel: for their eyes only, beside where they are, or in a
 * DM where Slack will not show it there (a channel Kompis is not in).
 */
export function toUser(client: webApi.WebClient, channel: string, user: string): (message: NoticeMessage) => Promise<unknown> {
  return async (message) => {
    const reply = renderNotice(message);
    return client.chat.postEphemeral({ channel, user, ...reply }).catch(() => client.chat.postMessage({ channel: user, ...reply }));
  };
}

/** The one log line of a failed step, and what its user is told. */
async function apology(user: StepUser, err: unknown): Promise<string> {
  user.logger.error(describeError(err), `${user.via} failed`);
  return (user.apology ?? apologyText)(await langOf(user), err);
}

async function langOf(user: StepUser): Promise<Lang> {
  return typeof user.lang === 'function' ? user.lang() : user.lang;
}

/** The field at the top of a form, where a message about the whole form is seen. */
function firstField(form: FormId): string {
  return Object.keys(FORM_FIELDS[form])[0]!;
}
