import { tPulse } from '../../../src/core/i18n/pulse-strings';
import { LANGS } from '../../../src/core/lang';
import type { OutMessage } from '../../../src/core/messages';
import { silentLogger } from '../../../src/core/ports';
import { wrappingKey } from '../../../src/core/pulse/round-key';
import { PulseService } from '../../../src/core/pulse/service';
import type { Store } from '../../../src/core/storage/ports';
import type { TeamRecord } from '../../../src/core/storage/records';
import { recordingSlack } from '../../helpers';
import { FACTORIES } from '../../stores/factories';

const T = 'slack:CTEAM';
const LEAD = 'ULEAD';

/**
 * A team of `agents` and its lead, K = 3; a round asks every agent, and `answering` of them answer
 * before it closes. What the lead is sent, and what `results` shows in each language.
 */
async function leadSees(store: Store, agents: string[], answering: number) {
  const clock = { t: new Date('2026-11-23T09:00:00Z'), now: () => clock.t };
  const { chats, sent } = recordingSlack(() => [...agents, LEAD].map((id) => ({ id, name: id })));
  const pulse = new PulseService({ wrapping: wrappingKey('participation test secret'), pulse: store.pulse, teams: store.teams, outbox: store.outbox, locks: store.locks, chats, clock, logger: silentLogger, owner: 'test' });
  const fresh: TeamRecord = { id: T, platform: 'slack', channel: 'CTEAM', name: 'CTEAM', tz: 'Europe/Oslo', lang: 'en', leads: [], updatedAt: clock.t.toISOString() };
  await pulse.setup(fresh, LEAD, { k: 3, leads: [LEAD] }, 'en');
  const team = async () => (await store.teams.getTeam(T))!;
  expect((await pulse.openNow(await team(), LEAD, 'en')).lines[0]).toContain(`check-ins go to ${agents.length} member`);
  await pulse.tick();
  const round = (await store.pulse.listRounds(T, 1))[0]!;
  for (const who of agents.slice(0, answering)) {
    const scores = Object.fromEntries(round.questionIds.map((q) => [q, q === 'enps' ? 8 : 4]));
    expect((await pulse.answer(round.id, { platform: 'slack', user: who }, scores, undefined, 'en')).tone).toBe('success');
  }
  sent.length = 0;
  await pulse.closeNow(await team(), LEAD, 'en');
  await pulse.tick();
  const sentToLead: OutMessage[] = sent.filter((s) => s.to === LEAD).map((s) => s.message);
  const results: Record<string, unknown> = {};
  for (const lang of LANGS) results[lang] = await pulse.results(await team(), LEAD, lang);
  return { sentToLead, results };
}

describe.each(FACTORIES)('how many answered a round below K is not told, on $name', (factory) => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  const open = async () => {
    const s = await factory.open();
    stores.push(s);
    return s;
  };

  it.each([
    { agents: ['UANNA'], counts: [0, 1], why: 'the one member asked: "0 of 1" or "1 of 1" would say whether she answered' },
    { agents: ['UANNA', 'UBO', 'UCARL', 'UDAN', 'UEVA'], counts: [0, 1, 2], why: 'five asked: none, one or two answering read alike' },
  ])('$why', async ({ agents, counts }) => {
    const seen: Awaited<ReturnType<typeof leadSees>>[] = [];
    for (const n of counts) seen.push(await leadSees(await open(), agents, n));
    // however many answered, the lead is told the same
    expect(seen.map((s) => s.sentToLead)).toEqual(seen.map(() => seen[0]!.sentToLead));
    expect(seen.map((s) => s.results)).toEqual(seen.map(() => seen[0]!.results));
    for (const s of seen) {
      expect(s.sentToLead).toEqual([{ kind: 'notice', lang: 'en', tone: 'info', lines: [tPulse('en', 'notEnough', { k: 3, week: '48' })] }]);
      for (const lang of LANGS) expect(s.results[lang]).toEqual({ kind: 'notice', lang, tone: 'info', lines: [tPulse(lang, 'notEnough', { k: 3, week: '48' })] });
    }
  });

  it('says in every language that fewer than K answered, and no number of answers', () => {
    const said = Object.fromEntries(LANGS.map((lang) => [lang, tPulse(lang, 'notEnough', { k: 3, week: '48' })]));
    expect(said).toEqual({
      nb: 'For få svar til å være anonymt i uke 48: færre enn 3 svarte. Verken tall, kommentarer eller hvor mange som svarte, vises.',
      sv: 'För få svar för att vara anonymt vecka 48: färre än 3 svarade. Varken siffror, kommentarer eller hur många som svarade visas.',
      da: 'For få svar til at være anonymt i uge 48: færre end 3 svarede. Hverken tal, kommentarer eller hvor mange der svarede, vises.',
      en: 'Not enough answers to stay anonymous in week 48: fewer than 3 answered. No scores, no comments, and not how many answered, are shown.',
    });
  });
});
