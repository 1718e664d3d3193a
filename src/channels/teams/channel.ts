import type http from 'node:http';
import { ActivityTypes, type ConversationReference } from '@microsoft/agents-activity';
import { CloudAdapter, type TurnContext } from '@microsoft/agents-hosting';
import { apologyText } from '../../core/conversation/apology';
import { type Lang, langFromLocale } from '../../core/lang';
import { KompisTeamsAgent, type TeamsDeps } from './agent';
import { authConfiguration } from './auth';
import { TeamsDirectory } from './directory';
import { describeError } from './errors';
import { NodeWebResponse, readJsonBody, sdkRequest } from './http-bridge';
import { renderApology } from './render-answer';
import { retryReplies } from './retry';
import type { TeamsSettings } from './settings';

/** Where Azure Bot Service posts activities; the messaging endpoint of the bot registration. */
export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsChannel {
  readonly auth: TeamsSettings['auth'];
  /** POST /api/messages as a plain Node handler, for the shared HTTP server. */
  handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
  /**
   * Runs `work` in a turn of the conversation saved under `key` (on install), as the bot: to send a
   * check-in or a celebration, update, or ask the connector (members, names). Works after a restart
   * and on any replica: the reference is in the store. Undefined when no reference is saved under the key; what
   * `work` throws (the connector's HttpError, say) is thrown here.
   */
  withConversation<T>(key: string, work: (context: TurnContext) => Promise<T>): Promise<{ value: T } | undefined>;
  /** Display names by Entra object id, shared by replies and proactive messages. */
  readonly directory: TeamsDirectory;
  /** The saved conversation references and roster entries, in the shared store. */
  readonly conversations: TeamsDeps['conversations'];
}

/**
 * The Teams channel on the Microsoft 365 Agents SDK: its CloudAdapter (which authenticates every
 * request with the SDK's JWT middleware before the body is even read) and Kompis's ActivityHandler.
 */
export function createTeamsChannel(settings: TeamsSettings, deps: TeamsDeps): TeamsChannel {
  const { logger } = deps;
  if (settings.auth === 'none') {
    logger.warn({}, 'Teams runs WITHOUT authentication (TEAMS_ALLOW_UNAUTHENTICATED=true): anyone who reaches /api/messages can talk to Kompis as anyone. For local testing only.');
  }
  const adapter = new CloudAdapter(authConfiguration(settings));
  const directory = new TeamsDirectory();
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ ...describeError(error), activity: context.activity.type }, 'Teams turn failed');
    // an invoke gets its failure as a status; a message gets a reply saying what happened
    if (context.activity.type !== ActivityTypes.Message) return;
    const lang = langOf(context.activity.locale, deps.defaultLang);
    await context.sendActivity(renderApology(apologyText(lang, error), lang));
  };
  // a continued conversation is sent as the bot itself; without an app id the SDK sends anonymously
  const identity = settings.auth === 'entra' ? settings.appId : CloudAdapter.createIdentity('');

  /** A turn of the conversation `ref` names, as the bot; what `work` throws is thrown here. */
  async function continueWith<T>(ref: ConversationReference, work: (context: TurnContext) => Promise<T>): Promise<T> {
    let result: { value: T } | undefined;
    let failure: { error: unknown } | undefined;
    await adapter.continueConversation(identity, ref, async (context) => {
      // the SDK hands a turn's error to onTurnError, which would swallow it: the caller must see a
      // refused or failed send to retry it or give up on the person
      try {
        result = { value: await work(context) };
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
    if (!result) throw new Error('the Teams turn ended without running');
    return result.value;
  }

  async function withConversation<T>(key: string, work: (context: TurnContext) => Promise<T>): Promise<{ value: T } | undefined> {
    const ref = await deps.conversations.get(key);
    return ref ? { value: await continueWith(ref as ConversationReference, work) } : undefined;
  }

  // replies wait out Teams' rate limit and passing failures; proactive sends do so in `teamsChat`, paced
  const replying = (context: TurnContext) => retryReplies(context, deps.backoff);
  const agent = new KompisTeamsAgent(deps, directory, (ref, work) => continueWith(ref, (context) => work(replying(context))));

  return {
    auth: settings.auth,
    directory,
    conversations: deps.conversations,
    withConversation,
    async handleHttp(req, res) {
      const request = sdkRequest(req);
      const response = new NodeWebResponse(res);
      let authorized = false;
      await adapter.authorizeRequest(request, response, () => {
        authorized = true;
      });
      if (!authorized) {
        req.resume();
        // the SDK has answered (401, or 405 for a method it does not take); nothing reaches the agent
        logger.warn({ status: response.statusCode, hasAuthorization: Boolean(req.headers.authorization) }, 'Teams request refused: no valid Bot Framework token');
        return;
      }
      const body = await readJsonBody(req);
      if (!body.ok) {
        response.status(body.status).send({ error: body.error });
        return;
      }
      request.body = body.body;
      try {
        await adapter.process(request, response, (context) => agent.run(replying(context)));
      } catch (err) {
        // the SDK parses the activity with zod: a body that is not an activity is the caller's mistake
        if ((err as Error)?.name !== 'ZodError') throw err;
        logger.warn({ path: TEAMS_MESSAGES_PATH }, 'Teams request refused: the body is not an activity');
        if (!res.headersSent) response.status(400).send({ error: 'the body is not a Bot Framework activity' });
      }
    },
  };
}

function langOf(locale: string | undefined, fallback: Lang): Lang {
  return langFromLocale(locale) ?? fallback;
}
