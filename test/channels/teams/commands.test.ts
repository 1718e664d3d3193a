import { GoalService } from '../../../src/core/goals/service';
import { systemClock } from '../../../src/core/ports';
import { channelMention, personalMessage, startTeams, type TeamsHarness } from './harness';

describe('`help` and `unanswered` in Teams, through the one command grammar', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    // with goals configured, so a command about a team would make the channel one
    h = await startTeams({
      services: (store, logger) => ({ goals: new GoalService({ goals: store.goals, teams: store.teams, once: store.channels, outbox: store.outbox, locks: store.locks, owner: 'a', chats: {}, clock: systemClock, logger }) }),
    });
  });
  afterEach(async () => {
    await h.close();
  });

  /** Posts and gives the text of the one reply. */
  async function reply(activity: Record<string, unknown>): Promise<string> {
    const before = h.connector.messages().length;
    expect((await h.post(activity)).status).toBe(200);
    await h.connector.waitFor(() => h.connector.messages().length > before, 5000, 'a reply');
    return String(h.connector.messages()[before]!.activity.text);
  }

  test('`help` lists the commands in the asker’s language, in a personal chat and in a channel', async () => {
    const help = await reply(personalMessage(h.connector.url, 'help', 'sv-SE'));
    expect(help).toContain('Ställ en fråga eller använd ett kommando');
    expect(help).toContain('unanswered — listar frågorna');
    expect(await reply(channelMention(h.connector.url, 'kompis help'))).toContain('help — shows this help');
    // asking for help makes no team of the channel; a command about the team does
    expect(await h.store.teams.listTeams()).toEqual([]);
    await reply(channelMention(h.connector.url, 'goals'));
    expect((await h.store.teams.listTeams()).map((t) => t.platform)).toEqual(['teams']);
  });

  test('`unanswered` lists the questions the store could not answer, newest first; a question that starts like a command is answered', async () => {
    expect(await reply(personalMessage(h.connector.url, 'unanswered'))).toContain('No unanswered questions');
    await reply(personalMessage(h.connector.url, "what's the weather tomorrow?"));
    await reply(personalMessage(h.connector.url, 'help me find the football results'));
    const list = await reply(personalMessage(h.connector.url, '/kompis unanswered'));
    expect(list).toContain('Unanswered questions (2)');
    expect(list.indexOf('football')).toBeLessThan(list.indexOf('weather'));
  });

  test('`unanswered` in a channel is not answered with the list, which holds what people asked privately; a customer\'s e-mail and phone number an agent pasted are not kept in it', async () => {
    await reply(personalMessage(h.connector.url, 'Customer ola.hansen@example.com, phone 412 34 567, asks about the weather tomorrow?'));
    const inChannel = await reply(channelMention(h.connector.url, 'unanswered'));
    expect(inChannel).toContain('shown only where you alone see the reply');
    expect(inChannel).not.toContain('weather');
    const list = await reply(personalMessage(h.connector.url, 'unanswered'));
    expect(list).toContain('weather tomorrow');
    expect(list).not.toMatch(/ola\.hansen|412 34 567/);
    expect(JSON.stringify(await h.store.curation.listOpenUnanswered(10))).not.toMatch(/ola\.hansen|412 34 567/);
  });

  test('from a sender with no work account (the Web Chat test of a bot resource), a command says where commands work, and is no question for the curators', async () => {
    // Web Chat sends no Entra object id, no tenant and no conversation type
    const webChat = (text: string) => ({ ...personalMessage(h.connector.url, text, 'sv-SE'), channelId: 'webchat', from: { id: 'dl_7f3a', name: 'You' }, conversation: { id: 'Ab12Cd34' }, channelData: {} });
    expect(await reply(webChat('goals'))).toContain('Kommandona (mål, kudos, puls) fungerar i Microsoft Teams');
    expect(await reply(webChat('Hur länge gäller garantin på LED-lampor?'))).toContain('five-year warranty');
    expect(await h.store.curation.listOpenUnanswered(10)).toEqual([]);
  });
});
