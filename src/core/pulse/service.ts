import { createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { deliver, type DeliveryObserver, type DeliveryReport } from '../delivery';
import { isStoreUnavailable, KompisError } from '../errors';
import { renewWhileHeld } from '../held-lock';
import { tPulse } from '../i18n/pulse-strings';
import { mentions } from '../i18n/strings';
import { Lang } from '../lang';
import { notice, type Address, type Chat, type Chats, type Member, type NoticeMessage, type OutMessage, type PulseCheckinMessage, type PulseSummaryMessage, type TextMarkup } from '../messages';
import type { Clock, Logger } from '../ports';
import type { FinalResults, Locks, Outbox, PulseStore, SealedSet, TeamStore } from '../storage/ports';
import type { OutboxItem, PulseResults, PulseRound, TeamRecord } from '../storage/records';
import { formatDateTime, isValidTimeZone, nextWeekStart, occurrenceInWeek, weekdayName, weekIn } from '../zoned';
import { ASKED_TTL_SECONDS, askedHash, askedKey } from './asked';
import { batchOf } from './batches';
import { weekNumber, weekOrder } from './iso-week';
import { commentThreshold, DEFAULT_QUESTION_IDS, pulseQuestion, scaleLabels, scaleValues } from './questions';
import { isLead, leadHash, leadRefusal, leadsDoNotAnswer, leadsKey, ledWhenOpened, roundReaders } from './leads';
import { newRoundKey, unwrapRoundKey } from './round-key';
import { openAnswers, sealAnswer, sealBatch, tally, type Tally } from './seal';
import { COMMENT_MAX, scrubAndCut, scrubComment, shuffle } from './scrub';
import { meetsK, summarize, type ClosedRound } from './summary';

export { batchOf };

export interface PulseDeps {
  pulse: PulseStore;
  teams: TeamStore;
  outbox: Outbox;
  locks: Locks;
  chats: Chats;
  clock: Clock;
  logger: Logger;
  /** This replica's name for the scheduler lock. */
  owner: string;
  /** The key that wraps every round's key (`wrappingKey` of PULSE_SECRET): never stored. */
  wrapping: Buffer;
  /** A short themes paragraph from comments, when a language model is configured. */
  themes?: (comments: string[], lang: Lang) => Promise<string | undefined>;
  sendConcurrency?: number;
  /** Told what each run of check-ins, reminders and summaries did (for metrics). */
  observe?: DeliveryObserver;
  /** The order comments are shuffled into at close; a cryptographic one unless a test fixes it. */
  random?: () => number;
  /**
   * Every platform's markup a comment may hold, whether or not that platform runs here now (a comment
   * pasted from another chat, a round answered before a platform was turned off); the running ones' otherwise.
   */
  markup?: readonly TextMarkup[];
}

/** What a lead sets up; every field optional but the channel, with the issue's defaults. */
export const PulseSetupInput = z.object({
  leads: z.array(z.string().min(1)).default([]),
  day: z.coerce.number().int().min(1).max(7).default(5),
  time: z.string().trim().default('13:00'),
  tz: z.string().trim().default('Europe/Oslo'),
  lang: Lang.optional(),
  questionIds: z.array(z.string()).default([...DEFAULT_QUESTION_IDS]),
  k: z.coerce.number().int().default(5),
  /** Respondents needed before comments are shown: default max(k, 5), never below k. */
  commentK: z.coerce.number().int().optional(),
  openHours: z.coerce.number().int().default(72),
});
export type PulseSetupInput = z.input<typeof PulseSetupInput>;

const LOCK = 'pulse-scheduler';
const LOCK_TTL_MS = 60_000;
/** How much of a comment is read at all: the scrubber then cuts what is left at COMMENT_MAX. */
const READ_AT_MOST = 2 * COMMENT_MAX;
const TREND_ROUNDS = 9;
/**
 * Loose answers are gathered into a batch once there are this many: a round of n answers then holds
 * at most n/32 batches and 31 loose entries, and each answer is rewritten once, not once a tick.
 */
const BATCH_FROM = 32;
/** How long a team's listed names are used to scrub comments before the channel is listed again. */
const NAMES_FRESH_MS = 10 * 60_000;

export type SetupField = 'time' | 'tz' | 'questionIds' | 'k' | 'commentK' | 'openHours';

/** The setup with defaults filled in, or what is wrong with it, field by field, in the lead's language. */
export function checkSetup(raw: PulseSetupInput, lang: Lang): { ok: true; input: z.infer<typeof PulseSetupInput> } | { ok: false; problems: { field: SetupField; message: string }[] } {
  const input = PulseSetupInput.parse(raw);
  const problems: { field: SetupField; message: string }[] = [];
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time)) problems.push({ field: 'time', message: tPulse(lang, 'badTime') });
  if (!isValidTimeZone(input.tz)) problems.push({ field: 'tz', message: tPulse(lang, 'badTimeZone', { tz: input.tz }) });
  const questionIds = [...new Set(input.questionIds)].filter((id) => pulseQuestion(id));
  if (questionIds.length < 3 || questionIds.length > 6) problems.push({ field: 'questionIds', message: tPulse(lang, 'questionCount') });
  if (input.k < 3) problems.push({ field: 'k', message: tPulse(lang, 'kTooLow') });
  if (input.commentK !== undefined && input.commentK < input.k) problems.push({ field: 'commentK', message: tPulse(lang, 'commentKTooLow', { k: input.k }) });
  if (input.openHours < 1 || input.openHours > 168) problems.push({ field: 'openHours', message: tPulse(lang, 'badHours') });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, input: { ...input, questionIds } };
}

/**
 * The weekly pulse. Answers are recorded as counts with no one's id; a keyed hash of (round, user)
 * refuses a second answer, and its key dies with the round. Leads see a closed round only, and
 * only at K respondents or more. Nothing here logs an answer or a comment.
 */
