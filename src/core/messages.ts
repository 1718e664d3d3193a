import type { Lang } from './lang';

/**
 * The platform-neutral messages core says for the pulse and for goals. Every word a person reads
 * is already in their language here; each channel only lays it out (Block Kit, Adaptive Cards)
 * and turns people into mentions. A renderer per kind lives beside each channel.
 */

/** Someone to mention: the platform's user id, and a display name when core knows it. */
export interface Person {
  id: string;
  name?: string;
}

export type Tone = 'info' | 'success' | 'warning' | 'error';

/** A short reply: a confirmation, a refusal, a validation problem. A `{@id}` in a line is a person to mention. */
export interface NoticeMessage {
  kind: 'notice';
  lang: Lang;
  tone: Tone;
  /** Set when it goes out through the outbox, so a sender resumed after a crash can tell it arrived. */
  deliveryId?: string;
  title?: string;
  lines: string[];
}

export interface CheckinQuestion {
  id: string;
  text: string;
  /** The scale's values, low to high, and the words at its two ends. */
  values: number[];
  low: string;
  high: string;
}

/** The weekly check-in a member gets by DM: one tap per question, an optional comment, then send. */
export interface PulseCheckinMessage {
  kind: 'pulse-checkin';
  lang: Lang;
  roundId: string;
  /** Identifies this one delivery (check-in or reminder), so a resumed sender can tell it arrived. */
  deliveryId: string;
  reminder: boolean;
  title: string;
  intro: string;
  questions: CheckinQuestion[];
  commentLabel: string;
  commentHint: string;
  submitLabel: string;
  /** What is stored and what is not, said before anyone answers. */
  privacy: string;
}

export interface SummaryQuestion {
  id: string;
  label: string;
  /** Mean on the question's scale, one decimal; undefined when nobody answered it. */
  mean?: number;
  /** The scale's values with their counts, low to high. */
  distribution: { value: number; count: number }[];
  /** Change of the mean from the last round that met K; undefined without one. */
  change?: number;
  /** Means of up to eight earlier rounds that met K, oldest first, then this one. */
  trend: number[];
  /** A drop large enough to talk about. */
  flagged: boolean;
}

/** What a lead sees when a round closed with K respondents or more. */
export interface PulseSummaryMessage {
  kind: 'pulse-summary';
  lang: Lang;
  title: string;
  /** "6 of 8 answered (75 %)". Who answered is never shown. */
  responseLine: string;
  questions: SummaryQuestion[];
  /** eNPS from −100 to 100, with its line in words; undefined when the round did not ask it. */
  enps?: { score: number; line: string };
  flaggedLine?: string;
  /** Scrubbed and shuffled; present only at K or more. */
  comments: string[];
  commentsTitle: string;
  /** A short paragraph from the language model about the comments, when one is configured. */
  themes?: string;
  footer: string;
}

/**
 * A team's goals as a list shows them when it cannot show them all: the open ones first, in their
 * order, each with its way to log progress, then the reached ones, the newest (highest number) first.
 */
export function goalsInListOrder<G extends Pick<GoalView, 'reached' | 'number'>>(goals: readonly G[]): G[] {
  return [...goals.filter((g) => !g.reached), ...goals.filter((g) => g.reached).sort((a, b) => b.number - a.number)];
}

export interface GoalView {
  id: string;
  /** Its number in the team's list, for `/kompis goal progress 2 4.4`. */
  number: number;
  title: string;
  metric: string;
  unit: string;
  start: number;
  target: number;
  current: number;
  direction: 'higher' | 'lower';
  due: string;
  owner: Person;
  why?: string;
  /** 0 … 1 of the way from start to target. */
  progress: number;
  reached: boolean;
  /** "4.3 of 4.5 points · due 31 Dec 2026" in the reader's language. */
  statusLine: string;
}

export interface GoalListMessage {
  kind: 'goal-list';
  lang: Lang;
  title: string;
  goals: GoalView[];
  /** Said when the team has no goals yet. */
  empty: string;
  /** Button labels for each goal. */
  progressLabel: string;
}

