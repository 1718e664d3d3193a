import type { App } from '@slack/bolt';
import { z } from 'zod';
import { progressForm, readProgressForm } from '../../../core/forms';
import { notice } from '../../../core/messages';
import { tGoal } from '../../../core/i18n/goal-strings';
import { Lang } from '../../../core/lang';
import { ids } from '../ids';
import { blockErrors, readSubmission } from '../form-submission';
import { renderModal } from '../render-forms';
import { storeStep, submitInTime, toUser } from '../store-step';
import type { ListenerContext } from './context';

const GoalMeta = z.object({ team: z.string().min(1), channel: z.string().min(1), lang: Lang });
const ProgressMeta = z.object({ goalId: z.string().min(1), channel: z.string().min(1), lang: Lang });
const ProgressButton = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  trigger_id: z.string().min(1),
  actions: z.array(z.object({ value: z.string().min(1) })).min(1),
});

/** The goal form, the "Log progress" button and its form. Validation problems show on the field they are about. */
export function registerGoals(app: App, ctx: ListenerContext): void {
  app.view(ids.goalNewView, async ({ ack, body, client }) => {
    const sent = readSubmission('goal-new', body, GoalMeta);
    if (!sent || !ctx.deps.goals) {
      await ack();
      throw new Error('goal form not understood');
    }
    const { lang, team: teamId, channel } = sent.meta;
    const goals = ctx.deps.goals;
    await submitInTime('goal-new', ack, { lang, tell: toUser(client, channel, sent.user), logger: ctx.deps.logger, via: 'goal form', budgetMs: ctx.deps.ackBudgetMs }, async () => {
      const team = await goals.team(teamId);
      if (!team) return { errors: { title: tGoal(lang, 'notInTeam') } };
      // one form makes one goal: sent again (its answer lost, the store down a moment) it is the goal it made
      const once = sent.view ? `slack:view:${sent.view}` : undefined;
      const created = await goals.createFromForm(team, sent.values, sent.user, lang, once);
      return created.ok ? { reply: created.reply } : { errors: created.errors };
    });
  });

  app.action(ids.goalProgress, async ({ ack, body, client }) => {
    await ack();
    const parsed = ProgressButton.safeParse(body);
    if (!parsed.success || !ctx.deps.goals) throw new Error('goal progress button not understood');
    const { goals } = ctx.deps;
    const user = parsed.data.user.id;
    const channel = parsed.data.channel?.id ?? user;
    const lang = await ctx.answerer.languages.of(client, user);
    const goalId = parsed.data.actions[0]!.value;
    const read = await storeStep({ lang, tell: toUser(client, channel, user), logger: ctx.deps.logger, via: 'goal progress button' }, async () => goals.resolve((await goals.goalTeam(goalId)) ?? '', goalId));
    if (!read) return;
    await client.views.open({ trigger_id: parsed.data.trigger_id, view: renderModal(progressForm(lang, { id: goalId, title: read.value?.title ?? '' }), { channel }) });
  });

  app.view(ids.goalProgressView, async ({ ack, body, client }) => {
    const sent = readSubmission('goal-progress', body, ProgressMeta);
    if (!sent || !ctx.deps.goals) {
      await ack();
      throw new Error('goal progress form not understood');
    }
    const { lang, goalId, channel } = sent.meta;
    const amount = readProgressForm(sent.values, lang);
    if (!amount.ok) {
      await ack(blockErrors('goal-progress', amount.errors));
      return;
    }
    const goals = ctx.deps.goals;
    const user = sent.user;
    await submitInTime('goal-progress', ack, { lang, tell: toUser(client, channel, user), logger: ctx.deps.logger, via: 'goal progress form', budgetMs: ctx.deps.ackBudgetMs }, async () => {
      // one form counts once: sent again (its answer lost, the store down a moment) it is the same update
      const once = sent.view ? { idempotencyKey: `slack:view:${sent.view}` } : {};
      const result = await goals.progress(goalId, amount.value, { source: 'slack', actor: user, ...once }, lang);
      return { reply: result.ok ? result.reply : notice(lang, 'warning', result.reply.lines) };
    });
  });
}
