/**
 * Group progress notes on this device: the facilitator's key pair (made on first use, sealed by their notes key),
 * the group's notes key (made by the first facilitator, shared to co-facilitators' public keys), and the notes
 * themselves, encrypted before they leave the browser. Reading and drafting work offline from the cache; creating,
 * signing and addenda need the server (it records the signature).
 */
import type { GroupNoteSummary, GroupNoteView, NotesKeysAnswer, PrefillAnswer, SignatureView } from '$lib/core/group-notes/api';
import {
  contentHash,
  prefillNote,
  sha256Hex,
  type AddendumContent,
  type GroupNoteContent,
  type NoteFormat
} from '$lib/core/group-notes/content';
import {
  createFacilitatorKeys,
  createGroupKey,
  decryptAddendum,
  decryptNote,
  encryptAddendum,
  encryptNote,
  openFacilitatorKeys,
  openGroupKey,
  shareGroupKey,
  type FacilitatorKeyRecord,
  type FacilitatorKeys,
  type WrappedGroupKey
} from '$lib/core/group-notes/keys';
import { base64ToBytes } from '$lib/core/notes/encoding';
import type { GroupNotesCache } from './group-notes-cache';

export interface GroupNotesServer {
  facilitatorKey(): Promise<{ key: FacilitatorKeyRecord | null }>;
  putFacilitatorKey(record: FacilitatorKeyRecord): Promise<unknown>;
  keys(groupId: string): Promise<NotesKeysAnswer>;
  putGroupKey(groupId: string, body: { userId: string; wrappedKey: WrappedGroupKey }): Promise<unknown>;
  list(groupId: string): Promise<{ notes: GroupNoteSummary[] }>;
  prefill(groupId: string, sessionId: string): Promise<PrefillAnswer>;
  create(groupId: string, body: { id: string; sessionId: string; ciphertext: string }): Promise<{ note: GroupNoteView }>;
  get(groupId: string, noteId: string): Promise<{ note: GroupNoteView }>;
  update(groupId: string, noteId: string, body: { ciphertext: string; expectedRevision: number }): Promise<{ note: GroupNoteView }>;
  sign(groupId: string, noteId: string, body: { ciphertext: string; contentHash: string; expectedRevision: number }): Promise<{ note: GroupNoteView }>;
  addendum(groupId: string, noteId: string, body: { id: string; ciphertext: string; contentHash: string }): Promise<{ note: GroupNoteView }>;
}

/** Whether a failure means "no network" (then the cache answers), as opposed to a refusal. */
export type IsOffline = (failure: unknown) => boolean;

export interface OpenedAddendum {
  id: string;
  content: AddendumContent;
  signature: SignatureView;
  verified: boolean;
}

export interface OpenedNote {
  view: GroupNoteView;
  content: GroupNoteContent;
  /** For a signed note: both hashes match what was decrypted. Null while a draft. */
  verified: boolean | null;
  addenda: OpenedAddendum[];
  /** A draft saved on this device that the server does not have yet. */
  unsynced: boolean;
}

async function signatureHolds(signature: SignatureView, content: GroupNoteContent | AddendumContent, ciphertext: string): Promise<boolean> {
  const [plain, sealed] = await Promise.all([contentHash(content), sha256Hex(base64ToBytes(ciphertext))]);
  return plain === signature.contentHash && sealed === signature.ciphertextHash;
}

export interface DeskOptions {
  userId: string;
  groupId: string;
  /** The person's unlocked private-notes key. */
  notesKey: CryptoKey;
  server: GroupNotesServer;
  cache: GroupNotesCache;
  isOffline: IsOffline;
}

export class GroupNotesDesk {
  readonly #o: DeskOptions;
  readonly #me: { userId: string; keys: FacilitatorKeys };
  #groupKey: CryptoKey | null;
  /** The server's view of who holds the key (null offline). */
  keys: NotesKeysAnswer | null;

  private constructor(o: DeskOptions, keys: FacilitatorKeys, groupKey: CryptoKey | null, answer: NotesKeysAnswer | null) {
    this.#o = o;
    this.#me = { userId: o.userId, keys };
    this.#groupKey = groupKey;
    this.keys = answer;
  }

