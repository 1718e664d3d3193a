import { SLACK_MARKUP } from '../../../src/channels/slack/markup';
import { TEAMS_MARKUP } from '../../../src/channels/teams/markup';
import { scrubComment, shuffle } from '../../../src/core/pulse/scrub';

/** Both chat platforms configured, as in a deployment that runs both. */
const MARKUP = [...SLACK_MARKUP, ...TEAMS_MARKUP];

const TEAM = ['Kari Nordmann', 'Ola', 'Øyvind Sørensen', 'Åsa Ek', 'josé', 'Lars', 'N', 'Anne-Lise Berg'];
const scrub = (text: string, names: readonly string[] = TEAM): string => scrubComment(text, names, 'en', MARKUP);

describe('phone numbers', () => {
  it.each([
    ['+47 912 34 567'],
    ['912 34 567'],
    ['91 23 45 67'],
    ['070-123 45 67'],
    ['08-123 456 78'],
    ['+46701234567'],
    ['+46 70 123 45 67'],
    ['20 12 34 56'],
    ['(+45) 20123456'],
    ['0045 20 12 34 56'],
    ['91234567'],
  ])('scrubs %s', (phone) => {
    expect(scrub(`Call me on ${phone} after lunch.`)).toBe('Call me on [phone] after lunch.');
  });

  it('scrubs a number right after a colon, and two numbers in one sentence', () => {
    expect(scrub('Tlf:91234567')).toBe('Tlf:[phone]');
    expect(scrub('Mobil 912 34 567 / jobb 20 12 34 56')).toBe('Mobil [phone] / jobb [phone]');
  });

  it.each([
    ['a plain year', 'We set this up in 2026 and it works.'],
    ['a year range', 'The targets for 2025-2026 are too high.'],
    ['a percentage', 'We solved 45 % on first contact, 87% last week.'],
    ['a price after the number', 'The customer paid 1 299 kr for it, and 12 500,50 NOK for the other.'],
    ['a price before the number', 'It costs kr 1 299 or € 129.'],
    ['an ISO date', 'Meeting on 2026-11-23 about it.'],
    ['a date and a time', 'From 2026-11-23 13:00 to 23.11.2026 kl. 15.30.'],
    ['a time', 'Lunch at 13:00 was too short.'],
    ['small numbers', 'Only 3 of 5 calls were about 4G, 12 were about 5G.'],
    ['a run of small numbers', 'Scores 1 2 3 4 5 6 7 8 in a row.'],
    ['a seven-digit case number', 'Case 1234567 was reopened.'],
    ['a long decimal', 'Pi is 3.14159265 or so.'],
  ])('keeps %s', (_, text) => {
    expect(scrub(text)).toBe(text);
  });

  it('scrubs a number written next to a date, keeping the date', () => {
    expect(scrub('2026-11-23 20 12 34 56')).toBe('2026-11-23 [phone]');
    expect(scrub('Ring 13:00 på 912 34 567')).toBe('Ring 13:00 på [phone]');
  });

  it('scrubs numbers grouped by dots, which look like a time or a date at their start', () => {
    expect(scrubComment('Tlf 12.34.56.78 / 912.34.567', [], 'da')).toBe('Tlf [telefon] / [telefon]');
  });

  it.each([
    ['12.34.56.78'],
    ['20.12.34.56'],
    ['912.34.567'],
    ['+47 912.34.567'],
    ['+45 20.12.34.56'],
    ['070.123.45.67'],
    ['08.123.456.78'],
    ['+46 70.123.45.67'],
    ['0701.23.45.67'],
    // Swedish numbers run from seven digits with the leading 0
    ['08-123 45'],
    ['08.123.45'],
  ])('scrubs %s', (phone) => {
    expect(scrub(`Call me on ${phone} after lunch.`)).toBe('Call me on [phone] after lunch.');
  });

  it.each([
    ['dates with dots', 'Meeting on 12.03.2026, again 1.4.2026 and 12.03.26.'],
    ['a time with a dot', 'Lunch at 12.30 and again 8.30, from 12.30-13.15.'],
    ['amounts with a thousands dot or a decimal comma', 'It cost 1.250 kr, 12.500,50 kr and DKK 1.250; 12,5 % and 12,5% said no.'],
    ['a seven-digit number with no leading 0 or no grouping', 'Case 1234567 and order 0123456 were reopened.'],
    ['a decimal with a dot', 'It went from 3.14 to 12.345 in a week.'],
  ])('keeps %s', (_, text) => {
    expect(scrub(text)).toBe(text);
  });

  it('scrubs a number written with dots next to a date and a time, keeping them', () => {
    expect(scrub('12.03.2026 kl. 12.30: ring 20.12.34.56.')).toBe('12.03.2026 kl. 12.30: ring [phone].');
  });
});

