import { teamsChat } from '../../../src/channels/teams/chat';
import { TEST_WRAPPING } from '../../helpers';
import { GoalService } from '../../../src/core/goals/service';
import { type Chats } from '../../../src/core/messages';
import { PulseService } from '../../../src/core/pulse/service';
import type { Outbox } from '../../../src/core/storage/ports';
import { FakeTeamsConnector, type SentActivity } from '../../fakes/teams-connector';
import { BOT, GENERAL, startTeams, teamInstall, USER, type Someone, type TeamsHarness } from './harness';

/** Kari leads the team; six agents work with her. Teams user ids (29:…) and Entra object ids. */
export const LEAD: Someone = USER;
export const AGENTS: Someone[] = ['Ola Hansen', 'Ingrid Berg', 'Lars Dahl', 'Sofie Lund', 'Emil Strand', 'Nora Vik'].map((name, i) => ({
  id: `29:1agent${i + 1}`,
  name,
  aadObjectId: `aad-agent-000${i + 1}`,
}));
/** Everyone in the team's channel (Kompis aside): the lead, who gets no check-in, and the agents. */
export const MEMBERS = [LEAD, ...AGENTS];

export interface TeamWorld {
  h: TeamsHarness;
  connector: FakeTeamsConnector;
  goals: GoalService;
  pulse: PulseService;
  chats: Chats;
  clock: { t: Date; now(): Date };
  close(): Promise<void>;
}

/**
 * The Teams channel as main.ts will wire it with goals and the pulse: the real CloudAdapter, the
 * real services on SQLite, `teamsChat` as their Chat port, and a fake connector whose General
 * channel has the lead and the six agents (and Kompis itself, which must never be counted).
 */
export async function teamWorld(opts: { install?: boolean; outbox?: (real: Outbox) => Outbox } = {}): Promise<TeamWorld> {
  const connector = new FakeTeamsConnector();
  await connector.start();
  // Friday 27 November 2026, 12:00 in Oslo
  const clock = { t: new Date('2026-11-27T11:00:00Z'), now: () => clock.t };
  const chats: Chats = {};
  let services: { goals: GoalService; pulse: PulseService } | undefined;
  const h = await startTeams({
    connector,
    services: (store, logger) => {
      const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats, clock, logger });
      const pulse = new PulseService({ wrapping: TEST_WRAPPING, pulse: store.pulse, teams: store.teams, outbox: opts.outbox ? opts.outbox(store.outbox) : store.outbox, locks: store.locks, chats, clock, logger, owner: 'replica-a', sendConcurrency: 3 });
      services = { goals, pulse };
      return services;
    },
  });
  chats.teams = teamsChat(h.channel, h.logger);
  connector.members.set(GENERAL, [...MEMBERS, { id: BOT.id, name: BOT.name, userRole: 'bot' }]);
  if (opts.install !== false) await h.post(teamInstall(connector.url));
  return {
    h,
    connector,
    goals: services!.goals,
    pulse: services!.pulse,
    chats,
    clock,
    close: async () => {
      await h.close();
      await connector.stop();
    },
  };
}

/** The Adaptive Card a sent activity carries, or undefined for a text message. */
export function cardOf(sent: Pick<SentActivity, 'activity'>): Record<string, unknown> | undefined {
  const attachments = sent.activity.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every element of a card, nested ones included (containers, action sets, shown cards). */
export function elementsOf(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const el = node as Record<string, unknown>;
    if (typeof el.type === 'string') out.push(el);
    for (const key of ['body', 'items', 'actions', 'card', 'columns']) if (key in el) walk(el[key]);
  };
  walk((card as { body?: unknown })?.body ?? card);
  walk((card as { actions?: unknown })?.actions);
  return out;
}

/** All text a card shows, for assertions about what a reader sees. */
export function cardText(card: unknown): string {
  return elementsOf(card)
    .map((e) => [e.text, e.label, e.title, ...((e.facts as { title: string; value: string }[] | undefined) ?? []).map((f) => `${f.title} ${f.value}`)].filter(Boolean).join(' '))
    .join('\n');
}

/** The `msteams.entities` of a card. */
export function mentionsOf(card: unknown): { type: string; text: string; mentioned: { id: string; name: string } }[] {
  return ((card as { msteams?: { entities?: [] } })?.msteams?.entities ?? []) as { type: string; text: string; mentioned: { id: string; name: string } }[];
}
