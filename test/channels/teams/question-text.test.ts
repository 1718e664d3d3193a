import { channelMessage } from './harness';
import { AGENTS, teamWorld, type TeamWorld } from './world';

const OLA = AGENTS[0]!;

/** A colleague's mention, markup or invisible characters in front of a question do not change the answer. */
describe('a question with something in front of it, in Teams', () => {
  let w: TeamWorld;
  beforeAll(async () => {
    w = await teamWorld();
  });
  afterAll(() => w.close());

  it.each([
    ['a colleague mentioned first', `<at>${OLA.name}</at> how long is the warranty on LED lamps?`],
    ['markup and invisible characters', '\u200b\u0007**_How long is the warranty on LED lamps?_**'],
    ['a formatted message', '<p><strong>How long</strong> is the warranty on LED lamps?</p>'],
  ])('%s', async (_, text) => {
    const before = w.connector.messages().length;
    expect((await w.h.post(channelMessage(w.connector.url, text, { mentions: [OLA] }))).status).toBe(200);
    await w.connector.waitFor(() => w.connector.messages().length > before, 5000, 'the answer');
    expect(String(w.connector.messages()[before]!.activity.text)).toContain('five-year warranty');
  });
});
