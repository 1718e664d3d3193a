import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import type { SentActivity } from '../../fakes/teams-connector';
import { cardSubmit, channelMessage, personalInstallOf } from './harness';
import { AGENTS, cardOf, elementsOf, LEAD, MEMBERS, type TeamWorld } from './world';

/** Posts an activity and waits for `more` messages from Kompis; returns them. */
export async function post(w: TeamWorld, activity: Record<string, unknown>, more = 1): Promise<SentActivity[]> {
  const before = w.connector.messages().length;
  expect((await w.h.post(activity)).status).toBe(200);
  await w.connector.waitFor(() => w.connector.messages().length >= before + more, 5000, `${more} message(s)`);
  return w.connector.messages().slice(before);
}

/** The lead opens the setup form and submits it with threshold `k`; returns the confirmation. */
export async function setup(w: TeamWorld, k: string): Promise<SentActivity> {
  const [form] = await post(w, channelMessage(w.connector.url, 'pulse setup', { from: LEAD }));
  const [saved] = await post(
    w,
    cardSubmit(w.connector.url, { kompis: 'pulse-setup', leads: LEAD.aadObjectId, day: '5', time: '13:00', tz: 'Europe/Oslo', lang: 'en', questions: DEFAULT_QUESTION_IDS.join(','), k, hours: '72' }, { from: LEAD, replyToId: form!.id }),
  );
  return saved!;
}

/** Check-in cards sent so far (the cards with choice sets), after index `from` of the messages. */
export function checkinsSince(w: TeamWorld, from: number): SentActivity[] {
  return w.connector.messages().slice(from).filter((s) => elementsOf(cardOf(s) ?? {}).some((e) => e.type === 'Input.ChoiceSet'));
}

/**
 * Sets the pulse up and opens a round with `pulse now`; `installed` first gives everyone a personal
 * reference (the lead's too), as if each had opened Kompis. Resolves once `expected` check-ins (by
 * default one per agent) have arrived.
 */
export async function openRound(w: TeamWorld, k: string, opts: { installed?: boolean; expected?: number } = {}): Promise<Map<string, SentActivity>> {
  if (opts.installed !== false) for (const m of MEMBERS) await w.h.post(personalInstallOf(w.connector.url, m));
  await setup(w, k);
  const before = w.connector.messages().length;
  await w.h.post(channelMessage(w.connector.url, 'pulse now', { from: LEAD }));
  const expected = opts.expected ?? AGENTS.length;
  await w.connector.waitFor(() => checkinsSince(w, before).length >= expected, 5000, `${expected} check-ins`);
  return new Map(checkinsSince(w, before).map((s) => [s.conversationId, s]));
}

/** The round a check-in card answers. */
export function roundIdOf(checkin: SentActivity): string {
  return (elementsOf(cardOf(checkin)).find((e) => e.type === 'Action.Submit') as { data: { roundId: string } }).data.roundId;
}

/** A full set of answers as the card submits them; member `i` gets its own spread of scores. */
export const answers = (roundId: string, i: number, comment = '') => ({
  kompis: 'pulse-answer',
  roundId,
  ...Object.fromEntries(DEFAULT_QUESTION_IDS.map((q) => [`q_${q}`, q === 'enps' ? String(6 + (i % 5)) : String(1 + ((i + 2) % 5))])),
  comment,
});
