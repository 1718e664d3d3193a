import { AnswerService } from '../../../src/core/answers/service';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { generalThesaurus, thesaurusOf } from '../../../src/core/knowledge/thesaurus';
import { silentLogger, systemClock } from '../../../src/core/ports';
import { documentsOf } from '../../helpers';

const STORE = {
  'innbytte.md': '---\ntitle: Innbytte\nlang: nb\n---\n## Innbytte\nMed Norda Bytt får kunden et gavekort for den gamle mobilen.\n',
  'lading.md': '---\ntitle: Lading\nlang: nb\n---\n## USB-C\nAlle nye mobiler lades med USB-C, og laderen følger ikke med i esken.\n',
};

describe('a hyphenated compound in a question', () => {
  const index = new KnowledgeIndex(documentsOf(STORE), generalThesaurus().with(thesaurusOf([['innbytte', 'trade-in', 'Norda Bytt']])));
  const service = new AnswerService({ index, clock: systemClock, logger: silentLogger });

  it("is read as typed when the store's synonyms know it whole, not as its parts spelled as other words", async () => {
    expect(index.asMeant('Hva får kunden for trade-in av mobil?')).toBe('Hva får kunden for trade-in av mobil?');
    const answer = await service.ask('Hva får kunden for trade-in av mobil?');
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]!.path).toBe('innbytte.md');
  });

  it('is read as typed when the store writes it whole, and its parts are read as meant when it does not', async () => {
    expect(index.asMeant('følger det med usb-c lader?')).toBe('følger det med usb-c lader?');
    // "ladr" is no compound of the store: each part is read as the store's word it was meant as
    expect(index.asMeant('mobil-ladr')).toBe(index.asMeant('mobil') + '-' + index.asMeant('ladr'));
  });
});
