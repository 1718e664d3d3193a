import { scrubQuestion } from '../pulse/scrub';
import { takesNoReaction, type Answer } from '../answers/answer';
import type { Lang } from '../lang';
import type { Clock, Logger } from '../ports';
import { systemClock } from '../ports';
import { retrying, retryInBackground } from '../retry';
import type { ChannelBookkeeping, CurationStore } from '../storage/ports';
import type { UnansweredQuestion } from '../storage/records';
import { apologyText } from './apology';
import { describeError } from './describe-error';
import { AnsweredQuestions, answeredKey, editId, sameQuestion, type AnsweredQuestion } from './answered';
import type { AnswerView, Asker, CuratorNote, CuratorsRequest, EditedQuestion, Feedback, Posted, Question, Reply } from './events';
import { firstTime } from './once';

/**
 * Platforms retry an unacknowledged delivery for up to about an hour; ids are kept well past that.
 * A message's id is its own (an edit keeps it): an edit of it is told apart by `editId`.
 */
export const SEEN_TTL_SECONDS = 6 * 3600;
/** A thread Kompis answered keeps answering follow-ups for a week. */
const THREAD_TTL_SECONDS = 7 * 24 * 3600;
/** How long a thread's last question is kept for a follow-up to go on from; a conversation without threads (a DM, a chat) is one thread while it goes on. */
const LAST_QUESTION_TTL_SECONDS = { thread: 24 * 3600, conversation: 30 * 60 };
/** How long the passages an answer cited are kept for its 👍/👎. */
const CITED_TTL_SECONDS = 30 * 24 * 3600;
const DEFAULT_SIGN_OF_LIFE_MS = 600;
/**
 * How long the edit of a question another replica is still answering waits for that answer, to
 * replace it: longer than an answer takes (a model's answer within its timeout), looked for twice a second.
 */
const ANSWER_AWAITED_MS = 60_000;
const ANSWER_LOOKED_FOR_MS = 500;
/** How many questions' messages a replica remembers taking to answer (a few hours of a busy deployment's). */
const TAKEN_HERE_LIMIT = 10_000;
/** Pauses between tries to put an abstention on the curators' list before the reply goes out: about as long as Redis takes to reconnect. */
const UNANSWERED_RETRY_MS = [200, 500, 1_000, 1_500];
/** How long the reply to an abstention may wait for the store, however slowly it fails. */
const UNANSWERED_WITHIN_MS = 5_000;

export interface ConversationDeps {
  answers: Asker;
  curation: Pick<CurationStore, 'addUnanswered' | 'latestUnanswered' | 'recordFeedback' | 'rememberCited' | 'citedBy'>;
  channels: Pick<ChannelBookkeeping, 'markEventSeen' | 'forgetEvent' | 'markActive' | 'isActive' | 'keepText' | 'keptText'>;
  logger: Logger;
  defaultLang: Lang;
  /** Counters on /metrics: each answer, by platform. */
  metrics?: { answered(platform: string, answer: Answer, seconds: number): void };
  signOfLifeAfterMs?: number;
  /** How long an edit waits for the answer another replica is still giving its question (ANSWER_AWAITED_MS). */
  answerAwaitedMs?: number;
  clock?: Clock;
  /** Who may read the curators' list; every one where it is left out (the console, one person's). */
  curators?: (user: string) => Promise<boolean>;
}

/**
 * The conversation as every channel has it: a question answered once however often it is
 * delivered, a sign of life when slow, the answer whole or streamed, an abstention on the curators'
 * list, feedback with the passages it is about, and each answer counted by platform. A channel
 * parses its payload, calls this, and renders through the `Reply` it implements.
 */
export class ConversationService {
  private readonly answered: AnsweredQuestions;
  /** What this replica is doing for each question's message, by `answeredKey`. */
  private readonly busy = new Map<string, Promise<void>>();
  /** The questions' messages this replica took to answer lately, by `answeredKey`: their answers are no other replica's to wait for. */
  private readonly takenHere = new Set<string>();

