import { GoalService, parseProgress } from '../../../src/core/goals/service';
import type { Address, Chat, OutMessage } from '../../../src/core/messages';
import { silentLogger } from '../../../src/core/ports';
import { sqliteFactory } from '../../stores/factories';

/** A Chat that records what core sends: the port's fake. */
function recordingChat(): Chat & { sent: { to: Address; message: OutMessage }[] } {
  const sent: { to: Address; message: OutMessage }[] = [];
  return { platform: 'slack', sent, send: async (to, message) => (sent.push({ to, message }), { ok: true }), members: async () => [] };
}

describe('GoalService housekeeping', () => {
  it('sends the owner of a goal past its due date one private, kind note, and nothing public', async () => {
    const store = await sqliteFactory.open();
    try {
      const clock = { t: new Date('2026-11-20T10:00:00Z'), now: () => clock.t };
      const chat = recordingChat();
      const goals = new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'replica-a', chats: { slack: chat }, clock, logger: silentLogger });
      const team = await goals.ensureTeam({ id: 'slack:C1', platform: 'slack', channel: 'C1', lang: 'sv', tz: 'Europe/Stockholm' });
      const created = await goals.create(team, { title: 'Svarstid under 6 min', metric: 'AHT', start: 7.5, target: 6, unit: 'min', direction: 'lower', due: '2026-11-30', owner: 'UOWNER01' }, 'sv');
      if (!created.ok) throw new Error('not created');
      chat.sent.length = 0;
      await goals.tick();
      expect(chat.sent).toEqual([]);
      // 1 December in Stockholm: the due date (30 Nov) has passed
      clock.t = new Date('2026-11-30T23:30:00Z');
      await goals.tick();
      await goals.tick();
      expect(chat.sent).toHaveLength(1);
      expect(chat.sent[0]!.to).toEqual({ kind: 'user', id: 'UOWNER01', via: 'C1' });
      expect(chat.sent[0]!.message).toMatchObject({ kind: 'notice', lang: 'sv', lines: [expect.stringContaining('passerade slutdatumet')] });
    } finally {
      await store.close();
    }
  });

  it('reads progress as a value or a change, with a comma as decimal point', () => {
    expect(parseProgress('4,4')).toEqual({ value: 4.4 });
    expect(parseProgress('+0.1')).toEqual({ delta: 0.1 });
    expect(parseProgress('-5')).toEqual({ delta: -5 });
    expect(parseProgress('lots')).toBeUndefined();
    expect(parseProgress('')).toBeUndefined();
  });
});
