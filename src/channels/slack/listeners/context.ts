import type { SlackAnswerer } from '../answer-flow';
import type { SlackDeps } from '../deps';

/** What every listener gets: the dependencies and the shared answer flow. */
export interface ListenerContext {
  deps: SlackDeps;
  answerer: SlackAnswerer;
}