  constructor(private readonly deps: ConversationDeps) {
    this.answered = new AnsweredQuestions(deps.channels);
  }

  async question(q: Question, reply: Reply): Promise<void> {
    await this.serially(answeredKey(q), async () => {
      const log = this.logOf(q);
      if (!(await this.firstTime(messageKey(q), SEEN_TTL_SECONDS, log))) return;
      if (this.takenHere.size >= TAKEN_HERE_LIMIT) this.takenHere.clear();
      this.takenHere.add(answeredKey(q));
      await this.answer(q, reply, log);
    });
  }

  /**
   * A question edited after it was sent. Its answer, while it is known, is replaced by the answer to
   * the question as it now reads; a question Kompis did not answer as written (its mention added, a
   * message it missed), or whose answer it no longer knows, is answered as a new one. An edit that
   * changes none of its words, and the same edit delivered again, do nothing; so does the edit of a
   * message older than Kompis remembers whether it answered it.
   */
  async edited(q: EditedQuestion, reply: Reply): Promise<void> {
    const key = answeredKey(q);
    await this.serially(key, async () => {
      const log = this.logOf(q);
      const before = await this.answeredBefore(key, log);
      if (before && sameQuestion(before.text, q.text)) return;
      const late = q.sentAt !== undefined && q.editedAt !== undefined && q.editedAt - q.sentAt > SEEN_TTL_SECONDS * 1000;
      if (!before && late) return;
      if (!(await this.firstTime(editId(q, before), SEEN_TTL_SECONDS, log))) return;
      if (before) return this.answer(q, reply, log, before);
      // the message as sent, should it still arrive, is not answered after its edit; one already seen
      // and not taken here is being answered on another replica (this one's answer would be known by
      // now): its answer, once posted, is replaced rather than answered beside
      if (!(await this.firstTime(messageKey(q), SEEN_TTL_SECONDS, log)) && !this.takenHere.has(key)) {
        const posted = await this.answerPosted(key, log);
        if (posted && sameQuestion(posted.text, q.text)) return;
        if (posted) return this.answer(q, reply, log, posted);
      }
      await this.answer(q, reply, log);
    });
  }

  /**
   * Answers `q`: a sign of life when slow, the answer streamed or whole, or in place of the answer
   * `before` (the question was edited; never streamed, as the answer is already showing), an apology
   * when it failed. What the answer was posted as is kept for an edit of the question.
   */
  private async answer(q: Question, reply: Reply, log: Logger, before?: AnsweredQuestion): Promise<void> {
    const started = performance.now();
    const { answers } = this.deps;
    const streaming = Boolean(!before && answers.streams && answers.askStream && reply.stream);
    let lang = this.deps.defaultLang;
    let shown: Promise<void> | undefined;
    // an answer being replaced is showing: a new message saying Kompis is on it would be one too many
    const timer = before
      ? undefined
      : setTimeout(() => {
          // only the sign of life failed: the answer itself still comes
          shown = reply.signOfLife(lang, streaming).catch((err: unknown) => log.warn(describeError(err), 'could not show a sign of life'));
        }, reply.signOfLifeAfterMs ?? this.deps.signOfLifeAfterMs ?? DEFAULT_SIGN_OF_LIFE_MS);
    const settle = async () => {
      clearTimeout(timer);
      await shown;
    };
    let view: AnswerView | undefined;
    const viewOf = async (answer: Answer) => (view ??= await this.view(q, answer, log, before));
    try {
      // the asker's language and the thread's last question are looked up side by side; an edited
      // question is read with the question its first version was read with
      const [asker, previous] = await Promise.all([typeof q.lang === 'function' ? q.lang() : q.lang, before ? before.previous : this.lastQuestion(q, log)]);
      lang = asker ?? lang;
      // only what the asker's client says is a hint to the question's language; the default is the answer service's own
      const opts = { ...(asker ? { hint: asker } : {}), ...(previous ? { previous } : {}) };
      let answer: Answer;
      let posted: Posted;
      if (streaming) {
        ({ answer, ...posted } = await reply.stream!(answers.askStream!(q.text, opts), { firstText: settle, view: viewOf }));
      } else {
        answer = await answers.ask(q.text, opts);
        const whole = await viewOf(answer);
        await settle();
        posted = (before && reply.replace && (await this.replaced(reply, whole, before, log))) || (await reply.whole(whole));
      }
      await settle();
      this.deps.metrics?.answered(q.platform, answer, (performance.now() - started) / 1000);
      await this.rememberCited(q, posted, answer, log);
      await this.followThread(q, log);
      await this.keepLastQuestion(q, answer, log, before);
      await this.keepAnswered(q, posted, answer, previous, before, log);
    } catch (err) {
      await settle();
      log.error({ ...describeError(err), ...reply.describe?.(err) }, 'question not answered');
      await reply.apologise(apologyText(lang, err), err).catch((again: unknown) => log.error(describeError(again), 'could not post the apology either'));
    }
  }