export class PulseService {
  /** The key of the hashes a round keeps of the leads it opened with. */
  private readonly leadsKey: Buffer;

  constructor(private readonly deps: PulseDeps) {
    this.leadsKey = leadsKey(deps.wrapping);
  }

  // ——— leads ———

  async setup(team: TeamRecord, by: string, raw: PulseSetupInput, lang: Lang): Promise<NoticeMessage> {
    const refused = leadRefusal(team, by, 'setup', lang);
    if (refused) return refused;
    const checked = checkSetup(raw, lang);
    if (!checked.ok) return notice(lang, 'warning', checked.problems.map((p) => p.message));
    const input = checked.input;
    const moved = await this.weekMoves(team, input.tz, lang);
    if (moved) return moved;
    const questionIds = input.questionIds;
    const leads = input.leads.length > 0 ? input.leads : [by];
    const saved: TeamRecord = {
      ...team,
      tz: input.tz,
      lang: input.lang ?? team.lang,
      leads,
      pulse: { day: input.day, time: input.time, questionIds, k: input.k, commentK: commentThreshold(input), openHours: input.openHours, paused: false },
      updatedAt: this.deps.clock.now().toISOString(),
    };
    await this.deps.teams.saveTeam(saved);
    const day = weekdayName(lang, input.day);
    return notice(lang, 'success', [
      tPulse(lang, 'setupSaved', { day, time: input.time, tz: input.tz, n: questionIds.length, k: input.k, hours: input.openHours, leads: mentions(leads) }),
    ]);
  }

  /**
   * Why the team's time zone cannot change to `tz` now, or undefined when it can. A team has one
   * round an ISO week, and which week it is now is read in its time zone: a zone a week ahead or
   * behind the team's would make a week over again (a second round of the same days, asking
   * other people) or skip one. So a team that has had a round changes zone only while both zones
   * are in the same week, and the team's week only ever moves on as the calendar does.
   */
  private async weekMoves(team: TeamRecord, tz: string, lang: Lang): Promise<NoticeMessage | undefined> {
    if (tz === team.tz) return undefined;
    const now = this.deps.clock.now();
    const [here, there] = [weekIn(team.tz, now), weekIn(tz, now)];
    if (here === there || (await this.deps.pulse.listRounds(team.id, 1)).length === 0) return undefined;
    // they agree once the zone behind has reached the week the other is in
    const behind = (weekOrder(here) ?? 0) < (weekOrder(there) ?? 0) ? team.tz : tz;
    const when = formatDateTime(lang, nextWeekStart(behind, now).toISOString(), team.tz);
    return notice(lang, 'warning', [tPulse(lang, 'tzWeekDiffers', { from: team.tz, to: tz, here: weekNumber(here), there: weekNumber(there), when })]);
  }

  async setPaused(team: TeamRecord, by: string, paused: boolean, lang: Lang): Promise<NoticeMessage> {
    const refusal = this.leadCheck(team, by, lang);
    if (refusal) return refusal;
    const pulse = team.pulse!;
    await this.deps.teams.saveTeam({ ...team, pulse: { ...pulse, paused }, updatedAt: this.deps.clock.now().toISOString() });
    if (paused) return notice(lang, 'info', [tPulse(lang, 'paused')]);
    const now = this.deps.clock.now();
    let next = occurrenceInWeek(team.tz, pulse.day, pulse.time, now);
    if (next < now) next = occurrenceInWeek(team.tz, pulse.day, pulse.time, new Date(now.getTime() + 7 * 86_400_000));
    return notice(lang, 'success', [tPulse(lang, 'resumed', { next: formatDateTime(lang, next.toISOString(), team.tz) })]);
  }

  /** `/kompis pulse now`: opens this week's round at once (if it has none) and starts sending. */
  async openNow(team: TeamRecord, by: string, lang: Lang): Promise<NoticeMessage> {
    const refusal = this.leadCheck(team, by, lang);
    if (refusal) return refusal;
    const now = this.deps.clock.now();
    const week = weekIn(team.tz, now);
    const [latest] = await this.deps.pulse.listRounds(team.id, 1);
    if (latest && latest.week === week) {
      // one round a week: a round closed early is this week's, and the next comes at next week's time
      if (latest.state === 'open') {
        // its check-ins were queued with it: a lead asking again after a reply that could not tell
        // whether it opened has them sent now, not at the scheduler's next minute
        void this.tick().catch((err: unknown) => this.deps.logger.warn({ err: (err as Error).message }, 'pulse delivery did not start; the scheduler retries'));
        return notice(lang, 'info', [tPulse(lang, 'alreadyOpen', { week: weekNumber(week), closes: formatDateTime(lang, latest.closesAt, team.tz) })]);
      }
      const next = occurrenceInWeek(team.tz, team.pulse!.day, team.pulse!.time, new Date(now.getTime() + 7 * 86_400_000));
      return notice(lang, 'info', [tPulse(lang, 'alreadyClosed', { week: weekNumber(week), closed: formatDateTime(lang, latest.closesAt, team.tz), next: formatDateTime(lang, next.toISOString(), team.tz) })]);
    }
    let result: Awaited<ReturnType<PulseService['open']>>;
    try {
      result = await this.open(team, now);
    } catch (err) {
      if (!(err instanceof OpenInDoubt)) throw err;
      // not "nothing was saved": the store may have opened the round, with its check-ins, before its
      // answer was lost; asked again, this finds it open (and sends what it queued) or opens it
      this.deps.logger.warn({ team: team.id, week, err: err.message }, 'the store did not answer whether it opened the pulse round; the lead is told to run pulse now again');
      return notice(lang, 'warning', [tPulse(lang, 'openInDoubt', { week: weekNumber(week) })]);
    }
    const { round, askedElsewhere } = result;
    if (!round && askedElsewhere > 0) {
      const next = occurrenceInWeek(team.tz, team.pulse!.day, team.pulse!.time, new Date(now.getTime() + 7 * 86_400_000));
      return notice(lang, 'info', [tPulse(lang, 'allAskedElsewhere', { week: weekNumber(week), next: formatDateTime(lang, next.toISOString(), team.tz) })]);
    }
    if (!round) return notice(lang, 'warning', [tPulse(lang, 'noMembers')]);
    void this.tick().catch((err: unknown) => this.deps.logger.warn({ err: (err as Error).message }, 'pulse delivery did not start; the scheduler retries'));
    const opened = tPulse(lang, 'openedNow', { week: weekNumber(week), n: round.invited ?? 0, closes: formatDateTime(lang, round.closesAt, team.tz) });
    return notice(lang, 'success', askedElsewhere > 0 ? [opened, tPulse(lang, 'someAskedElsewhere', { n: askedElsewhere })] : [opened]);
  }

