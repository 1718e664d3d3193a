import { parseCommand, runCommand, type CommandContext, type CommandReply } from '../../../src/core/commands';
import type { NoticeMessage } from '../../../src/core/messages';
import type { Store } from '../../../src/core/storage/ports';
import { sqliteFactory } from '../../stores/factories';

const context = (lang: CommandContext['lang'] = 'en'): CommandContext => ({ user: { id: 'U1' }, lang, source: 'test', prefix: '/kompis ', team: async () => undefined, person: async () => undefined });
const lines = (reply: CommandReply) => (reply as NoticeMessage).lines.join('\n');

describe('core runs the commands the same for every channel', () => {
  let store: Store;
  beforeEach(async () => {
    store = await sqliteFactory.open();
  });
  afterEach(() => store.close());

  it('the help lists only what this deployment has, with the channel’s way of writing a command', async () => {
    const help = lines(await runCommand({ kind: 'help' }, context(), { curation: { unanswered: (n: number) => store.curation.latestUnanswered(n) } }));
    expect(help).toContain('/kompis help — shows this help');
    expect(help).toContain('/kompis unanswered — lists the questions');
    expect(help).not.toContain('/kompis goals');
    expect(lines(await runCommand({ kind: 'help' }, { ...context(), prefix: '' }, {}))).toMatch(/^• help — /m);
  });

  it('says in the asker’s language when goals or the pulse are not configured, and gives usages', async () => {
    expect(lines(await runCommand(parseCommand('goals', 'typed')!, context('da'), {}))).toContain('Mål og kudos er ikke slået til');
    expect(lines(await runCommand(parseCommand('pulse now', 'typed')!, context('sv'), {}))).toContain('Veckans puls är inte påslagen');
    expect(lines(await runCommand(parseCommand('pulse dance', 'typed')!, context('nb'), {}))).toContain('Bruk: /kompis pulse setup');
    expect(lines(await runCommand(parseCommand('dance', 'typed')!, context('en'), {}))).toContain('I do not know that command: "dance"');
  });

  it.each([
    ['nb', 'Kudosen er for lang (1\u00a0234 tegn): høyst 1\u00a0000 tegn. Kort den ned og send den igjen.'],
    ['sv', 'Kudosen är för lång (1\u00a0234 tecken): högst 1\u00a0000 tecken. Korta ner den och skicka den igen.'],
    ['da', 'Kudosen er for lang (1.234 tegn): højst 1.000 tegn. Gør den kortere, og send den igen.'],
    ['en', 'Your kudos are too long (1,234 characters): at most 1,000. Shorten them and send them again.'],
  ] as const)('says kudos over 1,000 characters are too long, and how long they may be, in %s', async (lang, text) => {
    const reply = (await runCommand(parseCommand(`kudos {@U2} ${'x'.repeat(1234)}`, 'typed')!, context(lang), {})) as NoticeMessage;
    expect(reply).toMatchObject({ kind: 'notice', tone: 'warning', lines: [text] });
  });

  it('lists the unanswered questions newest first, escaping a typed mention, and counts the rest', async () => {
    for (let i = 0; i < 22; i++) await store.curation.addUnanswered({ question: `question ${i} {@U9}`, lang: 'en', askedAt: new Date(Date.UTC(2026, 10, 1 + i)).toISOString() });
    const reply = (await runCommand({ kind: 'unanswered' }, context(), { curation: { unanswered: (n: number) => store.curation.latestUnanswered(n) } })) as NoticeMessage;
    expect(reply.title).toBe('Unanswered questions (22)');
    expect(reply.lines[0]).toMatch(/^• question 21 \{\u2060@U9\} — 2026-11-22 \(en\)$/);
    expect(reply.lines.at(-1)).toBe('… and 2 more.');
  });

  it('shows the unanswered questions only to the curators and leads, and only where nobody else sees the reply', async () => {
    await store.curation.addUnanswered({ question: 'what Kari asked in her DM', lang: 'en', askedAt: '2026-11-02T10:00:00.000Z' });
    const curation = (readers: string[]) => ({ unanswered: (n: number) => store.curation.latestUnanswered(n), mayRead: async (user: string) => readers.includes(user) });
    const refusedHere = lines(await runCommand({ kind: 'unanswered' }, { ...context('sv'), privately: false }, { curation: curation(['U1']) }));
    expect(refusedHere).toContain('bara där bara du ser svaret');
    expect(refusedHere).not.toContain('Kari');
    const refusedToYou = lines(await runCommand({ kind: 'unanswered' }, context('da'), { curation: curation(['U2']) }));
    expect(refusedToYou).toContain('for kuratorerne og teamlederne');
    expect(refusedToYou).not.toContain('Kari');
    expect(lines(await runCommand({ kind: 'unanswered' }, { ...context(), privately: true }, { curation: curation(['U1']) }))).toContain('what Kari asked in her DM');
  });
});
