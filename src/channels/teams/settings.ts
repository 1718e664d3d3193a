import type { Config } from '../../config';
import { KompisError } from '../../core/errors';

/** How the Teams channel authenticates Bot Framework calls, decided once at start. */
export type TeamsSettings =
  | {
      auth: 'entra';
      appId: string;
      /** Absent only for UserAssignedMSI, where the managed identity gets the tokens. */
      password?: string;
      tenantId?: string;
      appType: Config['MICROSOFT_APP_TYPE'];
    }
  | { auth: 'none' };

export type TeamsConfig = Pick<
  Config,
  'MICROSOFT_APP_ID' | 'MICROSOFT_APP_PASSWORD' | 'MICROSOFT_APP_TENANT_ID' | 'MICROSOFT_APP_TYPE' | 'TEAMS_ALLOW_UNAUTHENTICATED'
>;

/**
 * Pure: the Teams settings from the loaded configuration, or a KompisError ('teams_not_configured')
 * saying why the channel cannot start. Without an app id every request would be taken on trust, so
 * that needs TEAMS_ALLOW_UNAUTHENTICATED=true, and never under NODE_ENV=production, where the
 * Agents SDK itself refuses to run without an app id.
 */
export function teamsSettings(config: TeamsConfig, nodeEnv?: string): TeamsSettings {
  if (config.MICROSOFT_APP_ID) {
    return {
      auth: 'entra',
      appId: config.MICROSOFT_APP_ID,
      ...(config.MICROSOFT_APP_PASSWORD ? { password: config.MICROSOFT_APP_PASSWORD } : {}),
      ...(config.MICROSOFT_APP_TENANT_ID ? { tenantId: config.MICROSOFT_APP_TENANT_ID } : {}),
      appType: config.MICROSOFT_APP_TYPE,
    };
  }
  if (!config.TEAMS_ALLOW_UNAUTHENTICATED) {
    throw new KompisError(
      'teams_not_configured',
      'The Teams channel needs MICROSOFT_APP_ID (with MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID) from your Azure Bot registration; ' +
        'for local testing without Microsoft sign-in set TEAMS_ALLOW_UNAUTHENTICATED=true instead.',
    );
  }
  if (nodeEnv?.toLowerCase() === 'production') {
    throw new KompisError(
      'teams_not_configured',
      'TEAMS_ALLOW_UNAUTHENTICATED=true is for local testing and is refused under NODE_ENV=production; set MICROSOFT_APP_ID and its credentials.',
    );
  }
  return { auth: 'none' };
}
