import { z } from 'zod';
import type { ConnectorClient, TurnContext } from '@microsoft/agents-hosting';
import type { Member } from '../../core/messages';
import type { NameOf } from './cards';
import { conversationIdOf } from './conversations';

/** A member of a Teams conversation: known by Entra object id, reached through the Teams user id. */
export interface TeamsMember extends Member {
  /** The Teams user id (29:…), which opens a personal chat with them. */
  teamsId: string;
}

/** A member as Teams' connector lists it (TeamsChannelAccount): we read the ids, the name and the role. */
const TeamsAccount = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  userRole: z.string().optional(),
});
const PagedMembers = z.looseObject({
  continuationToken: z.string().nullish(),
  members: z.array(TeamsAccount).default([]),
});

const PAGE_SIZE = 200;
const NAME_TTL_MS = 24 * 3_600_000;

/** The connector client the SDK put on this turn, authenticated for the turn's service URL. */
export function connectorOf(context: TurnContext): ConnectorClient {
  const client = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
  if (!client) throw new Error('no connector client on this Teams turn');
  return client;
}

/**
 * The human members of the turn's conversation, page by page (GET /v3/conversations/{id}/pagedmembers,
 * the Bot Framework call behind TeamsInfo.getPagedMembers, which the Agents SDK's client has no
 * method for). A member is known by the Entra object id: bots and accounts without one are left out.
 */
export async function listMembers(context: TurnContext): Promise<TeamsMember[]> {
  const client = connectorOf(context);
  const conversationId = conversationIdOf(context.activity.conversation?.id ?? '');
  const members: TeamsMember[] = [];
  let continuationToken: string | undefined;
  do {
    const res = await client.httpClient.get(`/v3/conversations/${encodeURIComponent(conversationId)}/pagedmembers`, {
      params: { pageSize: String(PAGE_SIZE), continuationToken },
    });
    const page = PagedMembers.parse(res.data);
    for (const m of page.members) {
      const bot = m.id.startsWith('28:') || m.userRole === 'bot' || m.id === context.activity.recipient?.id;
      if (bot || !m.aadObjectId) continue;
      members.push({ id: m.aadObjectId, teamsId: m.id, ...(m.name ? { name: m.name } : {}) });
    }
    continuationToken = page.continuationToken ?? undefined;
  } while (continuationToken);
  return members;
}

/**
 * Display names by Entra object id, so mentions read "<at>Kari Nordmann</at>" and not an id. Filled
 * from member lists and the people who write to Kompis; a missing name is looked up once in the
 * conversation at hand (Teams takes the object id for GET .../members/{id}).
 */
export class TeamsDirectory {
  private readonly names = new Map<string, { name: string; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  remember(id: string | undefined, name: string | undefined): void {
    if (id && name?.trim()) this.names.set(id, { name: name.trim(), at: this.now() });
  }

  readonly nameOf: NameOf = (id) => {
    const hit = this.names.get(id);
    return hit && this.now() - hit.at < NAME_TTL_MS ? hit.name : undefined;
  };

  /** Looks up the names not yet known, in the turn's conversation; a lookup that fails leaves the name unknown. */
  async resolve(context: TurnContext, ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.nameOf(id));
    if (missing.length === 0) return;
    const client = connectorOf(context);
    const conversationId = conversationIdOf(context.activity.conversation?.id ?? '');
    await Promise.all(
      missing.map(async (id) => {
        try {
          const account = TeamsAccount.safeParse(await client.getConversationMember(encodeURIComponent(id), encodeURIComponent(conversationId)));
          if (account.success) this.remember(id, account.data.name);
        } catch {
          // not a member of this conversation, or the connector said no: the card names them "a colleague"
        }
      }),
    );
  }
}