  /** Stores a 👍/👎, one per voter and answer; 'store_down' when the store did not take it (the voter is told). */
  async feedback(f: Feedback): Promise<'stored' | 'store_down'> {
    const answerId = answerIdOf(f.platform, f.conversation, f.message);
    try {
      const passageIds = f.passageIds ?? (await this.deps.curation.citedBy(answerId)) ?? [];
      await this.deps.curation.recordFeedback({ answerId, vote: f.vote, ...(f.reason ? { reason: f.reason.slice(0, 3000) } : {}), passageIds, lang: f.lang, at: this.now() }, f.voter && `${f.platform}:${f.voter}`);
      return 'stored';
    } catch (err) {
      this.deps.logger.error({ ...describeError(err), platform: f.platform }, 'feedback not stored');
      return 'store_down';
    }
  }

  /**
   * "Send to the curators": `post` runs the first time the question's button is pressed, however
   * often it is pressed and on whichever replica; false when it was sent before. A post that
   * failed is not counted as sent.
   */
  async sendToCurators(r: CuratorsRequest, post: () => Promise<void>): Promise<boolean> {
    const id = `${r.platform}:curators:${r.conversation}:${r.questionId}`;
    if (!(await this.firstTime(id, SEEN_TTL_SECONDS, this.deps.logger))) return false;
    try {
      await post();
    } catch (err) {
      // not sent: the next press tries again instead of confirming what never happened
      await this.deps.channels.forgetEvent(id).catch((again: unknown) => this.deps.logger.warn(describeError(again), 'a failed post to the curators could not be made retryable'));
      throw err;
    }
    return true;
  }

  /** Whether Kompis answers follow-ups in this thread; throws when the store cannot say. */
  async followsThread(platform: string, conversation: string, thread: string): Promise<boolean> {
    return this.deps.channels.isActive(threadKey(platform, conversation, thread));
  }

  /** The newest questions on the curators' list, and how many there are. */
  async unanswered(limit: number): Promise<{ items: UnansweredQuestion[]; total: number }> {
    return this.deps.curation.latestUnanswered(limit);
  }

  async mayRead(user: string): Promise<boolean> {
    return this.deps.curators ? this.deps.curators(user) : true;
  }

  /** True the first time `id` is seen; while the store cannot say, true (or `whenDown`), logged once. */
  firstTime(id: string, ttlSeconds: number, logger: Logger = this.deps.logger, whenDown = true): Promise<boolean> {
    return firstTime(this.deps.channels, id, ttlSeconds, logger, whenDown);
  }