  /**
   * `/kompis pulse close`: the team's open round closes now, as it would at its time: the leads get
   * the summary (scores only at K answers or more). `by` is a lead of the team, or undefined for
   * an admin (`kompis pulse close --team`).
   */
  async closeNow(team: TeamRecord, by: string | undefined, lang: Lang): Promise<NoticeMessage> {
    if (by !== undefined) {
      const refusal = this.leadCheck(team, by, lang);
      if (refusal) return refusal;
    }
    const open = (await this.deps.pulse.listRounds(team.id, 3)).find((r) => r.state === 'open');
    if (!open || !(await this.deps.pulse.closeAt(open.id, this.deps.clock.now().toISOString()))) return notice(lang, 'info', [tPulse(lang, 'noOpenRound')]);
    this.deps.logger.info({ team: team.id, round: open.id, by: by === undefined ? 'admin' : 'lead' }, 'pulse round closed early');
    // the scheduler closes it as at its time: here at once, or on whichever replica holds the scheduler
    void this.tick().catch((err: unknown) => this.deps.logger.warn({ err: (err as Error).message }, 'pulse close did not run now; the scheduler closes the round'));
    return notice(lang, 'success', [tPulse(lang, 'closingNow', { week: weekNumber(open.week), k: open.k })]);
  }

  /** The latest closed round's summary for a lead of the team, or why there is none to show. */
  async results(team: TeamRecord, by: string, lang: Lang): Promise<PulseSummaryMessage | NoticeMessage> {
    const refused = leadRefusal(team, by, 'read', lang);
    if (refused) return refused;
    const rounds = await this.deps.pulse.listRounds(team.id, TREND_ROUNDS + 1);
    const open = rounds.find((r) => r.state === 'open');
    const lines: string[] = [];
    if (open) lines.push(tPulse(lang, 'stillOpen', { week: weekNumber(open.week), closes: formatDateTime(lang, open.closesAt, team.tz) }));
    const closedIdx = rounds.findIndex((r) => r.state === 'closed');
    if (closedIdx < 0) return notice(lang, 'info', lines.length ? lines : [tPulse(lang, 'noRounds')]);
    const closed = rounds[closedIdx]!;
    if (!roundReaders(this.leadsKey, closed, team).includes(by)) return notice(lang, 'info', [...lines, tPulse(lang, 'notReaderOfRound', { week: weekNumber(closed.week) })]);
    const [, ...earlier] = rounds.slice(closedIdx);
    const summary = await this.summaryOf(team, [closed, ...this.trendFor(team, earlier, by)], lang);
    if (summary.kind === 'notice') return notice(lang, 'info', [...lines, ...summary.lines]);
    return lines.length ? { ...summary, footer: `${lines.join(' ')}\n${summary.footer}` } : summary;
  }

  /** What a lead sees on the Home tab: the schedule and where the rounds stand, never a live count. */
  async state(team: TeamRecord, lang: Lang): Promise<string[]> {
    const pulse = team.pulse;
    if (!pulse) return [tPulse(lang, 'noPulse')];
    const day = weekdayName(lang, pulse.day);
    const lines = [tPulse(lang, 'stateSchedule', { day, time: pulse.time, tz: team.tz, k: pulse.k })];
    if (pulse.paused) lines.push(tPulse(lang, 'statePaused'));
    const rounds = await this.deps.pulse.listRounds(team.id, 2);
    const open = rounds.find((r) => r.state === 'open');
    if (open) lines.push(tPulse(lang, 'stillOpen', { week: weekNumber(open.week), closes: formatDateTime(lang, open.closesAt, team.tz) }));
    const closed = rounds.find((r) => r.state === 'closed');
    if (closed) lines.push(tPulse(lang, 'stateLast', { week: weekNumber(closed.week) }));
    return lines;
  }

  // ——— members ———

  async round(id: string): Promise<PulseRound | undefined> {
    return this.deps.pulse.getRound(id);
  }

  checkin(round: PulseRound, team: TeamRecord, reminder: boolean): PulseCheckinMessage {
    const lang = team.lang;
    const closes = formatDateTime(lang, round.closesAt, team.tz);
    const questions = round.questionIds.flatMap((id) => {
      const q = pulseQuestion(id);
      return q ? [{ id, text: q.text[lang], values: scaleValues(q.scale), ...scaleLabels(q.scale, lang) }] : [];
    });
    return {
      kind: 'pulse-checkin',
      lang,
      roundId: round.id,
      deliveryId: batchOf(round.id, reminder ? 'reminder' : 'checkin'),
      reminder,
      title: reminder ? tPulse(lang, 'reminderTitle', { closes }) : `${tPulse(lang, 'checkinTitle')}${team.name ? ` · ${team.name}` : ''}`,
      intro: tPulse(lang, 'checkinIntro', { count: questions.length, closes }),
      questions,
      commentLabel: tPulse(lang, 'commentLabel'),
      commentHint: tPulse(lang, 'commentHint'),
      submitLabel: tPulse(lang, 'submit'),
      privacy: tPulse(lang, 'privacy', { k: round.k }),
    };
  }

