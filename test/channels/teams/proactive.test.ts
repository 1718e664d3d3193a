import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import type { TeamsChannel } from '../../../src/channels/teams/channel';
import { conversationKey } from '../../../src/channels/teams/conversations';
import { FakeTeamsConnector } from '../../fakes/teams-connector';
import { GENERAL, personalInstall, startTeams, TEAM_ID, teamInstall, USER } from './harness';

/** Sends `text` into the conversation saved under `key`, as the goal and pulse deliveries do. */
const sendTo = async (channel: TeamsChannel, key: string, text: string) =>
  (await channel.withConversation(key, (context) => context.sendActivity(Activity.fromObject({ type: ActivityTypes.Message, text })))) ? 'sent' : 'unknown_conversation';

describe('Teams proactive messages', () => {
  const connector = new FakeTeamsConnector();
  beforeAll(async () => {
    await connector.start();
  });
  afterAll(async () => {
    await connector.stop();
  });

  test('references saved on install reach the user and the team after a restart', async () => {
    const first = await startTeams({ connector });
    await first.post(personalInstall(connector.url));
    await first.post(teamInstall(connector.url));
    // installing in personal scope is greeted, in the installer's language, with questions to try as buttons for the installer
    expect(connector.messages().map((m) => m.activity.text)).toEqual([expect.stringContaining('Hei! Jeg er Kompis')]);
    expect(connector.messages()[0]!.activity.suggestedActions).toEqual({
      to: [USER.id],
      actions: [
        { type: 'imBack', title: 'Klimamål', value: 'Hva er klimamålene våre, og hvor langt har vi kommet?' },
        { type: 'imBack', title: 'Klimapåstander', value: 'Hva kan vi si om klimaavtrykket vårt?' },
        { type: 'imBack', title: 'Grønnvasking', value: 'Hvordan svarer jeg en kunde som mener vi driver med grønnvasking?' },
      ],
    });
    await first.close();

    // a new process: a new adapter over the same store
    const second = await startTeams({ connector, dataDir: first.dataDir });
    try {
      const before = connector.messages().length;
      await expect(sendTo(second.channel, conversationKey.user(USER.aadObjectId), 'Ukens pulssjekk er klar.')).resolves.toBe('sent');
      await expect(sendTo(second.channel, conversationKey.team(TEAM_ID), 'Målet er nådd! 🎉')).resolves.toBe('sent');
      const sent = connector.messages().slice(before);
      expect(sent.map((s) => [s.conversationId, s.activity.text])).toEqual([
        ['a:1kari-kompis-personal', 'Ukens pulssjekk er klar.'],
        [GENERAL, 'Målet er nådd! 🎉'],
      ]);
      expect(sent[0]!.activity.recipient).toMatchObject({ id: USER.id });
    } finally {
      await second.close();
    }
  });

  test("the welcome offers a store's own suggested questions, the first three of them", async () => {
    const own = ['Sykkel', 'Pant', 'Reparasjon', 'Garanti'].map((title) => ({ title, message: `Hva gjelder for ${title.toLowerCase()}?` }));
    const h = await startTeams({ connector, suggestions: { nb: own } });
    try {
      const before = connector.messages().length;
      await h.post(personalInstall(connector.url));
      const [welcome] = connector.messages().slice(before);
      const { actions } = welcome!.activity.suggestedActions as { actions: { title: string; value: string }[] };
      expect(actions.map((a) => [a.title, a.value])).toEqual([
        ['Sykkel', 'Hva gjelder for sykkel?'],
        ['Pant', 'Hva gjelder for pant?'],
        ['Reparasjon', 'Hva gjelder for reparasjon?'],
      ]);
    } finally {
      await h.close();
    }
  });

  test('an unknown key is reported, not thrown, and nothing is sent', async () => {
    const h = await startTeams({ connector });
    try {
      const before = connector.sent.length;
      await expect(sendTo(h.channel, conversationKey.user('nobody'), 'Hei')).resolves.toBe('unknown_conversation');
      expect(connector.sent.length).toBe(before);
    } finally {
      await h.close();
    }
  });
});
