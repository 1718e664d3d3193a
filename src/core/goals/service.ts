import { randomUUID } from 'node:crypto';
import { tGoal } from '../i18n/goal-strings';
import type { Lang } from '../lang';
import { bar, notice, type Address, type Chat, type Chats, type OutMessage, type CelebrationMessage, type DigestMessage, type GoalCardMessage, type GoalListMessage, type GoalView, type NoticeMessage, type Person, type SendResult } from '../messages';
import type { Clock, Logger } from '../ports';
import { deliver, type DeliveryObserver, type DeliveryReport } from '../delivery';
import { renewWhileHeld } from '../held-lock';
import type { ChannelBookkeeping, GoalStore, Locks, Outbox, ProgressInput, ProgressOutcome, TeamStore } from '../storage/ports';
import type { Goal, NewGoal, OutboxItem, TeamRecord } from '../storage/records';
import { weekNumber } from '../pulse/iso-week';
import { formatDate, formatNumber, localDate, occurrenceInWeek, weekIn, weekStart } from '../zoned';
import { GOAL_NUMBER_LIMIT } from './progress';
import { errorsOf, type FieldErrors, type FormValues } from '../forms/model';
import { readGoalForm } from '../forms/goal-form';
import { validateGoal, type GoalDraft } from './smart';

export interface GoalServiceDeps {
  goals: GoalStore;
  teams: TeamStore;
  /** For once-only notes and digests across replicas. */
  once: Pick<ChannelBookkeeping, 'markEventSeen'>;
  /** Celebrations are queued here before they are posted, so a crash cannot lose one. */
  outbox: Outbox;
  /** One replica posts a given celebration at a time. */
  locks: Locks;
  /** This replica's name for the locks. */
  owner: string;
  chats: Chats;
  clock: Clock;
  logger: Logger;
  /** Told what each send of a celebration, note or digest did (for metrics). */
  observe?: DeliveryObserver;
}

/** When the weekly wins digest is posted: Monday 09:00 in the team's time zone, for the week before. */
const DIGEST_DAY = 1;
const DIGEST_TIME = '09:00';
const YEAR_SECONDS = 400 * 24 * 3600;
/** Longer than a post with a platform's retries takes: a message locked longer than this has lost its sender. */
const QUEUED_LOCK_MS = 120_000;
/** How long after it was due an interrupted celebration, note or digest is still sent. */
const RESUME_MS = 7 * 24 * 3_600_000;
/** The outbox item of a message to the team's channel (any other item is a person). */
const CHANNEL_ITEM = 'channel';

/** The outbox batch of a goal's one celebration. */
export const celebrationBatch = (goalId: string) => `goal:${goalId}:celebration`;
/** The outbox batch of a goal's card, posted in the team's channel when the goal is made. */
export const cardBatch = (goalId: string) => `goal:${goalId}:card`;

/** Where an update came from (a channel's name, 'api', a system's own name), who made it, and its idempotency key. */
export type ProgressMeta = { source: string; actor?: string; idempotencyKey?: string };

/** A goal saved (and whether its card was shown), or what is wrong with it, field by field. */
export type CreateReply = { ok: true; goal: Goal; reply: NoticeMessage } | { ok: false; errors: FieldErrors };

export type ProgressReply = { ok: true; outcome: ProgressOutcome; reply: NoticeMessage } | { ok: false; reply: NoticeMessage };

/**
 * Goals and recognition: SMART goals per team, progress from any source, exactly one celebration
 * in the team's channel, kudos in the open, a kind private note when a due date passes, and a
 * weekly wins digest. No leaderboard: people are thanked, not ranked.
 */
export class GoalService {
  /** Celebrations being posted in the background, so a stop (or a test) can wait for them. */
  private readonly posting = new Set<Promise<void>>();

  constructor(private readonly deps: GoalServiceDeps) {}

  async team(id: string): Promise<TeamRecord | undefined> {
    return this.deps.teams.getTeam(id);
  }

