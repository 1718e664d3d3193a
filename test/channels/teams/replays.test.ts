import { cardSubmit, channelMessage, GENERAL } from './harness';
import { LEAD, teamWorld, type TeamWorld } from './world';

const TEAM = `teams:${GENERAL}`;
const GOAL_FORM = { kompis: 'goal-new', title: 'Calls answered', metric: 'calls', start: '0', target: '100', unit: 'calls', direction: 'higher', due: '2026-12-31', owner: LEAD.aadObjectId };

/** The same activity (same id) delivered again, through the CloudAdapter, has one effect. */
describe('replayed Teams activities', () => {
  let w: TeamWorld;
  beforeEach(async () => {
    w = await teamWorld();
  });
  afterEach(() => w.close());

  test('a card submit and a typed command sent three times count once', async () => {
    const form = cardSubmit(w.connector.url, GOAL_FORM, { from: LEAD });
    for (let i = 0; i < 3; i++) expect((await w.h.post(form)).status).toBe(200);
    expect(await w.h.store.goals.listGoals(TEAM)).toHaveLength(1);

    const progress = channelMessage(w.connector.url, 'goal progress 1 +1', { from: LEAD });
    for (let i = 0; i < 3; i++) expect((await w.h.post(progress)).status).toBe(200);
    expect((await w.h.store.goals.listGoals(TEAM))[0]!.current).toBe(1);
    // a new message (a new id) counts again
    expect((await w.h.post(channelMessage(w.connector.url, 'goal progress 1 +1', { from: LEAD }))).status).toBe(200);
    expect((await w.h.store.goals.listGoals(TEAM))[0]!.current).toBe(2);
  });
});
