import { mentionsSomeone, SLACK_MARKUP } from '../../../src/channels/slack/markup';

describe('Slack mention markup', () => {
  test('a person named as Slack writes it, with or without the name shown, is a mention', () => {
    expect(mentionsSomeone('<@UKARI0001> can you check this?')).toBe(true);
    expect(mentionsSomeone('ask <@W0AB12|kari> about it')).toBe(true);
  });

  test('what only looks like one is not: a channel, a broadcast, a lower-case id, an @ typed as text', () => {
    for (const text of ['see <#C0123ABC|kundeservice>', '<!channel> meeting now', '<@ukari0001> hi', '@kari can you check?', 'How long is the warranty?']) {
      expect(mentionsSomeone(text)).toBe(false);
    }
  });

  test('asked again and again it answers the same: the shared pattern keeps no position between texts', () => {
    const text = 'thanks <@UKARI0001>';
    expect([mentionsSomeone(text), mentionsSomeone(text), mentionsSomeone(text)]).toEqual([true, true, true]);
    const names = SLACK_MARKUP.find((m) => m.kind === 'name')!.pattern;
    expect(names.global).toBe(true);
    expect('<@U123ABC> and <@W0AB12|someone>'.match(names)).toEqual(['<@U123ABC>', '<@W0AB12|someone>']);
  });
});
