import type { App } from '@slack/bolt';
import { z } from 'zod';
import { apologyText } from '../../../core/conversation/apology';
import { isStoreUnavailable } from '../../../core/errors';
import { notice, type NoticeMessage } from '../../../core/messages';
import { tPulse } from '../../../core/i18n/pulse-strings';
import { Lang } from '../../../core/lang';
import { isLead, leadRefusal, leadsDoNotAnswer } from '../../../core/pulse/leads';
import { readPulseSetupForm } from '../../../core/forms';
import { ids } from '../ids';
import { blockErrors, readSubmission } from '../form-submission';
import { decodeValue, renderCheckin } from '../render-checkin';
import { renderNotice } from '../render-messages';
import { storeStep, submitInTime, toUser } from '../store-step';
import { channelTeam } from '../team-of';
import type { ListenerContext } from './context';

const CheckinAction = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }),
  message: z.object({ ts: z.string().min(1) }),
  actions: z.array(z.object({ action_id: z.string(), value: z.string() })).min(1),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullish() }))) }).optional(),
});

const SetupMeta = z.object({ lang: Lang.catch('en') });

/**
 * The member's side of the pulse: taps redraw the DM with the pick (nothing stored), "Send"
 * records the answers once and replaces the form with what was stored; a lead's first tap on a card
 * of their own team replaces it with the refusal. And the lead's setup form.
 */
export function registerPulse(app: App, ctx: ListenerContext): void {
  app.action(new RegExp(`^${ids.pulsePickPrefix}`), async ({ ack, body, client }) => {
    await ack();
    const parsed = CheckinAction.safeParse(body);
    const value = parsed.success ? decodeValue(parsed.data.actions[0]!.value) : undefined;
    if (!parsed.success || !value || !ctx.deps.pulse || !ctx.deps.goals) throw new Error('pulse tap not understood');
    const { user, channel, message, state } = parsed.data;
    const { goals, pulse } = ctx.deps;
    const langOf = () => ctx.answerer.languages.of(client, user.id);
    const read = await storeStep({ lang: langOf, tell: toUser(client, channel.id, user.id), logger: ctx.deps.logger, via: 'pulse tap' }, async () => {
      const round = await pulse.round(value.roundId);
      return { round, team: round && (await goals.team(round.team)) };
    });
    // the card stays as it was: the member taps again once the store answers
    if (!read) return;
    const { round, team } = read.value;
    if (!round || !team || round.state !== 'open') {
      const lang = await langOf();
      const closed = renderNotice(notice(lang, 'info', [tPulse(lang, 'closed')]));
      await client.chat.update({ channel: channel.id, ts: message.ts, ...closed });
      return;
    }
    // a lead's card (an old one, sent before they led the team) is refused at the first tap, as
    // "Send" would refuse it, rather than redrawn as if the pick were being taken
    if (isLead(team, user.id)) {
      const lang = await langOf();
      await client.chat.update({ channel: channel.id, ts: message.ts, ...renderNotice(leadsDoNotAnswer(lang)) });
      return;
    }
    const comment = state?.values[ids.pulseCommentBlock]?.[ids.pulseCommentInput]?.value ?? undefined;
    const redrawn = renderCheckin(pulse.checkin(round, team, value.reminder), { picks: value.picks, ...(comment ? { comment } : {}) });
    await client.chat.update({ channel: channel.id, ts: message.ts, ...redrawn });
  });

  app.action(ids.pulseSubmit, async ({ ack, body, client }) => {
    await ack();
    const parsed = CheckinAction.safeParse(body);
    const value = parsed.success ? decodeValue(parsed.data.actions[0]!.value) : undefined;
    if (!parsed.success || !value || !ctx.deps.pulse || !ctx.deps.goals) throw new Error('pulse answer not understood');
    const { user, channel, message, state } = parsed.data;
    const lang = await ctx.answerer.languages.of(client, user.id);
    const comment = state?.values[ids.pulseCommentBlock]?.[ids.pulseCommentInput]?.value ?? undefined;
    // the form stays as it is when the answers could not be stored, so nothing the member chose or wrote is lost
    const apology = (l: Lang, err: unknown) => (isStoreUnavailable(err) ? tPulse(l, 'storeDown') : apologyText(l, err));
    const sent = await storeStep({ lang, tell: toUser(client, channel.id, user.id), logger: ctx.deps.logger, via: 'pulse answer', apology }, () =>
      ctx.deps.pulse!.answer(value.roundId, { platform: 'slack', user: user.id }, value.picks, comment, lang),
    );
    if (!sent) return;
    const reply = sent.value;
    if (reply.tone === 'warning') {
      const round = await ctx.deps.pulse.round(value.roundId);
      const team = round && (await ctx.deps.goals.team(round.team));
      if (round && team) {
        const redrawn = renderCheckin(ctx.deps.pulse.checkin(round, team, value.reminder), { picks: value.picks, ...(comment ? { comment } : {}), problem: reply.lines.join(' ') });
        await client.chat.update({ channel: channel.id, ts: message.ts, ...redrawn });
        return;
      }
    }
    // the form (with the member's picks) is replaced by what was stored: nothing of it stays in the DM
    await client.chat.update({ channel: channel.id, ts: message.ts, ...renderNotice(reply) });
  });

  app.view(ids.pulseSetupView, async ({ ack, body, client }) => {
    const sent = readSubmission('pulse-setup', body, SetupMeta);
    if (!sent || !ctx.deps.pulse || !ctx.deps.goals) {
      await ack();
      throw new Error('pulse setup not understood');
    }
    const { lang } = sent.meta;
    const read = readPulseSetupForm(sent.values, lang);
    if (!read.ok) {
      await ack(blockErrors('pulse-setup', read.errors));
      return;
    }
    const user = sent.user;
    const { goals, pulse, people } = ctx.deps;
    const tell = (m: NoticeMessage) => client.chat.postMessage({ channel: user, ...renderNotice(m) });
    await submitInTime('pulse-setup', ack, { lang, tell, logger: ctx.deps.logger, via: 'pulse setup form', budgetMs: ctx.deps.ackBudgetMs }, async () => {
      const team = await channelTeam(goals, client, read.value.channel, read.value.lang ?? lang);
      const refused = leadRefusal(team, user, 'setup', lang);
      if (refused) return { errors: { leads: refused.lines.join(' ') } };
      // before the setup, so a setup said to be saved is all saved
      await people?.setUserTeam(user, team.id);
      return { reply: await pulse.setup(team, user, read.value.setup, lang) };
    });
  });
}