  /** The team of a channel, made known the first time it is used. */
  async ensureTeam(input: Pick<TeamRecord, 'id' | 'platform' | 'channel' | 'lang'> & Partial<Pick<TeamRecord, 'tz' | 'name'>>): Promise<TeamRecord> {
    const existing = await this.deps.teams.getTeam(input.id);
    if (existing) return existing;
    const team: TeamRecord = { tz: 'Europe/Oslo', leads: [], ...input, updatedAt: this.deps.clock.now().toISOString() };
    await this.deps.teams.saveTeam(team);
    return team;
  }

  /**
   * Saves a SMART goal and posts its card in the team's channel; `reply` tells the creator which of the
   * two happened. With an idempotency key (a form's), a goal is made once however often it is sent:
   * sent again, it is the goal the key made, and its card is posted if it was not yet.
   */
  async create(team: TeamRecord, draft: Omit<GoalDraft, 'team'>, lang: Lang, idempotencyKey?: string): Promise<CreateReply> {
    const checked = validateGoal({ ...draft, team: team.id }, lang, this.deps.clock.now());
    return checked.ok ? this.save(checked.goal, team, lang, idempotencyKey) : { ok: false, errors: errorsOf(checked.problems) };
  }

  /** The same from the goal form as its channel read it: the goal, or what is wrong on each of its fields. */
  async createFromForm(team: TeamRecord, values: FormValues, asker: string, lang: Lang, idempotencyKey?: string): Promise<CreateReply> {
    const read = readGoalForm(values, lang, { team: team.id, today: this.deps.clock.now(), asker });
    return read.ok ? this.save(read.value, team, lang, idempotencyKey) : read;
  }

  private async save(draft: NewGoal, team: TeamRecord, lang: Lang, idempotencyKey?: string): Promise<CreateReply> {
    const chat = this.deps.chats[team.platform];
    // the card is queued with the goal, so a goal the store saved and whose answer was lost (Redis
    // stalled), or that failed before its card went out, is shown once: by the form sent again, or by the next tick
    const card = chat ? { card: (id: string) => ({ batch: cardBatch(id), items: [{ id: CHANNEL_ITEM, to: team.channel }] }) } : {};
    const goal = await this.deps.goals.createGoal(draft, this.deps.clock.now().toISOString(), { ...(idempotencyKey ? { idempotencyKey } : {}), ...card });
    if (!chat) {
      this.deps.logger.warn({ team: team.id, kind: 'goal-card' }, 'no chat platform for the team: message not posted');
      return { ok: true, goal, reply: notice(lang, 'warning', [tGoal(lang, 'goalNotShown')]) };
    }
    const report = await this.sendCard(team, goal);
    // nothing left to send: the card was posted by an earlier send of the same form, or is being posted by a tick
    if (!report || report.sent + report.confirmed > 0) return { ok: true, goal, reply: notice(lang, 'success', [tGoal(lang, 'goalCreated')]) };
    return { ok: true, goal, reply: notice(lang, 'warning', [tGoal(lang, report.failed > 0 ? 'goalChannelGone' : 'goalNotShown')]) };
  }

  /** Posts a goal's queued card in its team's channel, numbered as the team's list numbers it then; undefined when there was none to post. */
  private async sendCard(team: TeamRecord, goal: Goal): Promise<DeliveryReport | undefined> {
    const since = new Date(Date.parse(goal.createdAt) - 60_000);
    return this.sendQueued(team, 'goal-card', cardBatch(goal.id), since, async () => {
      const goals = await this.deps.goals.listGoals(team.id);
      const i = goals.findIndex((g) => g.id === goal.id);
      return { ...this.card(goals[i] ?? goal, i + 1, team), deliveryId: cardBatch(goal.id) };
    });
  }

  async list(team: TeamRecord, lang: Lang): Promise<GoalListMessage> {
    const goals = await this.deps.goals.listGoals(team.id);
    return {
      kind: 'goal-list',
      lang,
      title: tGoal(lang, 'goalsTitle'),
      goals: goals.map((g, i) => this.view(g, i + 1, lang)),
      empty: tGoal(lang, 'noGoals'),
      progressLabel: tGoal(lang, 'logProgress'),
    };
  }

  card(goal: Goal, number: number, team: TeamRecord): GoalCardMessage {
    const lang = team.lang;
    return { kind: 'goal-card', lang, title: tGoal(lang, 'newGoalTitle'), goal: this.view(goal, number, lang), progressLabel: tGoal(lang, 'logProgress'), whyLabel: tGoal(lang, 'whyLabel') };
  }

