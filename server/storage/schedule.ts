/**
 * Storage of weekly series, the sessions people see across their groups (dashboard week, calendar feed, reminder
 * planning), calendar feed links and reminder preferences.
 */
import type { Role } from '../../src/lib/core/group/rules';
import type { GroupRecord, SessionRecord } from './store';

export interface SeriesRecord {
  id: string;
  groupId: string;
  title: string;
  weekday: number;
  localTime: string;
  startDate: string;
  count: number | null;
  endDate: string | null;
  timeZone: string;
  durationMinutes: number;
  createdBy: string;
  createdAt: Date;
}

/** A session with what a person's views of it need: the group's name and zone, and the person's role there. */
export interface MemberSessionRecord extends SessionRecord {
  groupName: string;
  groupTimeZone: string;
  role: Role;
}

export interface PreferencesRecord {
  emailReminders: boolean;
  /** 'group': events carry the group's name; 'generic': "Group session". */
  calendarTitle: 'group' | 'generic';
}

export const DEFAULT_PREFERENCES: PreferencesRecord = { emailReminders: true, calendarTitle: 'group' };

export interface FeedRecord {
  id: string;
  userId: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** A person a reminder may go to. */
export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  emailReminders: boolean;
}

export interface ScheduleStorage {
  /** The series row and its sessions, in one transaction. */
  createSeries(
    series: Omit<SeriesRecord, 'createdAt'>,
    sessions: Array<{ id: string; title: string; startsAt: Date; index: number }>
  ): Promise<{ series: SeriesRecord; sessions: SessionRecord[] }>;
  getSeries(id: string): Promise<SeriesRecord | undefined>;
  listSeries(groupId: string): Promise<SeriesRecord[]>;
  /** Sessions of every group `userId` belongs to starting in [from, to), cancelled ones included, and any live one. */
  sessionsForMember(userId: string, from: Date, to: Date): Promise<MemberSessionRecord[]>;
  /** Scheduled sessions of every group starting in [from, to), with their group (for reminder planning). */
  scheduledBetween(from: Date, to: Date): Promise<Array<{ session: SessionRecord; group: GroupRecord }>>;
  /** The group's members with the email and preference reminders need. */
  recipients(groupId: string): Promise<Recipient[]>;
  preferences(userId: string): Promise<PreferencesRecord>;
  setPreferences(userId: string, patch: Partial<PreferencesRecord>): Promise<PreferencesRecord>;
  /** Makes a new feed link for the person, revoking the one they had, in one transaction. */
  createFeed(feed: { id: string; userId: string; tokenHash: string }): Promise<FeedRecord>;
  liveFeed(userId: string): Promise<FeedRecord | undefined>;
  feedByTokenHash(tokenHash: string): Promise<FeedRecord | undefined>;
  revokeFeeds(userId: string, at: Date): Promise<number>;
}
