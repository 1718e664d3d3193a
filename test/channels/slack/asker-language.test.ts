import { AnswerService } from '../../../src/core/answers/service';
import { KnowledgeIndex } from '../../../src/core/knowledge/index';
import { silentLogger } from '../../../src/core/ports';
import { eventCallback, mention } from '../../fakes/slack/payloads';
import { documentsOf, fixedClock } from '../../helpers';
import { blockText, startHarness, type Harness } from './harness';

/** A store written in Norwegian alone: a question in words Norwegian and Danish share could be either. */
const NORWEGIAN = {
  'retur.md': '---\ntitle: Retur av mobiler\nlang: nb\n---\n## Innlevering\nKunder kan levere gamle mobiler i alle butikker. Vi tar imot dem gratis.\n',
};

describe("the asker's Slack language", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  const service = (defaultLang: 'nb' | 'da') => new AnswerService({ index: new KnowledgeIndex(documentsOf(NORWEGIAN)), clock: fixedClock('2026-12-01T00:00:00Z'), logger: silentLogger, defaultLang });

  test("decides the reply's language where the question's words could be Norwegian or Danish", async () => {
    h = await startHarness('socket', { answers: service('da') });
    h.slack.locales.UAGENT001 = 'nb-NO';
    await h.deliver(eventCallback(mention('Hvor kan kunder levere gamle mobiler?')));
    await h.slack.waitForCalls('chat.postMessage');
    expect(blockText(h.slack.callsOf('chat.postMessage')[0]!.args)).toContain('Dette står i kunnskapsbasen');
  });

  test('is not made up from the default language when the client says none', async () => {
    // the default only breaks a tie; the Danish reading of the general detector stands
    h = await startHarness('socket', { answers: service('nb') });
    await h.deliver(eventCallback(mention('Hvor kan kunder levere gamle mobiler?')));
    await h.slack.waitForCalls('chat.postMessage');
    expect(blockText(h.slack.callsOf('chat.postMessage')[0]!.args)).toContain('Dette står i vidensbasen');
  });
});