  /** The team a goal belongs to. */
  async goalTeam(goalId: string): Promise<string | undefined> {
    return (await this.deps.goals.getGoal(goalId))?.team;
  }

  /** A goal by its number in the team's list, its id, or words of its title. */
  async resolve(teamId: string, ref: string): Promise<Goal | undefined> {
    const goals = await this.deps.goals.listGoals(teamId);
    const wanted = ref.trim().replace(/^#/, '');
    if (/^\d+$/.test(wanted)) return goals[Number(wanted) - 1];
    const byId = goals.find((g) => g.id === wanted);
    if (byId) return byId;
    const words = wanted.toLowerCase();
    return words.length >= 3 ? goals.find((g) => g.title.toLowerCase().includes(words)) : undefined;
  }

  /**
   * The one progress path, for every source (a command, a form, the goals API): applies the update,
   * and the store queues the celebration in the same step as the one update that reaches the target,
   * which this then starts posting. Undefined for an unknown goal; `refused` when the result is not
   * a number a goal may hold (nothing changed).
   */
  async applyProgress(goalId: string, input: ProgressInput, meta: ProgressMeta): Promise<ProgressOutcome | undefined> {
    const before = await this.deps.goals.getGoal(goalId);
    if (!before) return undefined;
    const team = await this.deps.teams.getTeam(before.team);
    // queued with the reach, not after it: a store that saved the update and whose answer was lost (a
    // timeout, a dropped connection) has queued the celebration too, and the next tick posts it
    const celebration = team && { batch: celebrationBatch(goalId), items: [{ id: CHANNEL_ITEM, to: team.channel }] };
    const outcome = await this.deps.goals.addProgress(goalId, input, { ...meta, at: this.deps.clock.now().toISOString() }, celebration);
    if (outcome?.reachedNow && !outcome.refused) {
      if (team) this.celebrate(outcome.goal, team);
      else this.deps.logger.warn({ goal: goalId }, 'goal reached for a team Kompis does not know: no channel to celebrate in');
    }
    return outcome;
  }

  /**
   * Applies progress and says what happened; the one update that reaches the target posts the celebration. Safe to call
   * from every replica at once: the store decides which update reached it.
   */
  async progress(goalId: string, input: ProgressInput, meta: ProgressMeta, lang: Lang): Promise<ProgressReply> {
    const outcome = await this.applyProgress(goalId, input, meta);
    if (!outcome) return { ok: false, reply: notice(lang, 'warning', [tGoal(lang, 'unknownGoal', { ref: goalId })]) };
    if (outcome.refused) return { ok: false, reply: notice(lang, 'warning', [tGoal(lang, 'outOfRange', { title: outcome.goal.title, limit: formatNumber(lang, GOAL_NUMBER_LIMIT) })]) };
    const { goal } = outcome;
    const line = outcome.applied
      ? tGoal(lang, 'progressSaved', { title: goal.title, current: formatNumber(lang, goal.current), unit: goal.unit, target: formatNumber(lang, goal.target) })
      : tGoal(lang, 'progressRepeated');
    return { ok: true, outcome, reply: notice(lang, outcome.applied ? 'success' : 'info', [`${line} ${bar(fraction(goal))}`]) };
  }

  /**
   * Posts the one message in the team's channel for a reached goal (what, how long, who helped),
   * queued by the store with the update that reached it. Posted in the background, so the caller
   * (a command, the goals API) answers at once even when the platform makes Kompis wait (a 429 with
   * a long Retry-After). If this replica dies before the post is confirmed, or never learnt that
   * the goal was reached, a later tick posts it (first looking whether it was posted after all,
   * where the platform can tell).
   */
  private celebrate(goal: Goal, team: TeamRecord): void {
    const posting: Promise<void> = this.sendQueued(team, 'celebration', celebrationBatch(goal.id), reachedSince(goal, this.deps.clock.now()), async () => this.celebration(goal, team))
      .then(() => undefined)
      .catch((err: unknown) => this.deps.logger.warn({ goal: goal.id, err: (err as Error).message }, 'celebration not posted yet; the next tick posts it'))
      .finally(() => this.posting.delete(posting));
    this.posting.add(posting);
  }

  /** Resolves once every celebration being posted in the background has been posted or given up. */
  async settled(): Promise<void> {
    while (this.posting.size > 0) await Promise.all([...this.posting]);
  }

  /** Cards of goals made lately and not shown: the store saved the goal and its answer was lost, and the form was not sent again; or the platform did not take it. */
  private async unfinishedCards(team: TeamRecord, goals: Goal[], now: Date): Promise<void> {
    for (const goal of goals) if (now.getTime() - Date.parse(goal.createdAt) <= RESUME_MS) await this.sendCard(team, goal);
  }

  /** Celebrations queued but not confirmed (their sender died, or never heard the goal was reached), for goals reached lately. */
  private async unfinishedCelebrations(team: TeamRecord, goals: Goal[], now: Date): Promise<void> {
    for (const goal of goals) {
      if (!goal.reachedAt || now.getTime() - Date.parse(goal.reachedAt) > RESUME_MS) continue;
      await this.sendQueued(team, 'celebration', celebrationBatch(goal.id), reachedSince(goal, now), async () => this.celebration(goal, team));
    }
  }

  /**
   * Sends what is queued under `batch` (a goal's card, a celebration, a note, a digest), under the
   * batch's lock so one replica sends it; a batch already sent, or with nothing queued, is left alone
   * (undefined). Where the platform can tell (`Chat.delivered`), a message left in doubt by a crash is
   * looked for, from `since` (when it was due), before it is sent again.
   */
  private async sendQueued(team: TeamRecord, kind: 'goal-card' | 'celebration' | 'missed' | 'digest', batch: string, since: Date, build: () => Promise<OutMessage | undefined>): Promise<DeliveryReport | undefined> {
    const chat = this.deps.chats[team.platform];
    if (!chat) return undefined;
    const counts = await this.deps.outbox.counts(batch);
    if (counts.pending + counts.sending === 0) return undefined;
    // each send holds the lock under its own token: a tick in this process cannot take it as its own
    const token = `${this.deps.owner}:${randomUUID()}`;
    if (!(await this.deps.locks.acquire(`send:${batch}`, token, QUEUED_LOCK_MS))) return undefined;
    const held = renewWhileHeld(this.deps.locks, `send:${batch}`, token, QUEUED_LOCK_MS);
    try {
      const to = (item: OutboxItem): Address => (item.id === CHANNEL_ITEM ? { kind: 'channel', id: item.to } : { kind: 'user', id: item.to, via: team.channel });
      const report = await deliver(this.deps.outbox, batch, chat, build, { kind, concurrency: 1, since, to, ...(this.deps.observe ? { observe: this.deps.observe } : {}) }, this.deps.logger);
      this.deps.logger.info({ team: team.id, kind, ...report }, 'team message sent');
      return report;
    } finally {
      held.stop();
      await this.deps.locks.release(`send:${batch}`, token);
    }
  }

  async celebration(goal: Goal, team: TeamRecord): Promise<CelebrationMessage> {
    const lang = team.lang;
    const progress = await this.deps.goals.listProgress(goal.id);
    const kudos = await this.deps.goals.listKudos(team.id, goal.createdAt, new Date(this.deps.clock.now().getTime() + 1).toISOString());
    const people = new Set<string>();
    for (const p of progress) if (p.actor) people.add(p.actor);
    for (const k of kudos) if (k.goalId === goal.id) people.add(k.to);
    const reachedAt = goal.reachedAt ?? this.deps.clock.now().toISOString();
    const days = Math.round((Date.parse(localDate(team.tz, new Date(reachedAt))) - Date.parse(localDate(team.tz, new Date(goal.createdAt)))) / 86_400_000);
    const vars = { days, start: formatNumber(lang, goal.start), current: formatNumber(lang, goal.current), unit: goal.unit };
    const goals = await this.deps.goals.listGoals(team.id);
    return {
      kind: 'celebration',
      lang,
      deliveryId: celebrationBatch(goal.id),
      headline: tGoal(lang, 'celebrationHeadline', { title: goal.title }),
      goal: this.view(goal, goals.findIndex((g) => g.id === goal.id) + 1, lang),
      took: days > 0 ? tGoal(lang, 'tookDays', vars) : tGoal(lang, 'tookSameDay', vars),
      contributorsLabel: tGoal(lang, 'contributors'),
      contributors: [...people].map((id) => ({ id })),
    };
  }

  /**
   * Posts kudos in the team's channel. The giver gets a short confirmation back. Kudos linking a goal
   * the team does not have are not posted: once in the channel the giver cannot add the link.
   */
  async kudos(team: TeamRecord, from: Person, to: Person, text: string, lang: Lang, goalRef?: string): Promise<NoticeMessage> {
    if (from.id === to.id) return notice(lang, 'info', [tGoal(lang, 'kudosSelf')]);
    const goal = goalRef ? await this.resolve(team.id, goalRef) : undefined;
    if (goalRef && !goal) return notice(lang, 'warning', [tGoal(lang, 'kudosUnknownGoal', { ref: goalRef })]);
    await this.deps.goals.addKudos({ team: team.id, from: from.id, to: to.id, text, ...(goal ? { goalId: goal.id } : {}), at: this.deps.clock.now().toISOString() });
    const posted = await this.post(team, {
      kind: 'kudos',
      lang: team.lang,
      from,
      to,
      text,
      headline: tGoal(team.lang, 'kudosHeadline'),
      ...(goal ? { goalLine: tGoal(team.lang, 'kudosGoal', { title: goal.title }) } : {}),
    });
    // the giver hears what happened: the kudos are kept for the weekly digest either way
    if (posted.ok) return notice(lang, 'success', [tGoal(lang, 'kudosPosted')]);
    return notice(lang, 'warning', [tGoal(lang, posted.error === 'unknown_recipient' ? 'kudosChannelGone' : 'kudosNotPosted')]);
  }

  /**
   * Runs every few minutes on one replica: celebrations a crashed replica left unposted, private
   * notes for goals past their due date, and the weekly digest once its time has come in the
   * team's time zone. Each is sent once, ever.
   */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    for (const team of await this.deps.teams.listTeams()) {
      if (!this.deps.chats[team.platform]) continue;
      try {
        const goals = await this.deps.goals.listGoals(team.id);
        await this.unfinishedCards(team, goals, now);
        await this.unfinishedCelebrations(team, goals, now);
        await this.missedGoals(team, goals, now);
        await this.digestIfDue(team, now);
      } catch (err) {
        this.deps.logger.warn({ team: team.id, err: (err as Error).message }, 'goal housekeeping failed for a team; it is tried again on the next tick');
      }
    }
  }

