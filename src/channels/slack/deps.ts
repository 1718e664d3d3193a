import type { ConversationService } from '../../core/conversation/service';
import type { Lang } from '../../core/lang';
import type { GoalService } from '../../core/goals/service';
import type { Logger } from '../../core/ports';
import type { PulseService } from '../../core/pulse/service';
import type { Suggestions } from '../../core/knowledge/suggestions';
import type { ChannelBookkeeping } from '../../core/storage/ports';

/** Counters the shared HTTP server exposes on /metrics that only Slack has; answers are counted by the conversation service. */
export interface SlackMetrics {
  slackApiError(kind: string): void;
}

export interface SlackDeps {
  /** Questions, feedback and the curators' list: the flow every channel shares. */
  conversation: ConversationService;
  logger: Logger;
  metrics: SlackMetrics;
  defaultLang: Lang;
  /** Channel id where "Send to the curators" posts; without it the button is not shown. */
  curatorChannel?: string;
  /** How long an answer may take before a sign of life (status or placeholder) is shown. */
  signOfLifeAfterMs?: number;
  /** How long a /kompis reply may take and still go in the ack (ACK_BUDGET_MS unless set). */
  ackBudgetMs?: number;
  /** Goals and kudos; without it `/kompis goal…` and `/kudos` say they are not set up. */
  goals?: GoalService;
  pulse?: PulseService;
  /** The questions suggested in the assistant panel and the agent DM: the store's `_suggestions.yaml`, else built-in ones. */
  suggestions?: Suggestions;
  /** Which team a person last used Kompis in, for commands run in a DM. */
  people?: Pick<ChannelBookkeeping, 'setUserTeam' | 'teamOfUser'>;
}
