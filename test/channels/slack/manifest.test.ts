import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The manifest must match what the code listens for, so an imported app receives every event it handles. */
const Manifest = z.object({
  features: z.object({
    bot_user: z.object({ display_name: z.string() }),
    app_home: z.object({ home_tab_enabled: z.boolean() }),
    slash_commands: z.array(z.object({ command: z.string(), usage_hint: z.string(), should_escape: z.boolean() })),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({ event_subscriptions: z.object({ bot_events: z.array(z.string()) }), interactivity: z.object({ is_enabled: z.literal(true) }), socket_mode_enabled: z.literal(true) }),
});

test('manifest.json declares the events, scopes and command Kompis uses', () => {
  const m = Manifest.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'manifest.json'), 'utf8')));
  expect(m.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.im', 'message.channels', 'app_home_opened']));
  expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['app_mentions:read', 'chat:write', 'im:history', 'channels:history', 'assistant:write', 'commands', 'users:read']));
  const kompis = m.features.slash_commands.find((c) => c.command === '/kompis');
  expect(kompis?.usage_hint).toContain('unanswered');
  expect(kompis?.usage_hint).toContain('pulse setup');
  // /kudos and /kompis kudos need Slack to escape the mention as <@U…|name>, which is how the
  // recipient is read: unescaped, Slack sends the typed @kari as plain text
  expect(m.features.slash_commands.find((c) => c.command === '/kudos')).toMatchObject({ should_escape: true });
  expect(kompis).toMatchObject({ should_escape: true });
  // members of the team channel, the people directory, DMs and their history (to resume a delivery)
  expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['channels:read', 'groups:read', 'users:read', 'im:write', 'im:history']));
  expect(m.features.app_home.home_tab_enabled).toBe(true);
});
