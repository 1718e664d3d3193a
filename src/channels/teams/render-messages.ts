import type { Activity } from '@microsoft/agents-activity';
import type { OutMessage, Person } from '../../core/messages';
import type { NameOf } from './cards';
import { renderCelebration, renderDigest, renderGoalCard, renderGoalList, renderKudos } from './render-goals';
import { renderNotice } from './render-notice';
import { renderCheckin, renderSummary } from './render-pulse';

/** Any core message as a Teams activity: an Adaptive Card, or plain text for a short notice. */
export function renderMessage(message: OutMessage, nameOf?: NameOf): Activity {
  switch (message.kind) {
    case 'notice':
      return renderNotice(message, nameOf);
    case 'pulse-checkin':
      return renderCheckin(message);
    case 'pulse-summary':
      return renderSummary(message);
    case 'goal-list':
      return renderGoalList(message, nameOf);
    case 'goal-card':
      return renderGoalCard(message, nameOf);
    case 'celebration':
      return renderCelebration(message, nameOf);
    case 'kudos':
      return renderKudos(message, nameOf);
    case 'digest':
      return renderDigest(message, nameOf);
  }
}

/** The people a message would mention and whose names are not in it: the ones to look up first. */
export function unnamedPeople(message: OutMessage): string[] {
  const people: Person[] = [];
  const tokens = (line: string) => [...line.matchAll(/\{@([^}\s]+)\}/g)].map((m) => ({ id: m[1]! }));
  switch (message.kind) {
    case 'notice':
      for (const line of [message.title ?? '', ...message.lines]) people.push(...tokens(line));
      break;
    case 'goal-list':
      people.push(...message.goals.map((g) => g.owner));
      break;
    case 'goal-card':
      people.push(message.goal.owner);
      break;
    case 'celebration':
      people.push(message.goal.owner, ...message.contributors);
      break;
    case 'kudos':
      people.push(message.from, message.to);
      break;
    case 'digest':
      for (const k of message.kudos) people.push(k.from, k.to);
      break;
    default:
      break;
  }
  return [...new Set(people.filter((p) => !p.name).map((p) => p.id))];
}