  /**
   * Puts the question on the curators' list, once however often it is asked to (the question's
   * delivery is its key), tried for a few seconds while the store reconnects.
   */
  async listForCurators(q: Question, answer: Answer, log: Logger = this.deps.logger, edit?: number): Promise<CuratorNote> {
    // what a customer's details an agent pasted into the question (e-mail, phone number, a link) does not help the curators
    const question = { question: scrubQuestion(answer.question, answer.lang), lang: answer.lang, askedAt: this.now(), channel: q.replyTo ?? q.conversation, ...(answer.why ? { why: scrubQuestion(answer.why, answer.lang) } : {}) };
    // each edit of a question is a question of its own to the curators: the one they see is as it was asked
    const record = () => this.deps.curation.addUnanswered(question, `${q.platform}:${q.conversation}:${q.eventId}${edit ? `:edit:${edit}` : ''}`);
    if (await retrying(record, UNANSWERED_RETRY_MS, UNANSWERED_WITHIN_MS)) return 'noted';
    log.error({}, "question not put on the curators' list: the store did not answer; the reply says so");
    return 'not_recorded';
  }

  /**
   * An abstention, or an answer from the closest passage the store has, goes on the curators' list
   * before the reply offers to send it there; if the store cannot take it, the reply says so.
   */
  private async view(q: Question, answer: Answer, log: Logger, before?: AnsweredQuestion): Promise<AnswerView> {
    if (!answer.offerCurators) return { answer };
    return { answer, curators: await this.listForCurators(q, answer, log, before && before.version + 1) };
  }

  /** The answer put in place of the one before; undefined when the platform no longer has it (or refused), to be posted anew. */
  private async replaced(reply: Reply, view: AnswerView, before: AnsweredQuestion, log: Logger): Promise<Posted | undefined> {
    const posted = await reply.replace!(view, before.messages);
    if (!posted) log.info({}, 'the answer to an edited question is gone; answering it anew');
    return posted;
  }

  /** The answer kept for this question's message; none while the store cannot say (an edit is then answered anew). */
  private async answeredBefore(key: string, log: Logger): Promise<AnsweredQuestion | undefined> {
    try {
      return await this.answered.get(key);
    } catch (err) {
      log.warn(describeError(err), 'could not read what this edited question was answered with; answering it anew');
      return undefined;
    }
  }

  /** The answer another replica posts for a question's message, once it is known; undefined if none is within ANSWER_AWAITED_MS. */
  private async answerPosted(key: string, log: Logger): Promise<AnsweredQuestion | undefined> {
    const until = Date.now() + (this.deps.answerAwaitedMs ?? ANSWER_AWAITED_MS);
    for (;;) {
      let posted: AnsweredQuestion | undefined;
      try {
        posted = await this.answered.get(key);
      } catch (err) {
        // a store that cannot say is not asked again twice a second for a minute: answered anew, one log line
        log.warn(describeError(err), 'could not read what this edited question was answered with; answering it anew');
        return undefined;
      }
      if (posted || Date.now() >= until) return posted;
      await new Promise((r) => setTimeout(r, Math.min(ANSWER_LOOKED_FOR_MS, Math.max(1, until - Date.now()))));
    }
  }

  /** Keeps where the answer is, for an edit of its question to replace it. */
  private async keepAnswered(q: Question, posted: Posted, answer: Answer, previous: string | undefined, before: AnsweredQuestion | undefined, log: Logger): Promise<void> {
    if (!posted.messages?.length) return;
    const record = { text: q.text, read: answer.question, ...(previous ? { previous } : {}), messages: posted.messages, version: before ? before.version + 1 : 0 };
    try {
      await this.answered.keep(answeredKey(q), record);
    } catch (err) {
      // the asker has the answer; an edit of the question will be answered anew, and the log says so
      log.warn(describeError(err), 'where the answer was posted could not be kept for an edit of its question');
    }
  }

  /**
   * Runs `work` after whatever this replica is still doing for the same message: an edit that comes
   * while its question is being answered replaces the answer once it is posted, instead of answering twice.
   */
  private async serially(key: string, work: () => Promise<void>): Promise<void> {
    const mine = (this.busy.get(key) ?? Promise.resolve()).then(work);
    const done = mine.catch(() => undefined);
    this.busy.set(key, done);
    try {
      await mine;
    } finally {
      if (this.busy.get(key) === done) this.busy.delete(key);
    }
  }