  /**
   * Records one member's answers once. The user's id goes into the keyed hash and nowhere else; the
   * comment is scrubbed (names, e-mails, phones, links) before anything is stored, and the answers
   * are stored sealed, to be counted only when the round closes.
   */
  async answer(roundId: string, who: { platform: TeamRecord['platform']; user: string }, scores: Record<string, number>, comment: string | undefined, lang: Lang): Promise<NoticeMessage> {
    const round = await this.deps.pulse.getRound(roundId);
    if (!round || round.state !== 'open') return notice(lang, 'info', [tPulse(lang, 'closed')]);
    // the team is read to refuse its leads (see `invitees`), before anything asks them to complete
    // an answer that would be refused, and to scrub a comment of its members' names
    const team = await this.deps.teams.getTeam(round.team);
    if (team && isLead(team, who.user)) return leadsDoNotAnswer(lang);
    if (ledWhenOpened(this.leadsKey, round, who.user)) return notice(lang, 'info', [tPulse(lang, 'ledWhenOpened')]);
    if (!(await this.askedByRound(round, who))) return notice(lang, 'info', [tPulse(lang, 'notAsked')]);
    const missing = round.questionIds.filter((id) => {
      const q = pulseQuestion(id);
      const score = scores[id];
      return score === undefined || (q !== undefined && !scaleValues(q.scale).includes(score));
    });
    if (missing.length > 0) {
      const labels = missing.map((id) => pulseQuestion(id)?.label[lang] ?? id).join(', ');
      return notice(lang, 'warning', [tPulse(lang, 'incomplete', { missing: labels })]);
    }
    const written = comment?.trim() ?? '';
    const text = written.slice(0, READ_AT_MOST) || undefined;
    const key = await this.roundKey(round.id);
    if (!key) return notice(lang, 'info', [tPulse(lang, 'closed')]);
    const only = Object.fromEntries(round.questionIds.map((id) => [id, scores[id]!]));
    const scrubbed = text ? scrubAndCut(text, team ? await this.knownNames(team) : [], team?.lang ?? lang, this.markup()) : undefined;
    const kept = scrubbed?.text || undefined;
    const sealed = sealAnswer(key, round, { scores: only, ...(kept ? { comment: kept } : {}) });
    const outcome = await this.deps.pulse.recordAnswer(round.id, respondentHash(key, round.id, userKey(who, who.user)), sealed);
    if (outcome === 'duplicate') return notice(lang, 'info', [tPulse(lang, 'duplicate')]);
    if (outcome !== 'recorded') return notice(lang, 'info', [tPulse(lang, 'closed')]);
    if (round.sealed) this.recorded(round);
    // what the writer is told of their comment is what the lead will read: whole, cut at the limit, or none
    const cut = written.length > READ_AT_MOST || scrubbed?.cut === true;
    const stored = !kept ? '' : cut ? tPulse(lang, 'storedCommentCut', { max: COMMENT_MAX }) : tPulse(lang, 'storedComment');
    return notice(lang, 'success', [tPulse(lang, 'stored', { n: round.questionIds.length, comment: stored })]);
  }

  // ——— the scheduler ———

  /** Answers this process recorded per round since its last batch, and the rounds being batched now. */
  private readonly sinceBatch = new Map<string, number>();
  private readonly batching = new Set<string>();

  /** The team-weeks whose round was not opened for want of anyone left to ask, logged once each. */
  private readonly toldNoneLeft = new Set<string>();

  /** Each team's members' names, scrubbed from comments, as listed lately. */
  private readonly names = new Map<string, { at: number; names: string[] }>();

  /** The pass running in this process, and whether another was asked for while it ran. */
  private running: Promise<void> | undefined;
  private rerun = false;

  /**
   * One pass of the weekly cycle for every team: open due rounds, queue the one reminder, close
   * rounds whose time is up, and send whatever is queued. One pass at a time in a process (a call
   * during a pass makes it run once more, for a round opened meanwhile) and one replica at a time
   * (a store lock held under this pass's own token, so no other pass can take it as its own).
   */
  tick(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.rerun = false;
          await this.pass();
        } while (this.rerun);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async pass(): Promise<void> {
    const token = `${this.deps.owner}:${randomUUID()}`;
    if (!(await this.deps.locks.acquire(LOCK, token, LOCK_TTL_MS))) return;
    const held = renewWhileHeld(this.deps.locks, LOCK, token, LOCK_TTL_MS);
    try {
      const teams = [];
      for (const team of await this.deps.teams.listTeams()) if (team.pulse) teams.push({ team, rounds: await this.deps.pulse.listRounds(team.id, 3) });
      // an open round that marked no one (opened before marks were kept, or moved from a backup
      // without them) marks whom it asks first, before another team's round this week can claim them
      for (const { team, rounds } of teams) {
        if (!held.ok()) break;
        await this.markOpenRounds(team, rounds).catch((err: unknown) => this.deps.logger.warn({ team: team.id, err: (err as Error).message }, 'whom an open pulse round asked could not be marked; tried again on the next tick'));
      }
      for (const { team, rounds } of teams) {
        if (!held.ok()) break;
        try {
          await this.tickTeam(team, rounds, held.ok);
        } catch (err) {
          this.deps.logger.warn({ team: team.id, err: (err as Error).message }, 'pulse step failed for a team; it is tried again on the next tick');
        }
      }
    } finally {
      held.stop();
      await this.deps.locks.release(LOCK, token);
    }
  }

