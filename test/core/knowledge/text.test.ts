import { compoundParts } from '../../../src/core/knowledge/index';
import { contentWords, documentTerms, words } from '../../../src/core/knowledge/text';

describe('text processing', () => {
  it('splits words, keeps numbers and joins hyphenated compounds for the index', () => {
    expect(words('USB-C-lader, 2026!')).toEqual(['usb', 'c', 'lader', 'usbclader', '2026']);
    expect(documentTerms('Mobilene ble levert inn', 'nb')).toEqual(['mobil', 'lever']);
  });

  it('drops stop words and question words of every language from a question', () => {
    expect(contentWords('Hva kan kunden gjøre med gamle mobiler?')).toEqual(['gamle', 'mobiler']);
    expect(contentWords('What can the customer do with old phones?')).toEqual(['old', 'phones']);
  });

  it('splits Nordic compounds into the parts the store knows', () => {
    const vocab = new Set(['batteri', 'elsykkel', 'mobil']);
    expect(compoundParts('elsykkelbatteri', vocab)).toEqual(['elsykkel', 'batteri']);
    expect(compoundParts('mobilsbatteri', vocab)).toEqual(['mobil', 'batteri']);
    expect(compoundParts('batteri', vocab)).toEqual([]);
  });
});
