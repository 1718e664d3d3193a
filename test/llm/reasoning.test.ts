import { AfterReasoning, replyAfterReasoning } from '../../src/llm/reasoning';

/** The reply as a stream gives it when cut at `cuts`: every piece passed on, then what end() gives, or undefined for none. */
function streamed(text: string, cuts: number[]): string | undefined {
  const reply = new AfterReasoning();
  const bounds = [0, ...cuts, text.length];
  let out = '';
  for (let i = 1; i < bounds.length; i++) out += reply.push(text.slice(bounds[i - 1], bounds[i]));
  const rest = reply.end();
  return rest === undefined ? undefined : out + rest;
}

describe('the reply after a <think> block', () => {
  it.each([
    ['<think>\nPassage [1] says 5 kroner.\n</think>\n\nDet er 5 kroner [1].', 'Det er 5 kroner [1].'],
    ['  \n<think></think>Svar.', 'Svar.'],
    ['Det er 5 kroner [1].', 'Det er 5 kroner [1].'],
    // a tag written later is the reply's own, as is one that only begins like it
    ['Svar. <think>x</think> mer.', 'Svar. <think>x</think> mer.'],
    ['<thin', '<thin'],
    ['<think>\nPassage [1] says 5 kroner. Det er 5 kroner [1].', undefined],
    ['<think>x</thin', undefined],
  ])('%j gives %j, whole and cut anywhere in two or three pieces', (text, reply) => {
    expect(replyAfterReasoning(text)).toBe(reply);
    for (let a = 0; a <= text.length; a++) {
      expect(streamed(text, [a])).toBe(reply);
      for (let b = a; b <= text.length; b++) expect(streamed(text, [a, b])).toBe(reply);
    }
  });

  it('reads a whole reply whose template opened the block in the prompt from after its close', () => {
    expect(replyAfterReasoning('Passage [1] says NO_ANSWER is not needed.\n</think>\n\n{"answer":"Det er 5 kroner [1]."}')).toBe('{"answer":"Det er 5 kroner [1]."}');
    expect(replyAfterReasoning('Svar. <think>x</think> mer.')).toBe('Svar. <think>x</think> mer.');
  });

  it('tells a reply that closes a block it never opened, cut anywhere, and reads the next from the close once told', () => {
    const text = 'Passage [1] says 5 kroner.\n</think>\n\nDet er 5 kroner [1].';
    for (let a = 0; a <= text.length; a++) {
      const reply = new AfterReasoning();
      reply.push(text.slice(0, a));
      reply.push(text.slice(a));
      expect(reply.closedAlone).toBe(true);
      const told = new AfterReasoning(true);
      expect(told.push(text.slice(0, a)) + told.push(text.slice(a)) + told.end()).toBe('Det er 5 kroner [1].');
    }
    // a reply of a server so told that writes no reasoning is given whole
    const plain = new AfterReasoning(true);
    expect(plain.push('Det er 5 kroner [1].') + plain.end()).toBe('Det er 5 kroner [1].');
    // and a reply that opened its own block, at its start or later in its text, never counts as closing one alone
    for (const written of ['<think>x</think>Svar </think>', 'Svar. <think>x</think> mer.']) {
      for (let a = 0; a <= written.length; a++) {
        const own = new AfterReasoning();
        own.push(written.slice(0, a));
        own.push(written.slice(a));
        expect(own.closedAlone).toBe(false);
      }
    }
  });

  it('passes nothing on while the block is open, and the reply as it comes once it has closed', () => {
    const reply = new AfterReasoning();
    expect(['<thi', 'nk>Passage [1]', ' says NO_ANSWER.</th', 'ink>\n\n', 'Det er', ' 5 kroner.'].map((piece) => reply.push(piece))).toEqual(['', '', '', '', 'Det er', ' 5 kroner.']);
  });
});