  /** One team's step of a pass: `rounds` are its latest, as the pass listed them. */
  private async tickTeam(team: TeamRecord, rounds: PulseRound[], held: () => boolean): Promise<void> {
    const pulse = team.pulse!;
    const now = this.deps.clock.now();
    const opensAt = occurrenceInWeek(team.tz, pulse.day, pulse.time, now);
    const due = now >= opensAt && now.getTime() < opensAt.getTime() + pulse.openHours * 3_600_000;
    if (!pulse.paused && due && !rounds.some((r) => r.week === weekIn(team.tz, opensAt))) {
      const { round } = await this.open(team, opensAt);
      if (round) rounds.unshift(round);
    }
    for (const round of rounds) {
      if (round.state === 'open' && now.getTime() >= Date.parse(round.closesAt)) await this.close(round, team);
      else if (round.state === 'open' && round.remindAt && now.getTime() >= Date.parse(round.remindAt)) await this.queueReminders(round, team);
      if (round.state === 'open' && round.sealed) await this.batch(round);
      else this.sinceBatch.delete(round.id);
      await this.send(round, team, held);
    }
  }

  /**
   * Opens the team's round for the week of `opensAt` and queues a check-in for each member not yet
   * asked this week by another team's round; none when no member is left to ask. `askedElsewhere`:
   * the members another team's round has asked this week.
   */
  private async open(team: TeamRecord, opensAt: Date): Promise<{ round?: PulseRound; askedElsewhere: number }> {
    const pulse = team.pulse!;
    const week = weekIn(team.tz, opensAt);
    const candidates = await this.invitees(team);
    const members = await this.askOnce(team, week, candidates);
    const askedElsewhere = candidates.length - members.length;
    if (members.length === 0) {
      if (askedElsewhere > 0 && !this.toldNoneLeft.has(`${team.id} ${week}`)) {
        this.toldNoneLeft.add(`${team.id} ${week}`);
        this.deps.logger.info({ team: team.id, week, askedElsewhere }, "no pulse round this week: every member was asked this week in another team's round");
      }
      return { askedElsewhere };
    }
    const closesAt = new Date(opensAt.getTime() + pulse.openHours * 3_600_000);
    // the one reminder: a day before closing, or a third of the way from the end of a short round
    const remindAt = new Date(closesAt.getTime() - Math.min(24 * 3_600_000, (pulse.openHours * 3_600_000) / 3));
    const { wrapped } = newRoundKey(this.deps.wrapping);
    // the check-ins are queued in the same store step as the round: a round the store opened, whatever
    // became of its answer (a timeout, Redis gone the moment after), is never left without them
    const checkins = (roundId: string) => ({ batch: batchOf(roundId, 'checkin'), items: members.map((m) => ({ id: m.id, to: m.id })) });
    const round = await this.deps.pulse.openRound({
      team: team.id,
      week,
      questionIds: pulse.questionIds,
      opensAt: opensAt.toISOString(),
      closesAt: closesAt.toISOString(),
      remindAt: remindAt.toISOString(),
      k: pulse.k,
      commentK: commentThreshold(pulse),
      invited: members.length,
      sealed: true,
      // whom the summary goes to, fixed now: a lead named later may have been asked in this round
      ...(team.leads.length > 0 ? { leadHashes: team.leads.map((l) => leadHash(this.leadsKey, { team: team.id, week }, l)) } : {}),
    }, wrapped, checkins).catch((err: unknown) => {
      throw isStoreUnavailable(err) ? new OpenInDoubt(team.id, week, err as Error) : err;
    });
    this.deps.logger.info({ team: team.id, round: round.id, week: round.week, invited: members.length, askedElsewhere }, 'pulse round opened');
    return { round, askedElsewhere };
  }

  /** Open rounds known to have marked whom they ask, so each is looked at once a process (until it closes). */
  private readonly marked = new Set<string>();

  private async markOpenRounds(team: TeamRecord, rounds: PulseRound[]): Promise<void> {
    for (const round of rounds) {
      if (round.state !== 'open') this.marked.delete(round.id);
      if (round.state !== 'open' || this.marked.has(round.id)) continue;
      if (!(await this.deps.pulse.teamAsked(round.week, round.team))) await this.askedByThisRound(team, round);
      this.marked.add(round.id);
    }
  }

  /** The members the round asks (marking them, as the week's first round to ask them): not its opening leads, nor those another team's round asked. */
  private async askedByThisRound(team: TeamRecord, round: PulseRound): Promise<Member[]> {
    return this.askOnce(team, round.week, (await this.invitees(team)).filter((m) => !ledWhenOpened(this.leadsKey, round, m.id)));
  }

  /**
   * Whether the round asked this person: only they answer it. Another team's card of the same week,
   * or a submit naming a round its sender was never sent (a client can send any round's id), would
   * otherwise add answers its leads know to the count that keeps the others anonymous. A round
   * opened before the marks were kept, which marked no one, takes any member's answer, as it did.
   */
  private async askedByRound(round: PulseRound, who: { platform: TeamRecord['platform']; user: string }): Promise<boolean> {
    const hash = askedHash(askedKey(this.deps.wrapping, round.week), round.week, userKey(who, who.user));
    const by = await this.deps.pulse.askedBy(round.week, hash);
    return by === round.team || (by === undefined && !(await this.deps.pulse.teamAsked(round.week, round.team)));
  }

  /**
   * Of `members`, those the team's round of `week` asks: marked asked for the week now, or by this
   * team before. One asked this week by another team's round is left out: answering two rounds of
   * one week would let whoever reads both summaries take one from the other.
   */
  private async askOnce(team: TeamRecord, week: string, members: Member[]): Promise<Member[]> {
    if (members.length === 0) return [];
    const key = askedKey(this.deps.wrapping, week);
    const byHash = new Map(members.map((m) => [askedHash(key, week, userKey(team, m.id)), m]));
    const mine = await this.deps.pulse.askOnce(week, team.id, [...byHash.keys()], ASKED_TTL_SECONDS);
    return mine.flatMap((hash) => byHash.get(hash) ?? []);
  }