  private logOf(q: Question): Logger {
    return this.deps.logger.child({ platform: q.platform, conversation: q.conversation, event: q.eventId });
  }

  /** Keeps the passages an answer cited, for a channel whose 👍/👎 names only the message. */
  private async rememberCited(q: Question, posted: Posted, answer: Answer, log: Logger): Promise<void> {
    if (!posted.messageId || answer.citations.length === 0) return;
    try {
      await this.deps.curation.rememberCited(answerIdOf(q.platform, q.conversation, posted.messageId), answer.citations.map((c) => c.id), CITED_TTL_SECONDS);
    } catch (err) {
      // the asker has the answer; feedback on it will lack the passages, and the log says so
      log.warn(describeError(err), 'the passages of an answer could not be kept for its feedback');
    }
  }

  /** The question asked last in this thread, for a follow-up to go on from; none while the store cannot say (the message is then read alone). */
  private async lastQuestion(q: Question, log: Logger): Promise<string | undefined> {
    try {
      return await this.deps.channels.keptText(lastQuestionKey(q));
    } catch (err) {
      log.warn(describeError(err), 'the question before this one could not be read; reading it alone');
      return undefined;
    }
  }

  /**
   * Keeps the question as it was read, for the next message in the thread to go on from. Thanks, an
   * empty message, one refused as too long or as an attempt to change Kompis are no question to go on from.
   */
  private async keepLastQuestion(q: Question, answer: Answer, log: Logger, before?: AnsweredQuestion): Promise<void> {
    if (takesNoReaction(answer)) return;
    const ttl = q.thread ? LAST_QUESTION_TTL_SECONDS.thread : LAST_QUESTION_TTL_SECONDS.conversation;
    try {
      // an edited question is the one to go on from only while nothing was asked after it: its first
      // version is still the last question kept, or none is (it asked nothing, as thanks ask nothing)
      if (before) {
        const kept = await this.deps.channels.keptText(lastQuestionKey(q));
        if (kept !== undefined && kept !== before.read) return;
      }
      await this.deps.channels.keepText(lastQuestionKey(q), answer.question, ttl);
    } catch (err) {
      // the asker has the answer; a follow-up to it will be read alone
      log.warn(describeError(err), 'the question could not be kept for a follow-up');
    }
  }

  /** Follow-ups in the thread are answered from now on; a mark the store could not take is retried until it can. */
  private async followThread(q: Question, log: Logger): Promise<void> {
    if (!q.followThread || !q.thread) return;
    const mark = () => this.deps.channels.markActive(threadKey(q.platform, q.conversation, q.thread!), THREAD_TTL_SECONDS);
    try {
      await mark();
    } catch (err) {
      log.warn(describeError(err), 'answer posted; the thread could not be marked as answered yet, retrying');
      retryInBackground(mark, 'thread mark', log);
    }
  }

  private now(): string {
    return (this.deps.clock ?? systemClock).now().toISOString();
  }
}

/** A question's message as it was delivered: the same id again is the same question delivered again. */
const messageKey = (q: Question) => `${q.platform}:msg:${q.conversation}:${q.eventId}`;
/** One answer message, as its feedback is stored. */
const answerIdOf = (platform: string, conversation: string, message: string) => `${platform}:${conversation}:${message}`;
const threadKey = (platform: string, conversation: string, thread: string) => `${platform}:thread:${conversation}:${thread}`;
/** A thread's, or where a conversation has no threads, the asker's place in it. */
const lastQuestionKey = (q: Question) => (q.thread ? `${q.platform}:asked:${q.conversation}:${q.thread}` : `${q.platform}:asked:${q.conversation}:user:${q.asker}`);
