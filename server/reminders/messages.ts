/**
 * The words of reminder emails. No clinical content: a time, the group's name (or "Group session" when the person
 * chose that for their calendar), and a link to the app. Nothing about worksheets, notes or other members.
 */
import { formatInZone } from '../../src/lib/core/schedule/display';

export interface Message {
  to: string;
  subject: string;
  text: string;
}

export const GENERIC_TITLE = 'Group session';

const footer = (appUrl: string) =>
  `\n\nOpen the app: ${appUrl}/dashboard\n\nYou get these emails because reminders are on in your account. Turn them off at ${appUrl}/account.`;

export function reminderMessage(input: {
  to: string;
  displayName: string;
  title: string;
  startsAt: Date;
  timeZone: string;
  offset: 'day' | 'hour';
  sessionUrl: string;
  appUrl: string;
}): Message {
  const when = formatInZone(input.startsAt, input.timeZone, 'en-GB');
  const soon = input.offset === 'hour' ? 'in an hour' : 'tomorrow';
  return {
    to: input.to,
    subject: `Reminder: ${input.title} ${soon}`,
    text: `Hello ${input.displayName},\n\n${input.title} starts ${soon}: ${when}.\n\nJoin from the app when it starts: ${input.sessionUrl}${footer(input.appUrl)}`
  };
}

export function cancellationMessage(input: { to: string; displayName: string; title: string; startsAt: Date; timeZone: string; appUrl: string }): Message {
  const when = formatInZone(input.startsAt, input.timeZone, 'en-GB');
  return {
    to: input.to,
    subject: `Cancelled: ${input.title} on ${when}`,
    text: `Hello ${input.displayName},\n\n${input.title} on ${when} is cancelled. Your other sessions are unchanged.${footer(input.appUrl)}`
  };
}

export function digestMessage(input: {
  to: string;
  displayName: string;
  date: string;
  sessions: Array<{ groupName: string; title: string; startsAt: Date; timeZone: string }>;
  appUrl: string;
}): Message {
  const lines = input.sessions.map((s) => `- ${formatInZone(s.startsAt, s.timeZone, 'en-GB')}: ${s.groupName}, ${s.title}`);
  return {
    to: input.to,
    subject: `Your groups on ${input.date}: ${input.sessions.length} session${input.sessions.length === 1 ? '' : 's'}`,
    text: `Hello ${input.displayName},\n\nToday's sessions:\n${lines.join('\n')}${footer(input.appUrl)}`
  };
}

/**
 * A risk answer (PHQ-9 item 9 above 0) given outside a live session. On purpose no clinical content and no member
 * name: email passes through mail providers and sits in inboxes and on lock screens, where a name next to "needs
 * follow-up" would disclose a member's risk. The facilitator needs only to know that there is something to act on
 * and in which group; who, which answer and the crisis text are in the app behind their sign-in (and audited).
 * The group's name is left out too when the facilitator chose "Group session" for their calendar.
 */
export function riskAlertMessage(input: { to: string; displayName: string; groupName: string | null; alertsUrl: string; appUrl: string }): Message {
  const where = input.groupName ? `A member of ${input.groupName}` : 'A member of one of your groups';
  return {
    to: input.to,
    subject: `${where} needs follow-up`,
    text:
      `Hello ${input.displayName},\n\n${where} needs follow-up. Please open the app to see it and record what you did: ${input.alertsUrl}\n\n` +
      `This email holds no details on purpose. You get it because you facilitate this group; it is sent whatever your reminder setting.\n\nOpen the app: ${input.appUrl}/dashboard`
  };
}