/** One goal, posted when it is created, with buttons for progress. */
export interface GoalCardMessage {
  kind: 'goal-card';
  lang: Lang;
  /** Set when it goes out through the outbox, so a sender resumed after a crash can tell it arrived. */
  deliveryId?: string;
  title: string;
  goal: GoalView;
  progressLabel: string;
  whyLabel: string;
}

/** Posted once in the team channel when a goal reaches its target. */
export interface CelebrationMessage {
  kind: 'celebration';
  lang: Lang;
  /** Identifies this one delivery, so a sender resumed after a crash can tell it was posted. */
  deliveryId: string;
  headline: string;
  goal: GoalView;
  /** "Reached in 23 days." */
  took: string;
  contributorsLabel: string;
  contributors: Person[];
}

export interface KudosMessage {
  kind: 'kudos';
  lang: Lang;
  from: Person;
  to: Person;
  /** The reason, as the giver wrote it. */
  text: string;
  headline: string;
  goalLine?: string;
}

export interface DigestMessage {
  kind: 'digest';
  lang: Lang;
  /** Set when it goes out through the outbox, so a sender resumed after a crash can tell it arrived. */
  deliveryId?: string;
  title: string;
  reachedTitle: string;
  reached: GoalView[];
  kudosTitle: string;
  kudos: { from: Person; to: Person; text: string }[];
  footer: string;
}

export type OutMessage = NoticeMessage | PulseCheckinMessage | PulseSummaryMessage | GoalListMessage | GoalCardMessage | CelebrationMessage | KudosMessage | DigestMessage;

/**
 * Where a message goes: a person's DM with Kompis, or a team's channel. `via` names a team channel
 * the person is in, where a platform that has no chat with them yet can find them.
 */
export type Address = { kind: 'user'; id: string; via?: string } | { kind: 'channel'; id: string };

export type SendResult = { ok: true } | { ok: false; error: 'unknown_recipient' | 'unavailable' };

export interface Member {
  id: string;
  name?: string;
  realName?: string;
}

/**
 * A platform's own markup in what people write (a mention, a link) and what it stands for, so a
 * pulse comment is scrubbed of it. `pattern` is global; every repetition in it is bounded.
 */
export interface TextMarkup {
  pattern: RegExp;
  kind: MarkupKind | ((match: string) => MarkupKind);
}
export type MarkupKind = 'name' | 'email' | 'link';

/** What core needs from a chat platform to reach people outside a reply. One per platform. */
export interface Chat {
  /** The platform's name, as teams on it are stored with (`TeamRecord.platform`). */
  readonly platform: string;
  /** The platform's markup in what people write there. */
  readonly markup?: readonly TextMarkup[];
  send(to: Address, message: OutMessage): Promise<SendResult>;
  /** The human members of a channel (bots and deactivated users left out). */
  members(channel: string): Promise<Member[]>;
  /**
   * Whether the delivery with this id already reached the person, for an outbox item whose send
   * was started but not confirmed before a crash. Platforms that cannot tell leave it out.
   */
  delivered?(to: Address, deliveryId: string, since: Date): Promise<boolean>;
}

/** Each chat platform Kompis runs on, for services that reach people outside a reply. */
export type Chats = Partial<Record<string, Chat>>;

export function notice(lang: Lang, tone: Tone, lines: string[], title?: string): NoticeMessage {
  return { kind: 'notice', lang, tone, lines, ...(title ? { title } : {}) };
}

/** A text bar for progress and distributions, the same in every channel: ▰▰▰▱▱. */
export function bar(fraction: number, width = 10): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return '▰'.repeat(filled) + '▱'.repeat(width - filled);
}

/** The id a message carries when it goes out through the outbox, if it is of a kind that does. */
export function deliveryIdOf(message: OutMessage): string | undefined {
  return 'deliveryId' in message ? message.deliveryId : undefined;
}