  /**
   * Queues the round's one reminder for every member, as the check-in was: a queue of only those
   * who have not answered would tell anyone holding the store who has. Who answered is asked as each
   * reminder is sent, and one who has gets none; the queue ends alike for all.
   */
  private async queueReminders(round: PulseRound, team: TeamRecord): Promise<void> {
    const batch = batchOf(round.id, 'reminder');
    const counts = await this.deps.outbox.counts(batch);
    if (counts.pending + counts.sending + counts.sent > 0) return;
    // only whom this round asks: one asked this week by another team's round gets no reminder of this one
    const members = await this.askedByThisRound(team, round);
    await this.deps.outbox.enqueue(batch, members.map((m) => ({ id: m.id, to: m.id })));
  }

  /**
   * Closes a round: the summary is queued for the leads first, so a crash cannot lose it. Then the
   * sealed answers are opened and counted, and in one store step the results are written (below K:
   * only how many answered; comments shuffled) and the key, the answered set and the sealed answers
   * destroyed.
   */
  private async close(round: PulseRound, team: TeamRecord): Promise<void> {
    // a process whose pulse secret does not open the round's key could count none of its answers:
    // the round stays open, its answers kept, for a Kompis with the secret it was opened with
    if (!(await this.canOpen(round.id))) throw new SealedUnderAnotherSecret(round.id);
    await this.deps.outbox.enqueue(batchOf(round.id, 'summary'), roundReaders(this.leadsKey, round, team).map((l) => ({ id: l, to: l })));
    // what a Kompis from before sealed answers counted live, for a round open across the upgrade
    const earlier = await this.deps.pulse.results(round.id);
    // a sealed round has results only once it has closed: found open again (its store put back by
    // hand), it closes as it did and is not counted again, as its leads would tell the difference;
    // the leads it was sent to then are not sent it again (their summary is marked sent)
    const closedBefore = round.sealed === true && earlier !== undefined ? resultsWritten(earlier) : undefined;
    if (closedBefore) this.deps.logger.error({ team: team.id, round: round.id }, 'a pulse round that had closed is open again (its store was put back): it is closed with the results it had, and not counted again');
    for (let attempt = 1; ; attempt++) {
      const sealed = await this.deps.pulse.sealedAnswers(round.id);
      const key = await this.roundKey(round.id);
      if (await this.deps.pulse.closeRound(round.id, closedBefore ?? this.count(round, team, key, sealed, earlier), sealed)) break;
      if (attempt === 5) throw new Error('answers kept arriving while the round was closing; it closes on the next tick');
    }
    await this.deps.outbox.drop(batchOf(round.id, 'checkin'));
    await this.deps.outbox.drop(batchOf(round.id, 'reminder'));
    this.sinceBatch.delete(round.id);
    round.state = 'closed';
    this.deps.logger.info({ team: team.id, round: round.id, week: round.week }, 'pulse round closed');
  }

  /**
   * Gathers an open round's loose answers into one sealed batch, shuffled, once there are enough of
   * them: a close then opens a few batches instead of an entry per answer, and no batch keeps the
   * order its answers came in. An entry that does not open stays as it is, to be reported at close.
   */
  private async batch(round: PulseRound): Promise<void> {
    // one at a time a round in this process; another replica's is refused by the store if it takes the same
    if (this.batching.has(round.id)) return;
    this.batching.add(round.id);
    try {
      const loose = await this.deps.pulse.looseAnswers(round.id);
      // what the store holds loose, whichever replica recorded it
      this.sinceBatch.set(round.id, loose.length);
      if (loose.length < BATCH_FROM) return;
      const key = await this.roundKey(round.id);
      if (!key) return;
      const opened = openAnswers(key, round, loose);
      const taken = loose.filter((_, i) => opened[i]);
      const answers = opened.flatMap((a) => a ?? []);
      const made = taken.length >= BATCH_FROM && (await this.deps.pulse.batchAnswers(round.id, taken, sealBatch(key, round, answers, this.deps.random)));
      // left to batch: the answers recorded meanwhile, and the entries read if they were not batched;
      // entries that do not open are never counted, so they cannot set off a batch on every answer
      this.sinceBatch.set(round.id, (this.sinceBatch.get(round.id) ?? 0) - loose.length + (made ? 0 : taken.length));
    } catch (err) {
      // the answers stay loose and are counted all the same; the next tick tries again
      this.deps.logger.warn({ team: round.team, round: round.id, err: (err as Error).message }, 'pulse answers could not be batched');
    } finally {
      this.batching.delete(round.id);
      if (!this.sinceBatch.get(round.id)) this.sinceBatch.delete(round.id);
    }
  }

  /**
   * Counts an answer this process recorded; once enough have come for a batch, one is made in the
   * background, so a burst of answers (a team answering right after the check-in) is gathered as it
   * comes, not only by the next minute's tick.
   */
  private recorded(round: PulseRound): void {
    const n = (this.sinceBatch.get(round.id) ?? 0) + 1;
    this.sinceBatch.set(round.id, n);
    if (n >= BATCH_FROM && !this.batching.has(round.id)) void this.batch(round);
  }

