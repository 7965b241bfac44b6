/**
 * Storage of collaborative documents: the document rows, the append-only update log, the compacted snapshot
 * and board versions. Part of the Store (store.documents); the relay and the boards API speak only to this.
 */
import type { DocumentKind } from '../../src/lib/core/documents/rights';

export interface DocumentRecord {
  id: string;
  docName: string;
  kind: DocumentKind;
  /** Null only for private notes (they belong to a person, not a group). */
  groupId: string | null;
  ownerId: string | null;
  title: string;
  locked: boolean;
  archived: boolean;
  /** Individual worksheet copies: the owner shared it with the group. */
  sharedWithGroup: boolean;
  /** A breakout pair's worksheet copy: the pair's members (with the facilitators, the only people who open it); null otherwise. */
  pairMembers: string[] | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastEditedAt: Date | null;
}

export interface StoredUpdate {
  id: number;
  update: Uint8Array;
}

/** What a document is made of on disk: an optional snapshot and the updates after it, in order. */
export interface StoredDocumentState {
  /** The state vector is the one stored with the snapshot (what the relay offers before it builds the document). */
  snapshot: { state: Uint8Array; stateVector: Uint8Array; coversUpdateId: number } | null;
  updates: StoredUpdate[];
}

export interface VersionRecord {
  id: string;
  documentId: string;
  label: string;
  sessionId: string | null;
  createdAt: Date;
  createdBy: string | null;
}

/** Folds a snapshot and the updates after it into one state (Yjs lives in the caller, not in storage). */
export type FoldState = (
  snapshot: Uint8Array | null,
  updates: Uint8Array[]
) => { state: Uint8Array; stateVector: Uint8Array };

export interface DocumentStore {
  create(doc: Pick<DocumentRecord, 'id' | 'docName' | 'kind' | 'groupId' | 'ownerId' | 'title' | 'createdBy'>): Promise<DocumentRecord>;
  get(id: string): Promise<DocumentRecord | undefined>;
  byDocName(docName: string): Promise<DocumentRecord | undefined>;
  listForGroup(groupId: string, kind: DocumentKind): Promise<DocumentRecord[]>;
  update(id: string, patch: Partial<Pick<DocumentRecord, 'title' | 'locked' | 'archived' | 'sharedWithGroup'>>): Promise<DocumentRecord | undefined>;
  /** Documents of a group with an update accepted at or after `since`. */
  editedSince(groupId: string, kind: DocumentKind, since: Date): Promise<DocumentRecord[]>;

  /**
   * Appends updates of any documents in ONE statement (group commit) and stamps lastEditedAt (at most once a minute per document).
   * Resolves once durable; returns the new row ids in input order.
   */
  appendUpdates(batch: Array<{ documentId: string; update: Uint8Array }>, at: Date): Promise<number[]>;
  load(documentId: string): Promise<StoredDocumentState>;
  /**
   * In one transaction, serialised per document: reads the snapshot and every update row, folds them into one
   * snapshot with its state vector, stores it and deletes the rows it covers. Returns how many rows it replaced.
   */
  compact(documentId: string, fold: FoldState): Promise<{ replaced: number; coversUpdateId: number | null }>;

  createVersion(version: Omit<VersionRecord, 'createdAt'> & { state: Uint8Array }): Promise<VersionRecord>;
  listVersions(documentId: string): Promise<VersionRecord[]>;
  versionState(documentId: string, versionId: string): Promise<Uint8Array | undefined>;
}