  /** A private, kind note to the owner of each goal past its due date, decided once and queued. */
  private async missedGoals(team: TeamRecord, goals: Goal[], now: Date): Promise<void> {
    const today = localDate(team.tz, now);
    for (const goal of goals) {
      if (goal.reachedAt || goal.due >= today) continue;
      // a week after the due date the note is sent or given up, so old goals cost nothing every minute
      const dueAt = new Date(`${goal.due}T00:00:00Z`);
      if (now.getTime() - dueAt.getTime() > RESUME_MS) continue;
      const batch = `goal:${goal.id}:missed`;
      if (await this.deps.once.markEventSeen(`goal-missed:${goal.id}`, YEAR_SECONDS)) await this.deps.outbox.enqueue(batch, [{ id: 'owner', to: goal.owner }]);
      await this.sendQueued(team, 'missed', batch, dueAt, async () => {
        const lang = team.lang;
        const text = tGoal(lang, 'missedNote', { title: goal.title, due: formatDate(lang, goal.due), current: formatNumber(lang, goal.current), target: formatNumber(lang, goal.target), unit: goal.unit });
        return { ...notice(lang, 'info', [text]), deliveryId: batch };
      });
    }
  }

  /**
   * The digest of the week before, posted Monday 09:00 local; nothing is posted for a quiet week.
   * Returns the digest when this call posted it.
   */
  async digestIfDue(team: TeamRecord, now: Date): Promise<DigestMessage | undefined> {
    const due = occurrenceInWeek(team.tz, DIGEST_DAY, DIGEST_TIME, now);
    if (now < due) return undefined;
    const thisWeek = weekStart(team.tz, now);
    const lastWeek = weekStart(team.tz, new Date(thisWeek.getTime() - 3 * 24 * 3600 * 1000));
    const batch = `digest:${team.id}:${weekIn(team.tz, lastWeek)}`;
    let digest: DigestMessage | undefined;
    // decided once per team and week, also for a quiet one, so the week is not read again every minute
    if (await this.deps.once.markEventSeen(batch, YEAR_SECONDS)) {
      digest = await this.digest(team, lastWeek, thisWeek);
      if (!digest) return undefined;
      await this.deps.outbox.enqueue(batch, [{ id: CHANNEL_ITEM, to: team.channel }]);
    }
    let built: DigestMessage | undefined;
    const report = await this.sendQueued(team, 'digest', batch, due, async () => {
      built = digest ?? (await this.digest(team, lastWeek, thisWeek));
      return built && { ...built, deliveryId: batch };
    });
    return report && report.sent + report.confirmed > 0 ? built : undefined;
  }

