import { parseCommand } from '../../../src/core/commands';

describe('the one command grammar', () => {
  it.each([
    ['help', { kind: 'help' }],
    ['', { kind: 'help' }],
    ['/kompis goals', { kind: 'goals' }],
    ['kompis   UNANSWERED', { kind: 'unanswered' }],
    ['goal new', { kind: 'goal-new' }],
    ['goal progress 1 +2', { kind: 'goal-progress', ref: '1', amount: { delta: 2 } }],
    ['goal progress CSAT goal 4,4', { kind: 'goal-progress', ref: 'CSAT goal', amount: { value: 4.4 } }],
    ['goal progress 1', { kind: 'usage', of: 'goal-progress' }],
    ['goal', { kind: 'usage', of: 'goal' }],
    ['pulse Now', { kind: 'pulse', verb: 'now' }],
    ['pulse dance', { kind: 'usage', of: 'pulse' }],
    ['kudos {@U1} for the calm call #2', { kind: 'kudos', to: 'U1', reason: 'for the calm call', goalRef: '2' }],
    ['kudos for everything', { kind: 'usage', of: 'kudos' }],
    ['/kudos {@U1} for the calm call', { kind: 'kudos', to: 'U1', reason: 'for the calm call' }],
    ['dance <!channel>', { kind: 'unknown', name: 'dance' }],
  ])('reads a typed %j', (text, command) => {
    expect(parseCommand(text, 'typed')).toEqual(command);
  });

  it('says a kudos reason over 1,000 characters is too long, with its length and the most it may be', () => {
    expect(parseCommand(`kudos {@U1} ${'x'.repeat(1001)}`, 'typed')).toEqual({ kind: 'too-long', of: 'kudos', length: 1001, max: 1000 });
    expect(parseCommand(`kudos {@U1} ${'x'.repeat(1001)}`, 'message')).toEqual({ kind: 'too-long', of: 'kudos', length: 1001, max: 1000 });
    // the goal it links is not part of the reason
    expect(parseCommand(`kudos {@U1} ${'x'.repeat(1000)} #2`, 'typed')).toEqual({ kind: 'kudos', to: 'U1', reason: 'x'.repeat(1000), goalRef: '2' });
  });

  it.each(['help me find the recycling policy', 'goals for 2030?', 'goal of the climate plan', 'pulse rate of a phone', 'What is the EU energy label?', 'kompis what is the EU energy label?', 'kompis', 'goal', '/kudosfoo for everything'])(
    'leaves a message that only starts like one to be a question: %j',
    (text) => {
      expect(parseCommand(text, 'message')).toBeUndefined();
    },
  );

  it.each([
    ['help', { kind: 'help' }],
    ['unanswered', { kind: 'unanswered' }],
    ['goal progress 2 4.4', { kind: 'goal-progress', ref: '2', amount: { value: 4.4 } }],
    ['pulse results', { kind: 'pulse', verb: 'results' }],
    ['kudos', { kind: 'usage', of: 'kudos' }],
    // Slack's `/kudos`, as its usage and people used to Slack write it, wherever they write it
    ['/kudos {@U1} for the calm call', { kind: 'kudos', to: 'U1', reason: 'for the calm call' }],
    ['/KUDOS for everything', { kind: 'usage', of: 'kudos' }],
    ['/kompis kudos {@U1} for the calm call', { kind: 'kudos', to: 'U1', reason: 'for the calm call' }],
  ])('reads a message of a command’s exact shape: %j', (text, command) => {
    expect(parseCommand(text, 'message')).toEqual(command);
  });
});
