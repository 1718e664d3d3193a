import type { App } from '@slack/bolt';
import { z } from 'zod';
import { parseProgress } from '../../../core/goals/service';
import { notice } from '../../../core/messages';
import { tGoal } from '../../../core/i18n/goal-strings';
import { Lang } from '../../../core/lang';
import { ids } from '../ids';
import { ViewSubmission } from '../payloads';
import { GOAL_BLOCKS, progressModal } from '../render-forms';
import { renderNotice } from '../render-messages';
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
    const parsed = ViewSubmission.safeParse(body);
    const meta = parsed.success ? GoalMeta.safeParse(JSON.parse(parsed.data.view.private_metadata)) : undefined;
    if (!parsed.success || !meta?.success || !ctx.deps.goals) {
      await ack();
      throw new Error('goal form not understood');
    }
    const { lang, team: teamId, channel } = meta.data;
    const v = (block: string) => parsed.data.view.state.values[block]?.v;
    const team = await ctx.deps.goals.team(teamId);
    if (!team) {
      await ack({ response_action: 'errors', errors: { [GOAL_BLOCKS.title]: tGoal(lang, 'notInTeam') } });
      return;
    }
    const draft = {
      title: v(GOAL_BLOCKS.title)?.value ?? undefined,
      metric: v(GOAL_BLOCKS.metric)?.value ?? undefined,
      // as typed: core reads the number and says on the field what is wrong with it
      start: v(GOAL_BLOCKS.start)?.value ?? undefined,
      target: v(GOAL_BLOCKS.target)?.value ?? undefined,
      unit: v(GOAL_BLOCKS.unit)?.value ?? '',
      direction: v(GOAL_BLOCKS.direction)?.selected_option?.value === 'lower' ? ('lower' as const) : ('higher' as const),
      due: v(GOAL_BLOCKS.due)?.selected_date ?? undefined,
      owner: v(GOAL_BLOCKS.owner)?.selected_user ?? undefined,
      why: v(GOAL_BLOCKS.why)?.value ?? undefined,
    };
    const created = await ctx.deps.goals.create(team, draft, lang);
    if (!created.ok) {
      const block = { title: GOAL_BLOCKS.title, metric: GOAL_BLOCKS.metric, start: GOAL_BLOCKS.start, target: GOAL_BLOCKS.target, unit: GOAL_BLOCKS.unit, due: GOAL_BLOCKS.due, owner: GOAL_BLOCKS.owner, why: GOAL_BLOCKS.why } as const;
      const errors: Record<string, string> = {};
      for (const p of created.problems) errors[block[p.field]] = errors[block[p.field]] ? `${errors[block[p.field]]} ${p.message}` : p.message;
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    await client.chat.postEphemeral({ channel, user: parsed.data.user.id, ...renderNotice(created.reply) }).catch(() => undefined);
  });

  app.action(ids.goalProgress, async ({ ack, body, client }) => {
    await ack();
    const parsed = ProgressButton.safeParse(body);
    if (!parsed.success || !ctx.deps.goals) throw new Error('goal progress button not understood');
    const lang = await ctx.answerer.languages.of(client, parsed.data.user.id);
    const goalId = parsed.data.actions[0]!.value;
    const goal = await ctx.deps.goals.resolve((await ctx.deps.goals.goalTeam(goalId)) ?? '', goalId);
    await client.views.open({ trigger_id: parsed.data.trigger_id, view: progressModal(lang, { goalId, channel: parsed.data.channel?.id ?? parsed.data.user.id }, goal?.title ?? '') });
  });

  app.view(ids.goalProgressView, async ({ ack, body, client }) => {
    const parsed = ViewSubmission.safeParse(body);
    const meta = parsed.success ? ProgressMeta.safeParse(JSON.parse(parsed.data.view.private_metadata)) : undefined;
    if (!parsed.success || !meta?.success || !ctx.deps.goals) {
      await ack();
      throw new Error('goal progress form not understood');
    }
    const { lang, goalId, channel } = meta.data;
    const amount = parseProgress(parsed.data.view.state.values.progress_value?.v?.value ?? '');
    if (!amount) {
      await ack({ response_action: 'errors', errors: { progress_value: tGoal(lang, 'badNumber') } });
      return;
    }
    await ack();
    const user = parsed.data.user.id;
    const result = await ctx.deps.goals.progress(goalId, amount, { source: 'slack', actor: user }, lang);
    const reply = renderNotice(result.ok ? result.reply : notice(lang, 'warning', result.reply.lines));
    await client.chat.postEphemeral({ channel, user, ...reply }).catch(() => client.chat.postMessage({ channel: user, ...reply }));
  });
}
