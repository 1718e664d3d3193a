import { randomBytes } from 'node:crypto';
import { openAnswers, sealAnswer, sealBatch, tally } from '../../../src/core/pulse/seal';

const round = { id: 'round-1', questionIds: ['clarity', 'workload', 'enps'] };

describe('sealed answers', () => {
  const key = randomBytes(32);

  it('are counted per question and score, with their comments, in one pass', () => {
    const sealed = [
      sealAnswer(key, round, { scores: { clarity: 4, workload: 2, enps: 10 }, comment: 'Køen var lang 🙂' }),
      sealAnswer(key, round, { scores: { clarity: 4, workload: 5, enps: 0 } }),
      sealAnswer(key, round, { scores: { clarity: 1, enps: 10 } }),
    ];
    expect(tally(key, round, sealed)).toEqual({
      respondents: 3,
      repeats: 0,
      unreadable: 0,
      counts: { clarity: { '1': 1, '4': 2 }, workload: { '2': 1, '5': 1 }, enps: { '0': 1, '10': 2 } },
      comments: ['Køen var lang 🙂'],
    });
  });

  it('look alike with a short comment and none', () => {
    const none = sealAnswer(key, round, { scores: { clarity: 3, workload: 3, enps: 7 } });
    const short = sealAnswer(key, round, { scores: { clarity: 3, workload: 3, enps: 7 }, comment: 'ok' });
    expect(short.length).toBe(none.length);
  });

  it('are not counted when altered, sealed for another round, or sealed under another key', () => {
    const good = sealAnswer(key, round, { scores: { clarity: 5, workload: 5, enps: 9 } });
    const raw = Buffer.from(good, 'base64');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    const altered = raw.toString('base64');
    const otherRound = sealAnswer(key, { ...round, id: 'round-2' }, { scores: { clarity: 1, workload: 1, enps: 1 } });
    const otherKey = sealAnswer(randomBytes(32), round, { scores: { clarity: 1, workload: 1, enps: 1 } });
    expect(tally(key, round, [good, altered, otherRound, otherKey, 'not base64 at all'])).toEqual({
      respondents: 1,
      repeats: 0,
      unreadable: 4,
      counts: { clarity: { '5': 1 }, workload: { '5': 1 }, enps: { '9': 1 } },
      comments: [],
    });
  });

  it('gathered into a batch are counted as the answers they were, in an order that is not the one they came in', () => {
    const loose = Array.from({ length: 40 }, (_, i) => sealAnswer(key, round, { scores: { clarity: i % 5, workload: 3, enps: i % 11 }, ...(i % 4 === 0 ? { comment: `comment ${i} ${'x'.repeat(i * 20)}` } : {}) }));
    const answers = openAnswers(key, round, loose).flatMap((a) => a!);
    expect(answers).toHaveLength(40);
    const batch = sealBatch(key, round, answers);
    const straight = tally(key, round, loose);
    const batched = tally(key, round, [batch]);
    expect(batched.respondents).toBe(40);
    expect(batched.counts).toEqual(straight.counts);
    expect([...batched.comments].sort()).toEqual([...straight.comments].sort());
    expect(batched.comments).not.toEqual(straight.comments);
    // a batch of batches holds them all once; an answer in it found loose too is the same answer
    expect(tally(key, round, [sealBatch(key, round, openAnswers(key, round, [batch])[0]!), loose[0]!])).toMatchObject({ respondents: 40, repeats: 1 });
  });

  it('copied in the store, as entries or inside a batch, are counted once', () => {
    const mine = sealAnswer(key, round, { scores: { clarity: 1, workload: 5, enps: 2 }, comment: 'My lead talks over me' });
    const others = [2, 3].map((i) => sealAnswer(key, round, { scores: { clarity: i, workload: i, enps: i } }));
    const batch = sealBatch(key, round, openAnswers(key, round, [mine, ...others]).flatMap((a) => a!));
    expect(tally(key, round, [mine, mine, mine, mine, mine])).toEqual({
      respondents: 1,
      repeats: 4,
      unreadable: 0,
      counts: { clarity: { '1': 1 }, workload: { '5': 1 }, enps: { '2': 1 } },
      comments: ['My lead talks over me'],
    });
    // a batch, a copy of it, and the loose entry it was made of: three answers
    expect(tally(key, round, [batch, batch, mine])).toMatchObject({ respondents: 3, repeats: 4, comments: ['My lead talks over me'] });
    // two people who give the same answer are two answers
    const same = () => sealAnswer(key, round, { scores: { clarity: 4, workload: 4, enps: 8 } });
    expect(tally(key, round, [same(), same()])).toMatchObject({ respondents: 2, repeats: 0, counts: { clarity: { '4': 2 } } });
  });

  it('sealed by a Kompis from before answer ids are still read, each entry one answer, also in a batch with newer ones', () => {
    // written by the earlier format, under this key, for this round: scores 2, 5, 3 and a comment
    const earlier = { key: Buffer.alloc(32, 7), round: { id: 'round-1', questionIds: ['clarity', 'workload', 'enps'] } };
    const entry =
      'ztMzcPOIUFE7o5PJD2YCiCrltWuruwh+qafW+tO79gaPX24lfg9ARwy/9KLjiMp+F2HVtPYS1Qvg+EsxIgiiY8Ued3hiRWnRrCkfYBRlrqIGqrKsz5erb+lSgtPrZ7qEyS8ydy4GxB36VITQ0D6V4Irw6fT6Em62hpA8U7dbPdSJGCt/v0V4KZkQG5HmxOY64+K6f9AK0BQhB3iMhXZYX5zSjEXsQeZTW5YjFNeLDIScyNhn540tdGQZxc2b7nmpuGfLEnx8KE0eqpexHxUNs6jrvenXQ9c+moc6GUG6UfjY+y1mmqIjwxAMDNesoYYG2CIwqqTLkr3eQfMxqgdkrbB9dLIEldTlmkrNrMrWc9WcR2okm7L/BR9yJHI=';
    expect(tally(earlier.key, earlier.round, [entry])).toEqual({
      respondents: 1,
      repeats: 0,
      unreadable: 0,
      counts: { clarity: { '2': 1 }, workload: { '5': 1 }, enps: { '3': 1 } },
      comments: ['Skrevet før oppgraderingen'],
    });
    const newer = sealAnswer(earlier.key, earlier.round, { scores: { clarity: 4, workload: 4, enps: 9 } });
    const batch = sealBatch(earlier.key, earlier.round, openAnswers(earlier.key, earlier.round, [entry, newer]).flatMap((a) => a!));
    expect(tally(earlier.key, earlier.round, [batch])).toMatchObject({ respondents: 2, counts: { clarity: { '2': 1, '4': 1 } }, comments: ['Skrevet før oppgraderingen'] });
  });

  it('in a batch are not counted at all when the batch is altered or sealed for another round', () => {
    const answers = openAnswers(key, round, [1, 2, 3].map((i) => sealAnswer(key, round, { scores: { clarity: i, workload: i, enps: i } }))).flatMap((a) => a!);
    const raw = Buffer.from(sealBatch(key, round, answers), 'base64');
    raw.writeUInt8(raw.readUInt8(40) ^ 1, 40);
    const otherRound = sealBatch(key, { ...round, id: 'round-2' }, answers);
    expect(tally(key, round, [raw.toString('base64'), otherRound])).toMatchObject({ respondents: 0, unreadable: 2 });
    expect(openAnswers(key, round, [otherRound])).toEqual([undefined]);
  });
});