  /** Goals reached and kudos given in [from, to): a week in the team's own time zone. */
  async digest(team: TeamRecord, from: Date, to: Date): Promise<DigestMessage | undefined> {
    const lang = team.lang;
    const goals = await this.deps.goals.listGoals(team.id);
    const reached = goals
      .map((g, i) => ({ g, i }))
      .filter(({ g }) => g.reachedAt !== undefined && Date.parse(g.reachedAt) >= from.getTime() && Date.parse(g.reachedAt) < to.getTime())
      .map(({ g, i }) => this.view(g, i + 1, lang));
    const kudos = await this.deps.goals.listKudos(team.id, from.toISOString(), to.toISOString());
    if (reached.length === 0 && kudos.length === 0) return undefined;
    return {
      kind: 'digest',
      lang,
      title: tGoal(lang, 'digestTitle', { week: weekNumber(weekIn(team.tz, from)) }),
      reachedTitle: tGoal(lang, 'digestReached'),
      reached,
      kudosTitle: tGoal(lang, 'digestKudos'),
      kudos: kudos.map((k) => ({ from: { id: k.from }, to: { id: k.to }, text: k.text })),
      footer: tGoal(lang, 'digestFooter'),
    };
  }

  view(goal: Goal, number: number, lang: Lang): GoalView {
    const n = (x: number) => formatNumber(lang, x);
    const statusLine = goal.reachedAt
      ? tGoal(lang, 'statusReached', { date: formatDate(lang, goal.reachedAt), current: n(goal.current), unit: goal.unit, target: n(goal.target) })
      : tGoal(lang, 'statusLine', { current: n(goal.current), target: n(goal.target), unit: goal.unit, due: formatDate(lang, goal.due) });
    return {
      id: goal.id,
      number,
      title: goal.title,
      metric: goal.metric,
      unit: goal.unit,
      start: goal.start,
      target: goal.target,
      current: goal.current,
      direction: goal.direction,
      due: goal.due,
      owner: { id: goal.owner },
      ...(goal.why ? { why: goal.why } : {}),
      progress: fraction(goal),
      reached: goal.reachedAt !== undefined,
      statusLine,
    };
  }

  private async post(team: TeamRecord, message: Parameters<Chat['send']>[1]): Promise<SendResult> {
    const chat = this.deps.chats[team.platform];
    if (!chat) {
      this.deps.logger.warn({ team: team.id, kind: message.kind }, 'no chat platform for the team: message not posted');
      return { ok: false, error: 'unavailable' };
    }
    const sent = await chat.send({ kind: 'channel', id: team.channel }, message);
    if (!sent.ok) this.deps.logger.warn({ team: team.id, kind: message.kind, error: sent.error }, 'message to the team channel not delivered');
    return sent;
  }
}

/** From when a goal's celebration may be in a channel: a minute before it was reached. */
function reachedSince(goal: Goal, now: Date): Date {
  return new Date((goal.reachedAt ? Date.parse(goal.reachedAt) : now.getTime()) - 60_000);
}

/** 0 … 1 of the way from start to target, whichever direction is better. */
export function fraction(goal: Pick<Goal, 'start' | 'target' | 'current'>): number {
  const span = goal.target - goal.start;
  if (span === 0) return 1;
  return Math.max(0, Math.min(1, (goal.current - goal.start) / span));
}
