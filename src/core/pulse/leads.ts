import { createHmac, hkdfSync } from 'node:crypto';
import { tPulse } from '../i18n/pulse-strings';
import type { Lang } from '../lang';
import { notice, type NoticeMessage } from '../messages';
import type { PulseRound, TeamRecord } from '../storage/records';

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

/** The key of the hashes a round keeps of the leads it opened with: derived from the pulse secret, never stored. */
export function leadsKey(wrapping: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', wrapping, Buffer.alloc(0), 'kompis pulse round leads', 32));
}

/** HMAC of (team, week, lead) under `leadsKey`: a round's lead, told from nobody else's id without the secret. */
export function leadHash(key: Buffer, round: Pick<PulseRound, 'team' | 'week'>, user: string): string {
  return createHmac('sha256', key).update(`${round.team}\n${round.week}\n${user}`).digest('hex');
}

/**
 * Whether `user` led the team when the round opened: the round did not ask them, and their answer
 * is refused even once they have stepped out of the leads, as its summary may come to them.
 */
export function ledWhenOpened(key: Buffer, round: Pick<PulseRound, 'team' | 'week' | 'leadHashes'>, user: string): boolean {
  return round.leadHashes?.includes(leadHash(key, round, user)) ?? false;
}

/**
 * Who gets a round's summary and may read its results: its leads when it opened who still lead the
 * team. Never one named lead while it was open, who may have been asked in it and answered: with
 * their own answer in the summary they could tell the others' apart. A round from before its leads
 * were kept goes to the team's leads.
 */
export function roundReaders(key: Buffer, round: Pick<PulseRound, 'team' | 'week' | 'leadHashes'>, team: Pick<TeamRecord, 'leads'>): string[] {
  return round.leadHashes ? team.leads.filter((l) => ledWhenOpened(key, round, l)) : [...team.leads];
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