describe('e-mail, links and mentions', () => {
  it('scrubs e-mail addresses, with or without mailto:', () => {
    expect(scrub('Write to kari.nordmann+pulse@firma.no or mailto:x@y.se.')).toBe('Write to [e-mail] or [e-mail].');
    expect(scrub('Ask pål.ødegård@kundeservice.example.no')).toBe('Ask [e-mail]');
  });

  it('removes links, since paths and queries carry names, keeping the sentence punctuation', () => {
    expect(scrub('See https://firma.sharepoint.com/personal/someone_x/Doc.aspx?id=1.')).toBe('See [link].');
    expect(scrub('(www.linkedin.com/in/someone)')).toBe('([link])');
    expect(scrub('Profile: linkedin.com/in/someone-else, ok?')).toBe('Profile: [link], ok?');
    expect(scrub('Slack link <https://x.slack.com/archives/C1/p2|this thread> here')).toBe('Slack link [link] here');
  });

  it('scrubs Slack and Teams mentions and @handles', () => {
    expect(scrub('Thanks <@U123ABC> and <@W0AB12|someone>!')).toBe('Thanks [name] and [name]!');
    expect(scrub('<at>Some One</at> helped')).toBe('[name] helped');
    expect(scrub('<at id="0">Some One</at> helped')).toBe('[name] helped');
    expect(scrub('Ask @some.one.')).toBe('Ask [name].');
  });

  it('does not take an e-mail address for a mention', () => {
    expect(scrub('a@b.no')).toBe('[e-mail]');
  });
});

describe('known names', () => {
  it('scrubs a full name as one, and first or last name alone, in any case', () => {
    expect(scrub('Kari Nordmann helped me')).toBe('[name] helped me');
    expect(scrub('KARI said, and nordmann agreed; Kari  Nordmann too')).toBe('[name] said, and [name] agreed; [name] too');
  });

  it('scrubs possessives', () => {
    expect(scrub("Kari's idea, Karis plan, Kari’s call, Lars' car, Olas desk")).toBe('[name] idea, [name] plan, [name] call, [name] car, [name] desk');
  });

  it('matches Nordic and accented letters, and only whole words', () => {
    expect(scrub('Øyvind and øyvind, Sørensen, ÅSA, José; Karin, Olav and Larsen stay')).toBe('[name] and [name], [name], [name], [name]; Karin, Olav and Larsen stay');
    expect(scrub('Anne-Lise Berg and Berg')).toBe('[name] and [name]');
  });

  it('scrubs a name typed without its Nordic or accented letters', () => {
    const team = ['Jørgen Bæk', 'Åsa Ek', 'Øyvind Sørensen', 'Björn Åström', 'José'];
    expect(scrub('Jorgen, Joergen and Baek; Asa and Aasa; Oyvind Sorensen, Oeyvind Soerensen; Bjorn Astrom, Björn Åstrom; Jose', team)).toBe(
      '[name], [name] and [name]; [name] and [name]; [name], [name]; [name], [name]; [name]',
    );
    // the other Nordic spelling of the same letter: ø and ö, æ and ä
    expect(scrub('Jörgen and Bäk', team)).toBe('[name] and [name]');
  });

  it('keeps a word that a short name only matches without its Nordic letters', () => {
    // "Ås" and "Bø" without their letters are everyday words
    expect(scrub('Ås said it is as good as it gets, Bø too; bo here', ['Kari Ås', 'Ola Bø'])).toBe('[name] said it is as good as it gets, [name] too; bo here');
  });

  it('ignores names shorter than two letters', () => {
    expect(scrub('N is a letter', ['N', 'K. Nordmann'])).toBe('N is a letter');
    expect(scrub('Nordmann called', ['K. Nordmann'])).toBe('[name] called');
  });

  it('treats regex characters in a name as text, and leaves out what is in brackets', () => {
    expect(scrub('aab, aaab and a+b from support', ['a+b (support)'])).toBe('aab, aaab and [name] from support');
    expect(scrub("O'Brien called", ["O'Brien"])).toBe('[name] called');
  });

  it('does not match inside a placeholder', () => {
    expect(scrub('Link: https://x.no/a and name', ['Link', 'Name'])).toBe('[name]: [link] and [name]');
  });
});

