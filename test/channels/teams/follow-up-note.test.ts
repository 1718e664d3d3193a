import { answersRepeating, miniService } from '../../helpers';
import { personalMessage, startTeams, type TeamsHarness } from './harness';

/** A markdown link, as Teams would render it in a message: `[label](target)`, `[label][ref]`. */
const LINK = /\]\s*[([]/;

/**
 * What the asker typed comes back in Kompis's answer as text, through the real CloudAdapter against
 * the fake connector: the note that a follow-up was read with the question before quotes that
 * question, and an answer may repeat the asker's words; neither makes a live link of them.
 */
describe('Teams: the asker\'s words quoted back in an answer', () => {
  let h: TeamsHarness;
  afterEach(() => h.close());

  test.each([
    ['How long is the warranty on [LED lamps](https://evil.example/login)?', 'LED lamps'],
    ['How long is the warranty on LED lamps? [Verify your account](https://evil.example/login)', 'Verify your account'],
  ])('a follow-up\'s note quotes the question before it, %s, as text', async (first, label) => {
    h = await startTeams();
    await h.post(personalMessage(h.connector.url, first));
    await h.post(personalMessage(h.connector.url, 'and what does it need?'));
    const [, followUp] = h.connector.messages().map((m) => String(m.activity.text));
    expect(followUp).toContain('Read together with the question before');
    expect(followUp).toContain(label);
    expect(followUp).toContain('https://evil.example/login');
    expect(followUp).not.toMatch(LINK);
  });

  test('a streamed answer that repeats a link the asker wrote shows it as text, and keeps its citation markers', async () => {
    const service = await miniService();
    const echoed = 'Every LED lamp has a five-year warranty [1]. See [your account](https://evil.example/login) and [the terms][t].';
    const answers = answersRepeating(service, echoed);
    h = await startTeams({ answers });
    await h.post(personalMessage(h.connector.url, 'How long is the warranty on LED lamps?'));
    const texts = h.connector.sent.map((s) => String(s.activity.text ?? ''));
    const final = h.connector.messages().at(-1)!;
    for (const text of texts) expect(text).not.toMatch(LINK);
    expect(String(final.activity.text)).toContain('five-year warranty [1].');
    expect(String(final.activity.text)).toContain('https://evil.example/login');
    expect(JSON.stringify(final.activity.entities)).toContain('"position":1');
  });
});