  static async open(o: DeskOptions): Promise<GroupNotesDesk> {
    const keys = await GroupNotesDesk.#facilitatorKeys(o);
    let answer: NotesKeysAnswer | null = null;
    let wrapped: WrappedGroupKey | undefined;
    try {
      answer = await o.server.keys(o.groupId);
      wrapped = answer.mine ?? undefined;
      if (wrapped) await o.cache.saveGroupKey(o.groupId, wrapped);
    } catch (failure) {
      if (!o.isOffline(failure)) throw failure;
      wrapped = await o.cache.groupKey(o.groupId);
    }
    const groupKey = wrapped ? await openGroupKey(wrapped, o.groupId, { userId: o.userId, keys }) : null;
    return new GroupNotesDesk(o, keys, groupKey, answer);
  }

  /** The person's key pair: the server's (cached), the cached one offline, or a new one on first use. */
  static async #facilitatorKeys(o: DeskOptions): Promise<FacilitatorKeys> {
    let record: FacilitatorKeyRecord | undefined;
    try {
      record = (await o.server.facilitatorKey()).key ?? undefined;
      if (!record) {
        const created = await createFacilitatorKeys(o.notesKey, o.userId);
        await o.server.putFacilitatorKey(created.record);
        record = created.record;
      }
      await o.cache.saveFacilitatorKey(record);
    } catch (failure) {
      if (!o.isOffline(failure)) throw failure;
      record = await o.cache.facilitatorKey();
      if (!record) throw new Error('Group notes have not been opened on this device yet. Connect to the internet once to open them.');
    }
    return openFacilitatorKeys(o.notesKey, o.userId, record);
  }

  get hasGroupKey(): boolean {
    return this.#groupKey !== null;
  }

  /** True when nobody holds the group's key yet: this facilitator can make it. */
  get canCreateGroupKey(): boolean {
    return !this.#groupKey && this.keys?.groupHasKey === false;
  }

  async createGroupKey(): Promise<void> {
    const { key, wrapped } = await createGroupKey(this.#o.groupId, this.#me);
    await this.#o.server.putGroupKey(this.#o.groupId, { userId: this.#o.userId, wrappedKey: wrapped });
    await this.#o.cache.saveGroupKey(this.#o.groupId, wrapped);
    this.#groupKey = key;
    await this.refreshKeys();
  }

  async refreshKeys(): Promise<void> {
    this.keys = await this.#o.server.keys(this.#o.groupId);
  }

  /** Wraps the group key for a co-facilitator whose public key is on the server. */
  async share(userId: string): Promise<void> {
    const mine = this.keys?.mine ?? (await this.#o.cache.groupKey(this.#o.groupId));
    const recipient = this.keys?.facilitators.find((f) => f.userId === userId);
    if (!mine || !recipient?.publicKey) throw new Error('This facilitator has not opened group notes yet: ask them to open this page once.');
    const wrappedKey = await shareGroupKey(mine, this.#o.groupId, this.#me, { userId, publicKey: recipient.publicKey });
    await this.#o.server.putGroupKey(this.#o.groupId, { userId, wrappedKey });
    await this.refreshKeys();
  }

  #key(): CryptoKey {
    if (!this.#groupKey) throw new Error('You do not hold this group’s notes key yet.');
    return this.#groupKey;
  }

  async list(): Promise<GroupNoteSummary[]> {
    try {
      const { notes } = await this.#o.server.list(this.#o.groupId);
      await this.#o.cache.saveNotes(this.#o.groupId, notes);
      return notes;
    } catch (failure) {
      if (!this.#o.isOffline(failure)) throw failure;
      return (await this.#o.cache.notes(this.#o.groupId)) ?? [];
    }
  }

  /** A new note for an ended session, prefilled from the server's attendance, scores and check-ins, stored encrypted. */
  async create(sessionId: string, format: NoteFormat): Promise<OpenedNote> {
    const prefill = await this.#o.server.prefill(this.#o.groupId, sessionId);
    const content = prefillNote({
      sessionId,
      sessionTitle: prefill.session.title,
      startedAt: Date.parse(prefill.session.startedAt),
      endedAt: Date.parse(prefill.session.endedAt),
      format,
      attendees: prefill.attendees.map((a) => ({
        ...a,
        stays: a.stays.map((s) => ({ userId: a.userId, joinedAt: Date.parse(s.joinedAt), leftAt: s.leftAt ? Date.parse(s.leftAt) : null }))
      }))
    });
    const id = crypto.randomUUID();
    const ciphertext = await encryptNote(this.#key(), id, content);
    const { note } = await this.#o.server.create(this.#o.groupId, { id, sessionId, ciphertext });
    await this.#remember(note);
    return { view: note, content, verified: null, addenda: [], unsynced: false };
  }

  async open(noteId: string): Promise<OpenedNote> {
    let view: GroupNoteView | undefined;
    try {
      view = (await this.#o.server.get(this.#o.groupId, noteId)).note;
      await this.#remember(view);
    } catch (failure) {
      if (!this.#o.isOffline(failure)) throw failure;
      view = await this.#o.cache.note(noteId);
      if (!view) throw new Error('This note has not been opened on this device yet. Connect to the internet to open it.');
    }
    return this.#decrypt(view);
  }

  /** Keeps the note and its line in the group's list on this device, for offline use. */
  async #remember(view: GroupNoteView): Promise<void> {
    await this.#o.cache.saveNote(view);
    const summary: GroupNoteSummary = {
      id: view.id,
      sessionId: view.sessionId,
      revision: view.revision,
      signature: view.signature,
      addendaCount: view.addenda.length
    };
    const list = (await this.#o.cache.notes(this.#o.groupId)) ?? [];
    await this.#o.cache.saveNotes(this.#o.groupId, [...list.filter((n) => n.id !== view.id), summary]);
  }

  async #decrypt(view: GroupNoteView): Promise<OpenedNote> {
    const key = this.#key();
    const draft = view.signature ? undefined : await this.#o.cache.draft(view.id);
    // A draft made offline on this device wins over the server's copy it was based on.
    const useDraft = draft && draft.baseRevision >= view.revision;
    const content = await decryptNote(key, view.id, useDraft ? draft.ciphertext : view.ciphertext);
    const verified = view.signature ? await signatureHolds(view.signature, content, view.ciphertext) : null;
    const addenda = await Promise.all(
      view.addenda.map(async (a) => {
        const addendum = await decryptAddendum(key, view.id, a.id, a.ciphertext);
        return { id: a.id, content: addendum, signature: a.signature, verified: await signatureHolds(a.signature, addendum, a.ciphertext) };
      })
    );
    return { view, content, verified, addenda, unsynced: !!useDraft };
  }

  /** Saves a draft: on this device first (so nothing is lost offline), then on the server when it answers. */
  async save(note: OpenedNote, content: GroupNoteContent): Promise<OpenedNote> {
    const ciphertext = await encryptNote(this.#key(), note.view.id, content);
    await this.#o.cache.saveDraft(note.view.id, { ciphertext, baseRevision: note.view.revision });
    try {
      const { note: view } = await this.#o.server.update(this.#o.groupId, note.view.id, { ciphertext, expectedRevision: note.view.revision });
      await this.#remember(view);
      await this.#o.cache.dropDraft(view.id);
      return { ...note, view, content, unsynced: false };
    } catch (failure) {
      if (!this.#o.isOffline(failure)) throw failure;
      return { ...note, content, unsynced: true };
    }
  }

  /** Signs: the final content and its hash go to the server together; from then on the note is read-only. */
  async sign(note: OpenedNote, content: GroupNoteContent): Promise<OpenedNote> {
    const ciphertext = await encryptNote(this.#key(), note.view.id, content);
    const { note: view } = await this.#o.server.sign(this.#o.groupId, note.view.id, {
      ciphertext,
      contentHash: await contentHash(content),
      expectedRevision: note.view.revision
    });
    await this.#remember(view);
    await this.#o.cache.dropDraft(view.id);
    return this.#decrypt(view);
  }

  async addAddendum(note: OpenedNote, text: string): Promise<OpenedNote> {
    const id = crypto.randomUUID();
    const content: AddendumContent = { version: 1, text };
    const ciphertext = await encryptAddendum(this.#key(), note.view.id, id, content);
    const { note: view } = await this.#o.server.addendum(this.#o.groupId, note.view.id, { id, ciphertext, contentHash: await contentHash(content) });
    await this.#remember(view);
    return this.#decrypt(view);
  }

  /** One member's sections of every signed note (with the notes' addenda), oldest session first, for their record. */
  async memberRecord(userId: string): Promise<Array<{ note: OpenedNote; section: GroupNoteContent['members'][number] }>> {
    const signed = (await this.list()).filter((n) => n.signature);
    const opened = await Promise.all(signed.map((n) => this.open(n.id)));
    return opened.flatMap((note) => {
      const section = note.content.members.find((m) => m.userId === userId);
      return section ? [{ note, section }] : [];
    });
  }
}
