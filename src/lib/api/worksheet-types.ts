/** Answer shapes of the worksheet API (/api/templates, /api/groups/:id/worksheets, /api/worksheets/:id). */
import type { Modality, Template } from '$lib/core/worksheet/template';
import type { WorksheetMode } from '$lib/core/worksheet/modes';
import type { RatingAnswer } from '$lib/core/worksheet/series';

export type TemplateSource = 'builtin' | 'mine' | 'shared';

export interface TemplateSummary {
  id: string;
  version: number;
  title: string;
  modality: Modality;
  source: TemplateSource;
  /** Groups (of the caller's) a custom template is shared with; empty for built-ins. */
  sharedWithGroups: string[];
}

export interface TemplatesAnswer {
  templates: TemplateSummary[];
}

export interface TemplateAnswer {
  template: Template;
  summary: TemplateSummary;
}

export interface WorksheetCopyInfo {
  copyId: string;
  docName: string;
  /** null for the one shared copy. */
  ownerId: string | null;
  ownerName: string | null;
  sharedWithGroup: boolean;
  locked: boolean;
  /** A breakout pair's copy: the pair's id in the room (pair-1, …); null for every other copy. */
  pairId: string | null;
  lastEditedAt: string | null;
}

export interface WorksheetSummary {
  id: string;
  groupId: string;
  sessionId: string | null;
  templateId: string;
  templateVersion: number;
  title: string;
  mode: WorksheetMode;
  homeworkDue: string | null;
  /** Homework due by this session of the group (it opens there for review). */
  dueSessionId: string | null;
  /** Teaching one section at a time: participants see sections 0..revealedThrough; null shows every section. */
  revealedThrough: number | null;
  createdAt: string;
  /** How many copies there are (one for shared mode). */
  copyCount: number;
  /** Locked by a facilitator: participants can read but not change it. */
  locked: boolean;
  /** The caller's own copy, when they have one. */
  myCopyId: string | null;
}

export interface WorksheetsAnswer {
  worksheets: WorksheetSummary[];
}

export interface WorksheetDetail {
  worksheet: WorksheetSummary;
  /** The template version the worksheet was started with. */
  template: Template;
  /** Copies the caller may open: all for facilitators; their own, the shared one and copies shared with the group for others. */
  copies: WorksheetCopyInfo[];
  /** Names of the group's members, so shared worksheets can say who added an entry. */
  people: Record<string, string>;
  canFacilitate: boolean;
}

/** GET /api/me/worksheets: one of my own copies over time (server/worksheets/mine.ts). */
export interface MyWorksheetItem {
  worksheet: WorksheetSummary;
  groupName: string;
  copyId: string;
  /** When it belongs in time: the start of its session, else when it was started. */
  at: string;
  progress: CopyProgressInfo;
  ratings: RatingAnswer[];
}

export interface MyWorksheetsAnswer {
  worksheets: MyWorksheetItem[];
}

/** GET /api/worksheets/:id/progress (facilitators): each copy's progress, complete or not. */
export interface CopyProgressInfo {
  copyId: string;
  ownerId: string | null;
  ownerName: string | null;
  answered: number;
  total: number;
  complete: boolean;
}
