import { AnswerService } from '../../../src/core/answers/service';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { silentLogger } from '../../../src/core/ports';
import { documentsOf, fixedClock } from '../../helpers';

/**
 * The Nordic stemmers take a final s off a bare word ("pantesats" → "pantesat") but not off the
 * stem of its definite form ("pantesatsen" → "pantesats"): the question's word is read as both.
 */
const PANT = `---
title: Pant på flasker og bokser
lang: nb
---
Pantesatsene er forskjellige i de nordiske landene.

## Norge
### Pantesats
Pant på flasker og bokser er 2 kroner for små og 3 kroner for store.
### Innlevering
Tomgods leveres i panteautomaten i butikken.

## Danmark
### Pantesats
Pant på flasker og bokser er 1 krone, 1,50 kroner eller 3 kroner etter størrelse.
### Innlevering
Tomgods leveres i returautomaten, merket med Dansk Retursystem.
`;

describe('a word whose inflected form stems to another stem than its bare form', () => {
  const service = new AnswerService({ index: new KnowledgeIndex(documentsOf({ 'nb/pant.md': PANT })), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger });

  it('finds the section headed with the bare form', async () => {
    const answer = await service.ask('Hva er pantesatsen i Danmark?');
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]!.heading).toBe('Danmark › Pantesats');
    expect(answer.text).toContain('1,50 kroner');
  });

  it('and the bare form still finds it', async () => {
    expect((await service.ask('Hva er pantesats i Norge?')).citations[0]!.heading).toBe('Norge › Pantesats');
  });
});
