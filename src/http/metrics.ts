import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { MODEL_DECLINED, type Answer } from '../core/answers/answer';
import type { DeliveryObserver } from '../core/delivery';
import type { LlmFailure } from '../core/ports';

/**
 * The Prometheus metrics of one Kompis process, on its own registry (so tests and several
 * instances in one process do not collide). Channels report into it; /metrics serves it.
 */
export class KompisMetrics {
  readonly registry = new Registry();
  readonly questions = new Counter({ name: 'kompis_questions_total', help: 'Questions answered or abstained on, by channel', labelNames: ['channel'], registers: [this.registry] });
  readonly abstentions = new Counter({ name: 'kompis_abstentions_total', help: 'Questions Kompis did not answer, by channel and reason', labelNames: ['channel', 'reason'], registers: [this.registry] });
  readonly answerSeconds = new Histogram({
    name: 'kompis_answer_seconds',
    help: 'Time from question received to answer posted, by channel and answer mode',
    labelNames: ['channel', 'mode'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30],
    registers: [this.registry],
  });
  readonly llmErrors = new Counter({ name: 'kompis_llm_errors_total', help: 'Language model calls that failed, by reason', labelNames: ['reason'], registers: [this.registry] });
  readonly messages = new Counter({
    name: 'kompis_messages_total',
    help: 'Messages Kompis sent on its own (check-ins, reminders, summaries, goal cards, celebrations, notes, digests), by platform, kind and outcome',
    labelNames: ['platform', 'kind', 'outcome'],
    registers: [this.registry],
  });
  readonly questionEmbeddings = new Counter({
    name: 'kompis_question_embeddings_total',
    help: 'Questions sent for their embedding, by outcome: ok, or why each was searched by its words alone (unavailable while the store is still embedded or the server was let be after a failure, timeout, ...)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly slackApiErrors = new Counter({ name: 'kompis_slack_api_errors_total', help: 'Slack API calls that failed, by kind (rate_limited, http_500, an error code)', labelNames: ['kind'], registers: [this.registry] });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'kompis_' });
    this.slackApiError = this.slackApiError.bind(this);
    this.answered = this.answered.bind(this);
    this.questionEmbedded = this.questionEmbedded.bind(this);
  }

  /** sent, confirmed (found delivered after a crash), skipped (no longer needed; never for reminders, whose skips would count answers), failed (recipient gone), unavailable (kept for the next run). */
  readonly delivered: DeliveryObserver = (platform, kind, report) => {
    for (const outcome of ['sent', 'confirmed', 'skipped', 'failed', 'unavailable'] as const) if (report[outcome] > 0) this.messages.inc({ platform, kind, outcome }, report[outcome]);
  };

  answered(channel: string, answer: Answer, seconds: number): void {
    this.questions.inc({ channel });
    if (answer.abstained) this.abstentions.inc({ channel, reason: answer.abstainReason ?? 'unknown' });
    // a model that abstained, or wrote nothing the checks keep, answered: its call did not fail
    if (answer.fallbackReason && !(MODEL_DECLINED as readonly string[]).includes(answer.fallbackReason)) this.llmErrors.inc({ reason: answer.fallbackReason });
    this.answerSeconds.observe({ channel, mode: answer.mode }, seconds);
  }

  questionEmbedded(outcome: 'ok' | LlmFailure): void {
    this.questionEmbeddings.inc({ outcome });
  }

  slackApiError(kind: string): void {
    this.slackApiErrors.inc({ kind });
  }
}
