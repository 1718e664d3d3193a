import { compoundParts, nameLikeWords } from '../../../src/core/knowledge/index';
import { asksForQuantity, asksForTime, contentWords, isStopWordForm, plainSpelling, plainSpellingsOf, quantityAskingWords, questionReadings, statesQuantity, termsOfWords, unshouted, withoutAddresses, withoutSocialAsides, words } from '../../../src/core/knowledge/text';

describe('text processing', () => {
  it('names the words that ask for a quantity or a time, and only those', () => {
    expect([...quantityAskingWords('hur lång tid tar en lagning?')]).toEqual(['hur', 'lång', 'tid']);
    expect([...quantityAskingWords('when did the Oslo store open?')]).toEqual(['when']);
    expect([...quantityAskingWords('when a customer calls, what do I say?')]).toEqual([]);
  });

  it("knows a stop word's other inflections in the question's language, and no word of a topic", () => {
    for (const [w, lang] of [['gælde', 'da'], ['betydde', 'sv'], ['wondered', 'en']] as const) expect([w, isStopWordForm(w, lang)]).toEqual([w, true]);
    for (const [w, lang] of [['garanti', 'nb'], ['mobiler', 'nb'], ['leverans', 'sv'], ['reparation', 'da'], ['sponsors', 'en']] as const) expect([w, isStopWordForm(w, lang)]).toEqual([w, false]);
    // another language's stop words do not count: Danish "dine" is no stem of the English "dinner"
    expect(isStopWordForm('dinner', 'en')).toBe(false);
    expect(isStopWordForm('dinner', 'da')).toBe(true);
  });

  it('splits words, keeps numbers and joins hyphenated compounds for the index', () => {
    expect(words('USB-C-lader, 2026!')).toEqual(['usb', 'c', 'lader', 'usbclader', '2026']);
    expect(termsOfWords(words('Mobilene ble levert inn'), 'nb')).toEqual(['mobil', 'lever']);
  });

  it('drops stop words and question words of every language from a question', () => {
    expect(contentWords('Hva kan kunden gjøre med gamle mobiler?')).toEqual(['gamle', 'mobiler']);
    expect(contentWords('What can the customer do with old phones?')).toEqual(['old', 'phones']);
    // chat's short forms and sign-offs, and Nynorsk's function words, ask nothing either
    expect(contentWords('spm fra kunde ift pant pga nye regler, mvh Ola')).toEqual(['pant', 'nye', 'regler', 'ola']);
    expect(contentWords('btw, kva kostar ein ny lader?')).toEqual(['kostar', 'lader']);
    expect(contentWords('hur mkt kostar ngt sånt?')).toEqual(['kostar', 'sånt']);
    expect(contentWords('stemmer det at dere har klimamål?')).toEqual(['klimamål']);
    expect(withoutAddresses('se https://norda.example/klima?utm=x og www.norda.example/a, stämmer det?').replace(/\s+/g, ' ')).toBe('se og stämmer det?');
  });

  it('spells out English clitics instead of leaving stray words such as "don" or "won"', () => {
    expect(words("don't won't can't isn't")).toEqual(['do', 'not', 'will', 'not', 'can', 'not', 'is', 'not']);
    expect(words('Norda’s target, we’re told')).toEqual(['norda', 'target', 'we', 'told']);
    expect(contentWords("What if the customer didn't keep the receipt?")).toEqual(['keep', 'receipt']);
  });

  it("drops the bot's own name: greeting Kompis asks nothing", () => {
    expect(contentWords('hej Kompis, hvordan har du det i dag?')).toEqual([]);
    expect(contentWords('Kompis: hva er pant på lysrør?')).toEqual(['pant', 'lysrør']);
  });

  it('sets aside a greeting or thanks that opens or closes a question, and nothing that is part of it', () => {
    expect(withoutSocialAsides('god morgen, hva er klimamålet?')).toBe('hva er klimamålet?');
    expect(withoutSocialAsides('Hej! Godmorgon. Vad är ert klimatmål? Tack så mycket!')).toBe('Vad är ert klimatmål?');
    expect(withoutSocialAsides('hvor mye pant er det?\ntusen takk')).toBe('hvor mye pant er det?');
    expect(withoutSocialAsides('Hi Kompis: what are your climate targets')).toBe('what are your climate targets');
    // "morgen" is tomorrow here, and a greeting within the sentence is a word of the question
    expect(withoutSocialAsides('i morgen, hva skjer da?')).toBe('i morgen, hva skjer da?');
    expect(withoutSocialAsides('hva betyr god morgen på samisk?')).toBe('hva betyr god morgen på samisk?');
    // a clause that says more than thanks stays
    expect(withoutSocialAsides('hvor mye pant er det? takk for at du sjekker butikken')).toBe('hvor mye pant er det? takk for at du sjekker butikken');
    // a message that only greets is left for the greeting's reply
    expect(withoutSocialAsides('hei, takk!')).toBe('hei, takk!');
  });

  it('reads a message in capitals throughout as lower case, and leaves codes and mixed case alone', () => {
    expect(unshouted('HVOR KAN KUNDER LEVERE GAMLE MOBILER?')).toBe('hvor kan kunder levere gamle mobiler?');
    expect(unshouted('Hvor mye koster USB-C-laderen?')).toBe('Hvor mye koster USB-C-laderen?');
    expect(unshouted('EPREL S24')).toBe('EPREL S24');
  });

  it('spells a word as typed without the Nordic letters, and a typed word as those it may stand for', () => {
    expect(['miljømål', 'være', 'Malmö'.toLowerCase(), 'grøn'].map(plainSpelling)).toEqual(['miljomal', 'vaere', 'malmo', 'gron']);
    expect(plainSpellingsOf('paa')).toEqual(['paa', 'pa']);
    expect(plainSpellingsOf('groen')).toEqual(['groen', 'gron']);
  });

  it('reads a message for what it asks: as a whole, and as its asking sentences alone when it also tells or signs', () => {
    const email = 'Hei, jeg kjøpte en TV for to år siden. Den virker ikke lenger.\nHvor lenge har dere reservedeler?\nMvh Kari Nordmann';
    expect(questionReadings(email)).toEqual([email, 'Hvor lenge har dere reservedeler?']);
    expect(questionReadings('My TV broke. I wonder how long you keep spare parts.')).toEqual(['My TV broke. I wonder how long you keep spare parts.', 'I wonder how long you keep spare parts.']);
    // a message whose every sentence asks, or that asks nothing, is read whole only
    expect(questionReadings('Hvor lenge har dere deler? Regnes det fra når kunden kjøpte den?')).toHaveLength(1);
    expect(questionReadings('Kunden er sur. Hun vil ha pengene tilbake.')).toHaveLength(1);
  });

  it('takes only the name-like parts of a hyphenated word as names', () => {
    expect(nameLikeWords('Hvilke ESRS-temaer rapporterer Norda på?')).toEqual(['ESRS', 'Norda']);
    expect(nameLikeWords('What is the footprint of the Galaxy-S24?')).toEqual(['Galaxy', 'S24']);
  });

  it('splits Nordic compounds into the parts the store knows', () => {
    const vocab = new Set(['batteri', 'elsykkel', 'mobil']);
    expect(compoundParts('elsykkelbatteri', vocab)).toEqual(['elsykkel', 'batteri']);
    expect(compoundParts('mobilsbatteri', vocab)).toEqual(['mobil', 'batteri']);
    expect(compoundParts('batteri', vocab)).toEqual([]);
  });
});

