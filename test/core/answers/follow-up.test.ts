import { inContext } from '../../../src/core/answers/follow-up';
import { AnswerService } from '../../../src/core/answers/service';
import type { Calibration } from '../../../src/core/knowledge/calibration';
import { DEFAULT_CALIBRATION } from '../../../src/core/answers/default-calibration';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { generalThesaurus } from '../../../src/core/knowledge/thesaurus';
import { silentLogger } from '../../../src/core/ports';
import { documentsOf, fixedClock } from '../../helpers';

/** A bike-share company's store, written for this test: one page per country, and a yearly report. */
const FILES: Record<string, string> = {
  'nb/abonnement.md': `---
title: Årsabonnement på bysykkel i Norge
lang: nb
---
## Pris i Norge
Et årsabonnement på bysykkel koster 499 kroner i Norge. Studenter betaler 299 kroner.
`,
  'sv/abonnemang.md': `---
title: Årsabonnemang på lånecykel i Sverige
lang: sv
---
## Pris i Sverige
Ett årsabonnemang på lånecykel kostar 549 kronor i Sverige. Studenter betalar 349 kronor.
`,
  'en/emissions.md': `---
title: Emissions from servicing the bikes
lang: en
---
## Emissions in 2024
Servicing the bikes emitted 310 tonnes CO2e in 2024, mostly from the service vans.

## Emissions in 2023
Servicing the bikes emitted 355 tonnes CO2e in 2023.
`,
  'en/e-bikes.md': `---
title: Charging the e-bikes
lang: en
---
## How the e-bikes are charged
The e-bikes are charged at the depots with electricity from renewable sources. A charged battery lasts about 60 km.
`,
};

const index = new KnowledgeIndex(documentsOf(FILES), generalThesaurus());
const answerAll: Calibration = { ...DEFAULT_CALIBRATION, weights: Object.fromEntries(Object.keys(DEFAULT_CALIBRATION.weights).map((k) => [k, 0])) as Calibration['weights'], bias: 1 };

describe('a follow-up read with the question before it', () => {
  test('a country or a year it names takes the place of the one asked about before', () => {
    expect(inContext('og i Sverige?', 'Hva koster et årsabonnement i Norge?', index)).toBe('Hva koster et årsabonnement i Sverige?');
    expect(inContext('what about Sweden', 'how much is a yearly subscription in Norway?', index)).toBe('how much is a yearly subscription in Sweden?');
    expect(inContext('and in 2023?', 'what were the emissions from servicing in 2024?', index)).toBe('what were the emissions from servicing in 2023?');
  });

  test('one thing of its own, opening as going on or pointing back, is asked with the question before', () => {
    expect(inContext('hva med studenter?', 'Hva koster et årsabonnement i Norge?', index)).toBe('Hva koster et årsabonnement i Norge? hva med studenter?');
    expect(inContext('gjelder det også studenter?', 'Hva koster et årsabonnement i Norge?', index)).toBe('Hva koster et årsabonnement i Norge? gjelder det også studenter?');
    // asking in words of its own, with nothing named: what it asks goes with the question before
    expect(inContext('why?', 'how are the e-bikes charged?', index)).toBe('how are the e-bikes charged? why?');
  });

  test('a question of its own, and a message that asks nothing, stand alone', () => {
    expect(inContext('how are the e-bikes charged?', 'Hva koster et årsabonnement i Norge?', index)).toBeUndefined();
    expect(inContext('and how far does a charged battery last?', 'how are the e-bikes charged?', index)).toBeUndefined();
    expect(inContext('studenter?', 'Hva koster et årsabonnement i Norge?', index)).toBeUndefined();
    expect(inContext('ok', 'Hva koster et årsabonnement i Norge?', index)).toBeUndefined();
  });

  test('the answer comes from what the follow-up means, says how it was read, and is listed as read', async () => {
    const service = new AnswerService({ index, clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, calibration: answerAll });
    const alone = await service.ask('og i Sverige?');
    expect(alone.readAs).toBeUndefined();
    const followed = await service.ask('og i Sverige?', { previous: 'Hva koster et årsabonnement i Norge?' });
    expect(followed.readAs).toBe('Hva koster et årsabonnement i Sverige?');
    expect(followed.question).toBe('Hva koster et årsabonnement i Sverige?');
    expect(followed.citations[0]?.path).toBe('sv/abonnemang.md');
    expect(followed.text).toContain('549 kronor');
    expect(followed.notes[0]).toBe('Lest sammen med spørsmålet før: «Hva koster et årsabonnement i Sverige?»');
    const year = await service.ask('and in 2023?', { previous: 'what were the emissions from servicing the bikes in 2024?' });
    expect(year.text).toContain('355 tonnes');
    // a question of its own is answered as asked, whatever came before
    const own = await service.ask('how are the e-bikes charged?', { previous: 'Hva koster et årsabonnement i Norge?' });
    expect(own.readAs).toBeUndefined();
    expect(own.citations[0]?.path).toBe('en/e-bikes.md');
  });
});
