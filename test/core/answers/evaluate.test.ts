import { holdsFact } from '../../../src/core/answers/evaluate';

describe('a fact in an answer', () => {
  it('is found whatever its case and spacing', () => {
    expect(holdsFact('Posen koster  3,50 kroner i Norge.', ['koster 3,50 KRONER'])).toBe(true);
    expect(holdsFact('Posen koster 3,50 kroner i Norge.', ['4 kroner'])).toBe(false);
    // a passage's own footnote is quoted with a word joiner so chat clients do not read it as a citation
    expect(holdsFact('«Utslippene falt [\u20602] i fjor» [1]', ['falt [2] i fjor'])).toBe(true);
  });

  it('copied from a table row, is found when the quoted row holds each cell in order', () => {
    const row = 'Delivery: Home deliveries · Count: 2,540 [1]';
    expect(holdsFact(row, ['Home deliveries | 2,540'])).toBe(true);
    expect(holdsFact(row, ['2,540 | Home deliveries'])).toBe(false);
    expect(holdsFact('Delivery: Pickup · Count: 2,540', ['Home deliveries | 2,540'])).toBe(false);
    expect(holdsFact(row, ['|'])).toBe(false);
    // cells in two quotes are not one row
    expect(holdsFact('Delivery: Home deliveries · Count: 12 [1]\nPickup: 2,540 [2]', ['Home deliveries | 2,540'])).toBe(false);
  });
});
