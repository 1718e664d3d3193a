import { tPulse } from '../i18n/pulse-strings';
import type { Lang } from '../lang';
import { notice, type NoticeMessage } from '../messages';
import type { TeamRecord } from '../storage/records';

/**
 * What a lead may do with the pulse, and nobody else: the one place the rule is written.
 * `setup`: a team without leads may be set up by anyone, who becomes its lead; after that only a lead.
 * `run` (now, close, pause, resume): a lead of a team whose pulse is set up.
 * `read` (results, the pulse's state): a lead of the team.
 */
export type LeadAction = 'setup' | 'run' | 'read';

export function isLead(team: Pick<TeamRecord, 'leads'>, user: string): boolean {
  return team.leads.includes(user);
}

/**
 * What a lead is told when they answer their own team's check-in (an old card, sent before they
 * became a lead): the pulse is for the team they lead, and nothing is stored.
 * Told on sending, and in Slack already at the first tap, so nobody fills in a form to be refused.
 */
export function leadsDoNotAnswer(lang: Lang): NoticeMessage {
  return notice(lang, 'info', [tPulse(lang, 'leadsDoNotAnswer')]);
}

/** Why `user` may not do this, in their language; undefined when they may. */
export function leadRefusal(team: Pick<TeamRecord, 'leads' | 'pulse'>, user: string, action: LeadAction, lang: Lang): NoticeMessage | undefined {
  switch (action) {
    case 'setup':
      return team.leads.length > 0 && !isLead(team, user) ? notice(lang, 'warning', [tPulse(lang, 'notLeadSetup')]) : undefined;
    case 'run':
      if (!team.pulse) return notice(lang, 'info', [tPulse(lang, 'noPulse')]);
      return isLead(team, user) ? undefined : notice(lang, 'warning', [tPulse(lang, 'notLeadSetup')]);
    case 'read':
      return isLead(team, user) ? undefined : notice(lang, 'warning', [tPulse(lang, team.pulse ? 'notLead' : 'noPulse')]);
  }
}