  /**
   * The round's results from its sealed answers; below K nothing but how many answered. More answers
   * than the answered set holds hashes can only be entries copied in the store (answers sealed before
   * they carried an id look alike when copied): nothing of such a round is written but that it could
   * not be summarised.
   */
  private count(round: PulseRound, team: TeamRecord, key: Buffer | undefined, sealed: SealedSet, earlier: PulseResults | undefined): FinalResults {
    const opened: Tally = key ? tally(key, round, sealed.entries) : { respondents: 0, repeats: 0, unreadable: sealed.entries.length, counts: {}, comments: [] };
    const { unreadable, repeats } = opened;
    const respondents = (earlier?.respondents ?? 0) + opened.respondents;
    if (repeats > 0) this.deps.logger.error({ team: team.id, round: round.id, repeats }, 'sealed pulse answers stored more than once (copied in the store) are counted once');
    if (respondents > sealed.answered) {
      this.deps.logger.error({ team: team.id, round: round.id, answers: respondents, answered: sealed.answered }, 'the round holds more answers than people answered it (entries copied in the store): its results are withheld and its leads told it could not be summarised');
      return { respondents: 0, counts: {}, comments: [], unsummarised: true };
    }
    const counts: Record<string, Record<string, number>> = structuredClone(earlier?.counts ?? {});
    for (const [q, byScore] of Object.entries(opened.counts)) {
      const into = (counts[q] ??= {});
      for (const [score, n] of Object.entries(byScore)) into[score] = (into[score] ?? 0) + n;
    }
    const comments = [...(earlier?.comments ?? []), ...opened.comments];
    if (unreadable > 0) this.deps.logger.error({ team: team.id, round: round.id, unreadable }, 'sealed pulse answers that cannot be opened are not counted');
    // below K the answers can never be shown: they are never written, so no path (export included) can leak them
    if (respondents < round.k) return { respondents, counts: {}, comments: [] };
    // below the comment threshold the comments are never written either: the lead learns only that there were some
    if (respondents < commentThreshold(round)) return { respondents, counts, comments: [], ...(comments.length > 0 ? { commentsWithheld: true } : {}) };
    return { respondents, counts, comments: shuffle(comments, this.deps.random) };
  }

  private async send(round: PulseRound, team: TeamRecord, held: () => boolean): Promise<void> {
    const chat = this.deps.chats[team.platform];
    if (!chat) return;
    const since = new Date(round.opensAt);
    const options = {
      concurrency: this.deps.sendConcurrency ?? 8,
      since,
      keepGoing: async () => held(),
      to: (item: OutboxItem): Address => ({ kind: 'user', id: item.to, via: team.channel }),
      ...(this.deps.observe ? { observe: this.deps.observe } : {}),
    };
    const reports: Record<string, DeliveryReport> = {};
    if (round.state === 'open') {
      const checkin = this.checkin(round, team, false);
      // one queued for someone who leads the team now gets none: a round opened by a Kompis that
      // still asked leads, or a lead named while the round is open
      reports.checkin = await deliver(this.deps.outbox, batchOf(round.id, 'checkin'), chat, async (item) => (isLead(team, item.to) || ledWhenOpened(this.leadsKey, round, item.to) ? undefined : checkin), { ...options, kind: 'checkin' }, this.deps.logger);
      const reminder = this.checkin(round, team, true);
      const key = await this.roundKey(round.id);
      reports.reminder = await deliver(
        this.deps.outbox,
        batchOf(round.id, 'reminder'),
        chat,
        // someone who has answered gets none (and one this process cannot tell of, none either);
        // how many needed none would be a live count of answers: they are counted as sent
        async (item) => (!key || isLead(team, item.to) || ledWhenOpened(this.leadsKey, round, item.to) || (await this.deps.pulse.hasAnswered(round.id, respondentHash(key, round.id, userKey(team, item.to)))) ? undefined : reminder),
        { ...options, kind: 'reminder', hideSkipped: true },
        this.deps.logger,
      );
    } else {
      const summaryFor = this.summariesForLeads(team, round);
      reports.summary = await deliver(
        this.deps.outbox,
        batchOf(round.id, 'summary'),
        chat,
        async (item) => summaryFor(item.to),
        { ...options, kind: 'summary' },
        this.deps.logger,
      );
    }
    for (const [kind, r] of Object.entries(reports)) {
      if (r.sent + r.confirmed + r.failed > 0) this.deps.logger.info({ team: team.id, round: round.id, kind, ...r }, 'pulse messages sent');
    }
  }

  /**
   * A closed round's summary for each lead it goes to, with the earlier weeks that lead may read
   * (`trendFor`): made once for the leads who may read the same weeks, its themes once for all.
   */
  private summariesForLeads(team: TeamRecord, round: PulseRound): (lead: string) => Promise<OutMessage> {
    let rounds: Promise<PulseRound[]> | undefined;
    const made = new Map<string, Promise<OutMessage>>();
    const memo: SummaryMemo = {};
    return async (lead) => {
      rounds ??= this.deps.pulse.listRounds(team.id, TREND_ROUNDS + 1).then((all) => all.slice(Math.max(0, all.findIndex((r) => r.id === round.id))));
      const [current, ...earlier] = await rounds;
      const trend = this.trendFor(team, earlier, lead);
      const key = trend.map((r) => r.id).join(' ');
      let summary = made.get(key);
      if (!summary) made.set(key, (summary = this.summaryOf(team, [current!, ...trend], team.lang, memo)));
      return summary;
    };
  }

  /**
   * The earlier rounds whose means a lead's summary may show (the change and the trend): those the
   * lead may read themselves, as they led the team when each opened (`roundReaders`). A member named
   * lead was asked in the weeks before, and may have answered: a week of exactly K answers with
   * their own in its mean would leave them K - 1 others', as an answer of theirs in the round they
   * read would (see `invitees`). Who answered is never kept, so every week they were asked is left out.
   */
  private trendFor(team: TeamRecord, earlier: PulseRound[], lead: string): PulseRound[] {
    return earlier.filter((r) => roundReaders(this.leadsKey, r, team).includes(lead));
  }

