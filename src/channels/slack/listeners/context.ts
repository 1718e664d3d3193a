import type { SlackAnswerer } from '../answer-flow';
import type { CommandRouter } from '../commands/router';
import type { SlackDeps } from '../deps';

/** What every listener gets: the dependencies, the shared answer flow, the /kompis router. */
export interface ListenerContext {
  deps: SlackDeps;
  answerer: SlackAnswerer;
  commands: CommandRouter;
}
