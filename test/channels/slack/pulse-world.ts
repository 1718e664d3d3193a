import fs from 'node:fs';
import { TEST_WRAPPING } from '../../helpers';
import path from 'node:path';
import { slackChat } from '../../../src/channels/slack/chat';
import { GoalService } from '../../../src/core/goals/service';
import { KompisMetrics } from '../../../src/http/metrics';
import { type Chats } from '../../../src/core/messages';
import { DEFAULT_QUESTION_IDS } from '../../../src/core/pulse/questions';
import { PulseService } from '../../../src/core/pulse/service';
import type { Outbox, Store } from '../../../src/core/storage/ports';
import type { RedisStore } from '../../../src/stores/redis/redis-store';
import type { SqliteStore } from '../../../src/stores/sqlite/sqlite-store';
import { recordingLogger } from '../../fakes/recording-logger';
import { BOT_USER_ID } from '../../fakes/slack/fake-slack';
import { blockAction, nextTrigger, slashCommand } from '../../fakes/slack/payloads';
import type { StoreFactory } from '../../stores/factories';
import { startHarness, type Harness } from './harness';

/**
 * A team in Slack with the pulse wired to a store, and the steps its people take: six agents, and
 * their lead, who is in the channel too but is not asked.
 */
export const LEAD = 'ULEAD0001';
export const AGENTS = ['UAGENT001', 'UAGENT002', 'UAGENT003', 'UAGENT004', 'UAGENT005', 'UAGENT006'];
/** Everyone in the team's channel (Kompis aside): the lead and the agents. */
export const MEMBERS = [LEAD, ...AGENTS];
export const NAMES = ['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg', 'Lars Dahl', 'Sofie Lund', 'Emil Strand', 'Nora Vik'];
export const CHANNEL = 'CTEAM0001';
export const COMMENT = 'Ola Hansen helped me a lot this week, call me on +47 912 34 567';

export interface World {
  h: Harness;
  store: Store;
  pulse: PulseService;
  clock: { t: Date; now(): Date };
  logs: ReturnType<typeof recordingLogger>;
  chats: Chats;
  metrics: KompisMetrics;
  close(): Promise<void>;
}

export async function world(factory: StoreFactory, opts: { outbox?: (o: Outbox) => Outbox; random?: () => number } = {}): Promise<World> {
  const store = await factory.open();
  // Friday 27 November 2026, 12:00 in Oslo
  const clock = { t: new Date('2026-11-27T11:00:00Z'), now: () => clock.t };
  const logs = recordingLogger();
  const chats: Chats = {};
  const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats, clock, logger: logs });
  const metrics = new KompisMetrics();
  const pulse = new PulseService({ wrapping: TEST_WRAPPING, pulse: store.pulse, teams: store.teams, outbox: opts.outbox ? opts.outbox(store.outbox) : store.outbox, locks: store.locks, chats, clock, logger: logs, owner: 'replica-a', sendConcurrency: 3, observe: metrics.delivered, ...(opts.random ? { random: opts.random } : {}) });
  const h = await startHarness('socket', { deps: { goals, pulse, people: store.channels } });
  chats.slack = slackChat(h.channel.app.client, logs);
  h.slack.users = [...MEMBERS.map((id, i) => ({ id, name: NAMES[i]!.split(' ')[0]!.toLowerCase(), real_name: NAMES[i]! })), { id: BOT_USER_ID, name: 'kompis', is_bot: true }];
  h.slack.channelMembers[CHANNEL] = [...MEMBERS, BOT_USER_ID];
  for (const m of MEMBERS) h.slack.locales[m] = 'en-GB';
  return { h, store, pulse, clock, logs, chats, metrics, close: async () => (await h.close(), await store.close()) };
}