describe('placeholders in the reader’s language', () => {
  const text = 'Kari: kari@x.no, 912 34 567, https://x.no/k';
  it.each([
    ['nb', '[navn]: [e-post], [telefon], [lenke]'],
    ['sv', '[namn]: [e-post], [telefon], [länk]'],
    ['da', '[navn]: [e-mail], [telefon], [link]'],
    ['en', '[name]: [e-mail], [phone], [link]'],
  ] as const)('%s', (lang, expected) => {
    expect(scrubComment(text, ['Kari Nordmann'], lang, MARKUP)).toBe(expected);
  });
});

describe('length', () => {
  it('trims', () => {
    expect(scrub('  \n fine \n ')).toBe('fine');
  });

  it('caps at 1,000 characters with an ellipsis', () => {
    const out = scrub('word '.repeat(400));
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out.endsWith('…')).toBe(true);
    expect(scrub('x'.repeat(1000))).toBe('x'.repeat(1000));
    expect(scrub('x'.repeat(1001))).toBe(`${'x'.repeat(999)}…`);
  });

  it('scrubs before it cuts, so no half number or half placeholder is left at the end', () => {
    const out = scrub(`${'x'.repeat(995)} 912 34 567`);
    expect(out).toBe(`${'x'.repeat(995)}…`);
    expect(scrub(`${'x'.repeat(990)} 912 34 567`)).toBe(`${'x'.repeat(990)} [phone]`);
  });

  it('does not split an emoji', () => {
    const out = scrub(`${'x'.repeat(998)}😀😀`);
    expect(out).toBe(`${'x'.repeat(998)}…`);
  });

  it.each([
    ['digits and spaces', '1 '.repeat(10_000)],
    ['one long number', '9'.repeat(20_000)],
    ['near-e-mails', 'a.'.repeat(10_000) + '@'],
    ['@ signs', '@a'.repeat(10_000)],
    ['unclosed mentions', '<at>'.repeat(5_000)],
    ['unclosed Slack links', '<http'.repeat(4_000)],
    ['names', 'Kari '.repeat(4_000)],
    ['near-dates', '2026-1'.repeat(3_400)],
    ['near-domains', 'a.b'.repeat(6_700)],
    ['digits and dots', '1.'.repeat(10_000)],
    ['near-times in a row', '12.34.'.repeat(3_400)],
    ['names without their Nordic letters', 'Oyvind Soerensen Aasa '.repeat(900)],
  ])('returns on 20,000 characters of %s', (_, text) => {
    const names = Array.from({ length: 200 }, (_, i) => `Person${i} Surname${i}`).concat(TEAM);
    const out = scrubComment(text, names, 'nb', MARKUP);
    expect(out.length).toBeLessThanOrEqual(1000);
  });
});

describe('shuffle', () => {
  it('keeps every item and does not change the input', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8] as const;
    const out = shuffle(items);
    expect([...out].sort()).toEqual([...items]);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('is Fisher–Yates over the given source', () => {
    // random() = 0 swaps each position with the first: [a,b,c,d] → [b,c,d,a]
    expect(shuffle(['a', 'b', 'c', 'd'], () => 0)).toEqual(['b', 'c', 'd', 'a']);
    // just under 1 leaves every item where it is; exactly 1 must not fall off the end
    expect(shuffle(['a', 'b', 'c', 'd'], () => 0.999999)).toEqual(['a', 'b', 'c', 'd']);
    expect(shuffle(['a', 'b', 'c', 'd'], () => 1)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('handles empty and single lists', () => {
    expect(shuffle([])).toEqual([]);
    expect(shuffle(['x'])).toEqual(['x']);
  });

  it('reaches every ordering with the default source', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(shuffle(['a', 'b', 'c']).join(''));
    expect(seen.size).toBe(6);
  });
});
