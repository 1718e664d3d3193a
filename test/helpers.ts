import path from 'node:path';
import type { Answer } from '../src/core/answers/answer';
import { AnswerService, type AnswerEvent, type AnswerServiceDeps } from '../src/core/answers/service';
import { defaultPromptsDir, loadPrompts } from '../src/core/answers/prompts';
import { openKnowledge } from '../src/core/knowledge/knowledge';
import type { Chats, Member, OutMessage } from '../src/core/messages';
import type { Clock } from '../src/core/ports';
import { wrappingKey } from '../src/core/pulse/round-key';
import { silentLogger } from '../src/core/ports';
import type { KnowledgeDocument } from '../src/core/knowledge/document';
import { parseDocument } from '../src/core/knowledge/load';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const MINI = path.join(FIXTURES, 'knowledge-mini');
export const SAMPLE_PACK = path.join(__dirname, '..', 'knowledge');

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

export async function miniService(extra: Partial<AnswerServiceDeps> = {}): Promise<AnswerService> {
  const k = await openKnowledge(MINI);
  return new AnswerService({ index: k.index, clock: fixedClock('2026-11-22T12:00:00Z'), logger: silentLogger, ...extra });
}

/** Answers that stream, each the service's answer to the question with its text replaced by `text`: an answer that repeats what the asker wrote. */
export function answersRepeating(service: AnswerService, text: string) {
  return {
    streams: true,
    ask: (q: string) => service.ask(q),
    async *askStream(q: string): AsyncIterable<AnswerEvent> {
      const answer: Answer = { ...(await service.ask(q)), text };
      yield { kind: 'text', text };
      yield { kind: 'answer', answer };
    },
  };
}

export const prompts = () => loadPrompts(defaultPromptsDir());

/** The tests' deployment secret for wrapping pulse round keys (PULSE_SECRET in production). */
export const TEST_WRAPPING = wrappingKey('kompis tests: a pulse secret never used anywhere else');

/** Retries an assertion until it passes or `ms` runs out (for effects that follow a posted answer). */
export async function eventually(check: () => Promise<void> | void, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Knowledge documents from their files' paths and texts, as the store reads them. */
export function documentsOf(files: Record<string, string>): KnowledgeDocument[] {
  return Object.entries(files).map(([path, raw]) => parseDocument(path, raw) as KnowledgeDocument);
}

/** A Slack that takes every message and keeps who it went to, with each channel's members as `membersOf` says. */
export function recordingSlack(membersOf: (channel: string) => Member[]): { chats: Chats; sent: { to: string; message: OutMessage }[] } {
  const sent: { to: string; message: OutMessage }[] = [];
  const chats: Chats = {
    slack: {
      platform: 'slack',
      send: async (to, message) => {
        sent.push({ to: to.id, message });
        return { ok: true };
      },
      members: async (channel) => membersOf(channel),
    },
  };
  return { chats, sent };
}