describe('a question asking for a quantity', () => {
  it('is told by the question words of the four languages, including how long a time and how large', () => {
    for (const q of ['hvor lang tid tar det å bytte skjerm?', 'hur lång tid tar reparationen?', 'hvor stor er rabatten?', 'how large is the battery?', 'hur många butiker har vi?', 'what share is recycled?']) {
      expect(asksForQuantity(q)).toBe(true);
    }
    for (const q of ['hvorfor tar det lang tid?', 'is the bag recycled?', 'vad gör vi med gamla kläder?']) expect(asksForQuantity(q)).toBe(false);
  });

  it('and for a time, which a year or a date answers: "when" where it opens the question, not where it joins two clauses', () => {
    for (const q of ['når fikk hotellet Green Key?', 'när installerades solcellerna', 'kunden spør hvornår pantet blev indført', 'since when is the tea Fairtrade?', 'what year did we join?']) {
      expect(asksForQuantity(q)).toBe(true);
    }
    for (const q of ['hva sier jeg når kunden klager?', 'what do I say when a guest asks about plastic?', 'vad gör vi när kunden vill returnera?', 'When a customer returns a product, what do I do?', 'når kunden ringer, hva sier jeg?']) {
      expect(asksForQuantity(q)).toBe(false);
    }
  });

  it('reads a year as the answer to when or how long, and not to how many or how much', () => {
    const since = 'Montørene våre i Oslo kjører elbil fra januar 2025.';
    expect(statesQuantity(since, [], 'hvor mange av leveransene i oslo går med elbil', 'nb')).toBe(false);
    expect(statesQuantity(since, [], 'når begynte montørene å kjøre elbil?', 'nb')).toBe(true);
    expect(statesQuantity(since, [], 'hvor lenge har montørene kjørt elbil?', 'nb')).toBe(true);
    expect(statesQuantity('62 % av leveransene gikk med elbil i 2024.', ['2024'], 'hvor mange av leveransene gikk med elbil i 2024', 'nb')).toBe(true);
    expect(statesQuantity('Vi leverte med elbil i 2024.', ['2024'], 'hvor mange leveranser gikk med elbil i 2024', 'nb')).toBe(false);
    for (const q of ['hvornår blev hotellet svanemærket', 'hvor længe gælder kuponen', 'since when is the tea Fairtrade?', 'hur länge finns reservdelar?']) expect(asksForTime(q)).toBe(true);
    for (const q of ['hvor mange rom har hotellet', 'how much does a bag cost', 'hur många butiker har solceller?']) expect(asksForTime(q)).toBe(false);
    // Danish asks how long as Norwegian does
    expect(asksForQuantity('hvor længe gælder kuponen')).toBe(true);
  });

  it('reads a number written as a word in the sentence\'s language as a quantity, and not the words for one', () => {
    expect(statesQuantity('The receipt is sent by email within five working days after the event.', [], 'how long after the event do they get the receipt', 'en')).toBe(true);
    expect(statesQuantity('Kvitteringen sendes innen fem arbeidsdager.', [], 'hvor lenge må kunden vente på kvitteringen', 'nb')).toBe(true);
    expect(statesQuantity('RoHS begränsar tio ämnen i elektronik.', [], 'hur många ämnen begränsar RoHS', 'sv')).toBe(true);
    expect(statesQuantity('Halvdelen af pakkerne kører med elbil.', [], 'hvor mange pakker kører med elbil', 'da')).toBe(true);
    // a word that is a number in one language is another word in the sentence's own: English "to", Swedish "ni"
    expect(statesQuantity('Send it to the repair centre.', [], 'how many days does a repair take', 'en')).toBe(false);
    expect(statesQuantity('Ni kan skicka den med posten.', [], 'hur många dagar tar det', 'sv')).toBe(false);
    // the word for one is also the article
    expect(statesQuantity('Kunden får en kupong.', [], 'hvor mange kuponger får kunden', 'nb')).toBe(false);
  });
});