export async function setup(w: World, k = '5', commentK?: string): Promise<unknown> {
  await w.h.command(slashCommand('pulse setup', { user: LEAD }));
  await w.h.slack.waitForCalls('views.open');
  const view = w.h.slack.callsOf('views.open').at(-1)!.args.view as { callback_id: string; private_metadata: string };
  const id = w.h.slack.sendEnvelope('interactive', {
    type: 'view_submission',
    team: { id: 'T0NORDIC1' },
    user: { id: LEAD },
    trigger_id: nextTrigger(),
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: {
        values: {
          pulse_channel: { v: { type: 'conversations_select', selected_conversation: CHANNEL } },
          pulse_leads: { v: { type: 'multi_users_select', selected_users: [LEAD] } },
          pulse_day: { v: { type: 'static_select', selected_option: { value: '5' } } },
          pulse_time: { v: { type: 'timepicker', selected_time: '13:00' } },
          pulse_tz: { v: { type: 'static_select', selected_option: { value: 'Europe/Oslo' } } },
          pulse_lang: { v: { type: 'static_select', selected_option: { value: 'en' } } },
          pulse_questions: { v: { type: 'multi_static_select', selected_options: DEFAULT_QUESTION_IDS.map((value) => ({ value })) } },
          pulse_k: { v: { type: 'number_input', value: k } },
          ...(commentK !== undefined ? { pulse_comment_k: { v: { type: 'number_input', value: commentK } } } : {}),
          pulse_hours: { v: { type: 'number_input', value: '72' } },
        },
      },
    },
  });
  await w.h.slack.waitForAck(id);
  return w.h.slack.acks.find((a) => a.envelope_id === id)?.payload;
}

type Button = { action_id: string; value: string };
/** The buttons of a message's blocks, as Kompis drew them. */
export const buttons = (blocks: unknown): Button[] =>
  ((blocks ?? []) as { elements?: unknown[] }[]).flatMap((b) => (b.elements ?? []) as Button[]).filter((e) => (e as { action_id?: string }).action_id !== undefined);
export const dmOf = (w: World, user: string) => w.h.slack.posted.find((p) => p.channel === `D${user}` && (p.metadata as { event_payload?: { delivery?: string } } | undefined)?.event_payload?.delivery?.endsWith(':checkin'));

/** One member taps an answer to every question (each tap redraws the DM), writes a comment, and sends. */
export async function answer(w: World, user: string, pick: (question: string) => number, comment?: string): Promise<string> {
  const dm = dmOf(w, user)!;
  const questions = [...new Set(buttons(dm.blocks).filter((b) => b.action_id.startsWith('pulse_pick_')).map((b) => b.action_id.replace(/^pulse_pick_/, '').replace(/_\d+$/, '')))];
  for (const q of questions) {
    const button = buttons(dm.blocks).find((b) => b.action_id === `pulse_pick_${q}_${pick(q)}`)!;
    const updates = w.h.slack.callsOf('chat.update').length;
    await w.h.interact(blockAction({ ...button, type: 'button', block_id: `pulse_q_${q}` }, { user, channel: `D${user}`, messageTs: dm.ts }));
    await w.h.slack.waitFor(() => w.h.slack.callsOf('chat.update').length > updates);
  }
  const send = buttons(dm.blocks).find((b) => b.action_id === 'pulse_submit')!;
  const updates = w.h.slack.callsOf('chat.update').length;
  const payload = blockAction({ ...send, type: 'button', block_id: 'pulse_send' }, { user, channel: `D${user}`, messageTs: dm.ts });
  payload.state = { values: { pulse_comment: { pulse_comment_input: { type: 'plain_text_input', value: comment ?? null } } } };
  await w.h.interact(payload);
  await w.h.slack.waitFor(() => w.h.slack.callsOf('chat.update').length > updates);
  return String(w.h.slack.callsOf('chat.update').at(-1)!.args.text);
}

export const dmsTo = (w: World, user: string) => w.h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === user);

/** Every byte the store holds: the SQLite file with its WAL, or every key and value under the Redis prefix. */
export async function rawDump(store: Store): Promise<string> {
  if (store.kind === 'sqlite') {
    const file = (store as SqliteStore).db.name;
    (store as SqliteStore).db.pragma('wal_checkpoint(TRUNCATE)');
    return [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('\n') + fs.readdirSync(path.dirname(file)).join(',');
  }
  const client = (store as RedisStore).client;
  const keys = await client.keys(`${(store as RedisStore).prefix}*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await client.type(key);
    const value =
      type === 'string' ? await client.get(key) : type === 'hash' ? await client.hgetall(key) : type === 'set' ? await client.smembers(key) : type === 'list' ? await client.lrange(key, 0, -1) : await client.zrange(key, '0', '-1');
    parts.push(key, JSON.stringify(value));
  }
  return parts.join('\n');
}

