import { AuthType, type AuthConfiguration } from '@microsoft/agents-hosting';
import type { TeamsSettings } from './settings';

/**
 * The Agents SDK's auth configuration, built from our settings rather than read by the SDK from
 * process.env, so config.ts stays the one place that reads the environment. An empty configuration
 * (no client id) is the SDK's anonymous mode.
 */
export function authConfiguration(settings: TeamsSettings): AuthConfiguration {
  if (settings.auth === 'none') return {};
  const base = { clientId: settings.appId, ...(settings.appType !== 'MultiTenant' && settings.tenantId ? { tenantId: settings.tenantId } : {}) };
  if (settings.appType === 'UserAssignedMSI') return { ...base, authType: AuthType.UserManagedIdentity };
  return { ...base, authType: AuthType.ClientSecret, ...(settings.password ? { clientSecret: settings.password } : {}) };
}
