import { ConversationService } from '../src/core/conversation/service';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTeamsChannel } from '../src/channels/teams/channel';
import { teamsChat } from '../src/channels/teams/chat';
import { conversationKey, conversationsFrom } from '../src/channels/teams/conversations';
import type { Chats } from '../src/core/messages';
import { DEFAULT_QUESTION_IDS } from '../src/core/pulse/questions';
import { PulseService } from '../src/core/pulse/service';
import { silentLogger } from '../src/core/ports';
import type { Outbox } from '../src/core/storage/ports';
import { openSqliteStore } from '../src/stores/sqlite/sqlite-store';
import { FakeTeamsConnector } from '../test/fakes/teams-connector';
import { BENCH_WRAPPING, deliverRound } from './pulse-bench';

const MEMBERS = 2000;
const RATE = 100; // requests per second the fake connector takes before answering 429 with Retry-After
const CHANNEL = '19:bench-general@thread.tacv2';
const TENANT = 'bench-tenant';

/**
 * A round's delivery in Teams to 2,000 channel members who never opened Kompis (a personal chat is
 * created for each), then next week's round through the saved chats, straight and killed halfway,
 * against a fake connector with a rate limit.
 */
export async function runTeamsPulseBench(): Promise<void> {
  console.log(`\n## Pulse delivery in Teams (${MEMBERS} members, fake connector limit ${RATE} requests/s)`);
  console.log('run                                 seconds   bound   cards sent   lost   duplicated   chats created   429s');
  const connector = new FakeTeamsConnector();
  const serviceUrl = await connector.start();
  connector.pageSize = 200;
  const members = Array.from({ length: MEMBERS }, (_, i) => ({ id: `29:member-${i}`, name: `Member ${i}`, aadObjectId: `aad-${i}` }));
  connector.members.set(CHANNEL, [...members, { id: '28:kompis', name: 'Kompis', userRole: 'bot' }]);
  connector.rateLimit = RATE;

  const store = openSqliteStore(fs.mkdtempSync(path.join(os.tmpdir(), 'kompis-teams-bench-')));
  const conversations = conversationsFrom(store.channels);
  const channel = createTeamsChannel({ auth: 'none' }, { conversation: new ConversationService({ answers: { ask: () => Promise.reject(new Error('no questions in this benchmark')) }, curation: store.curation, channels: store.channels, logger: silentLogger, defaultLang: 'en' }), conversations, logger: silentLogger, defaultLang: 'en' });
  const channelKey = conversationKey.conversation(CHANNEL);
  await conversations.save([channelKey], { serviceUrl, channelId: 'msteams', conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT, isGroup: true }, agent: { id: '28:kompis', name: 'Kompis' } });
  let now = new Date('2026-11-27T12:00:05Z'); // Friday 13:00 in Oslo
  const clock = { now: () => now };
  await store.teams.saveTeam({ id: `teams:${CHANNEL}`, platform: 'teams', channel: channelKey, tz: 'Europe/Oslo', lang: 'en', leads: ['00000000-0000-4000-8000-00000000lead'], pulse: { day: 5, time: '13:00', questionIds: [...DEFAULT_QUESTION_IDS], k: 5, openHours: 72, paused: false }, updatedAt: now.toISOString() });
  const chats: Chats = { teams: teamsChat(channel, silentLogger) };
  const service = (owner: string, outbox: Outbox) => new PulseService({ wrapping: BENCH_WRAPPING, pulse: store.pulse, teams: store.teams, outbox, locks: store.locks, chats, clock, logger: silentLogger, owner, sendConcurrency: 16 });

  const run = async (label: string, bound: number, kill: boolean) => {
    // a week passes between rounds: the connector's window of the last run's requests is over
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const sentBefore = connector.messages().length;
    const createdBefore = connector.created.length;
    const limitedBefore = connector.limited;
    const seconds = await deliverRound(store, service, kill);
    // check-in cards only: closing last week's round sends the lead a summary too
    const cards = connector.messages().slice(sentBefore).filter((s) => JSON.stringify(s.activity.attachments ?? []).includes('"pulse-answer"'));
    const perChat = new Map<string, number>();
    for (const s of cards) perChat.set(s.conversationId, (perChat.get(s.conversationId) ?? 0) + 1);
    const lost = MEMBERS - perChat.size;
    const duplicated = [...perChat.values()].filter((n) => n > 1).length;
    const cols = [seconds.toFixed(1).padStart(7), bound.toFixed(1).padStart(7), String(cards.length).padStart(12), String(lost).padStart(6), String(duplicated).padStart(12), String(connector.created.length - createdBefore).padStart(15), String(connector.limited - limitedBefore).padStart(6)];
    console.log(`${label.padEnd(34)} ${cols.join(' ')}`);
  };

  await run('first round: a chat created each', (2 * MEMBERS) / RATE, false);
  now = new Date(now.getTime() + 7 * 24 * 3_600_000);
  await run('next week: through the saved chats', MEMBERS / RATE, false);
  now = new Date(now.getTime() + 7 * 24 * 3_600_000);
  await run('week after: killed halfway, resumed', MEMBERS / RATE, true);
  await store.close();
  await connector.stop();
}