  /** `rounds[0]` is the closed round to show; the rest, newest first, give the change and trend. */
  private async summaryOf(team: TeamRecord, rounds: PulseRound[], lang: Lang, memo: SummaryMemo = {}): Promise<PulseSummaryMessage | NoticeMessage> {
    const [round, ...earlier] = rounds;
    const results = await this.deps.pulse.results(round!.id);
    const current: ClosedRound = { round: round!, results: results ?? { roundId: round!.id, respondents: 0, counts: {}, comments: [] } };
    if (current.results.unsummarised) return notice(lang, 'warning', [tPulse(lang, 'unsummarised', { week: weekNumber(round!.week) })]);
    // below K not even how many answered: with few asked, "1 of 5" says whether the one or two a lead
    // has in mind answered, and none answering reads as some answering (see `participationLine`)
    if (!meetsK(current)) return notice(lang, 'info', [tPulse(lang, 'notEnough', { k: round!.k, week: weekNumber(round!.week) })]);
    const previous: ClosedRound[] = [];
    for (const r of earlier.filter((x) => x.state === 'closed')) {
      const res = await this.deps.pulse.results(r.id);
      if (res) previous.push({ round: r, results: res });
    }
    // comments of a sealed round were scrubbed before they were stored; an older round's are scrubbed now
    const knownNames = round!.sealed ? [] : await this.knownNames(team);
    const comments = (round!.sealed ? current.results.comments : current.results.comments.map((c) => scrubComment(c, knownNames, lang, this.markup()))).filter((c) => c.length > 0);
    // the model sees the comments only as the lead will: scrubbed of names, e-mails and numbers
    const themes = comments.length > 0 && this.deps.themes ? await (memo.themes ??= this.deps.themes(comments, lang).catch(() => undefined)) : undefined;
    return summarize({ current: { ...current, results: { ...current.results, comments } }, previous, lang, teamName: team.name ?? tPulse(lang, 'unnamedTeam'), ...(themes ? { themes } : {}) });
  }

  /** The open round's key, unwrapped; undefined once it is closed, or when this deployment's secret cannot open it. */
  /** Whether this process's pulse secret opens a round's key (a round with no key opens nothing, and has nothing sealed). */
  async canOpen(roundId: string): Promise<boolean> {
    const stored = await this.deps.pulse.roundKey(roundId);
    return stored === undefined || unwrapRoundKey(this.deps.wrapping, stored) !== undefined;
  }

  private async roundKey(roundId: string): Promise<Buffer | undefined> {
    const stored = await this.deps.pulse.roundKey(roundId);
    if (!stored) return undefined;
    const key = unwrapRoundKey(this.deps.wrapping, stored);
    if (!key) this.deps.logger.error({ round: roundId }, 'the round key does not open with this PULSE_SECRET: set the secret the round was opened with');
    return key;
  }

  /** The markup a comment is scrubbed of: every platform's when given, else the running ones'. */
  private markup(): TextMarkup[] {
    return this.deps.markup ? [...this.deps.markup] : Object.values(this.deps.chats).flatMap((chat) => chat?.markup ?? []);
  }

  private leadCheck(team: TeamRecord, by: string, lang: Lang): NoticeMessage | undefined {
    return leadRefusal(team, by, 'run', lang);
  }

  /** The names of the team's members, scrubbed from comments; none when the platform cannot list them now. */
  private async knownNames(team: TeamRecord): Promise<string[]> {
    // every answer's comment is scrubbed with them: a round's answers must not list the channel each time
    const cached = this.names.get(team.id);
    const now = this.deps.clock.now().getTime();
    if (cached && now - cached.at < NAMES_FRESH_MS) return cached.names;
    const members = await this.members(team).catch(() => undefined);
    const names = (members ?? []).flatMap((m) => [m.name, m.realName].filter((n): n is string => Boolean(n)));
    if (members) this.names.set(team.id, { at: now, names });
    return names;
  }

  /**
   * Who a round asks: the channel's members but its leads. The pulse is for the team a lead leads;
   * a lead's own answer in the summary would leave them K − 1 others to tell apart.
   */
  private async invitees(team: TeamRecord): Promise<Member[]> {
    return (await this.members(team)).filter((m) => !isLead(team, m.id));
  }

  private async members(team: TeamRecord): Promise<Member[]> {
    const chat: Chat | undefined = this.deps.chats[team.platform];
    return chat ? chat.members(team.channel) : [];
  }
}

/** What the summaries of one round to several leads share: the themes of its comments, asked of the model once. */
interface SummaryMemo {
  themes?: Promise<string | undefined>;
}

/** The results a close wrote (a count, a comment, or word of either), as they are; undefined when there are none. */
function resultsWritten({ roundId: _round, ...results }: PulseResults): FinalResults | undefined {
  const any = results.respondents > 0 || Object.keys(results.counts).length > 0 || results.comments.length > 0 || results.commentsWithheld === true || results.unsummarised === true;
  return any ? results : undefined;
}

/** The platform-qualified user the keyed hash is made of. */
export function userKey(team: Pick<TeamRecord, 'platform'>, user: string): string {
  return `${team.platform}:${user}`;
}

/**
 * The store did not answer the step that opens a round (Redis stalled past its time limit, or went
 * down): the round may be open, with its check-ins, or not at all.
 */
class OpenInDoubt extends KompisError {
  constructor(team: string, week: string, cause: Error) {
    super('store_unavailable', `the store did not answer whether it opened the pulse round of ${team} for ${week}: ${cause.message}`);
  }
}

/** HMAC of (round, user) under the round's secret: without the key nobody can tell whose hash it is. */
/** A round that this process cannot close: its answers are sealed under another pulse secret than this process has. */
export class SealedUnderAnotherSecret extends Error {
  constructor(readonly round: string) {
    super('the round key does not open with this pulse secret: the round stays open with its answers until a Kompis with the secret it was opened with closes it');
  }
}

export function respondentHash(key: Buffer, roundId: string, user: string): string {
  return createHmac('sha256', key).update(`${roundId}\n${user}`).digest('hex');
}
