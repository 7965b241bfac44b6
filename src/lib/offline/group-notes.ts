/**
 * Group progress notes on this device: the facilitator's key pairs (ECDH for receiving the group key, ECDSA for
 * signing; made on first use, sealed by their notes key), the group's notes key in all the versions they hold (made by
 * the first facilitator, shared to co-facilitators' public keys, rotated after a key holder left), and the notes
 * themselves, encrypted before they leave the browser and signed with the facilitator's own key. Reading and drafting
 * work offline from the cache; creating, signing, addenda and rotation need the server.
 *
 * Rotation happens here, not on the server (it never has the key): when the keys answer says a rotation is due and
 * this facilitator holds the current version, opening the desk makes a new key wrapped for exactly the remaining
 * holders. Until someone who holds it opens Group notes, the page says so and the server refuses new writing.
 */
import type { GroupNoteSummary, GroupNoteView, NotesKeysAnswer, PrefillAnswer, SignatureView } from '$lib/core/group-notes/api';
import { contentHash, prefillNote, sha256Hex, type AddendumContent, type GroupNoteContent, type NoteFormat } from '$lib/core/group-notes/content';
import {
  createFacilitatorKeys,
  createGroupKey,
  decryptAddendum,
  decryptNote,
  encryptAddendum,
  encryptNote,
  openFacilitatorKeys,
  openGroupKey,
  rotateGroupKey,
  rotationRecipients,
  shareGroupKey,
  type FacilitatorKeyRecord,
  type FacilitatorKeys,
  type WrappedGroupKey
} from '$lib/core/group-notes/keys';
import { createSigningKey, openSigningKey, signStatement, type SigningKey, type SigningKeyRecord } from '$lib/core/group-notes/signing';
import { base64ToBytes } from '$lib/core/notes/encoding';
import type { CachedGroupKeys, GroupNotesCache } from './group-notes-cache';
import { checkHolds, checkSignature, type SignatureCheck } from './group-notes-verify';

type Signed = { signature: string; keyId: string };

export interface GroupNotesServer {
  facilitatorKey(): Promise<{ key: FacilitatorKeyRecord | null }>;
  putFacilitatorKey(record: FacilitatorKeyRecord): Promise<unknown>;
  signingKey(): Promise<{ key: SigningKeyRecord | null }>;
  putSigningKey(record: SigningKeyRecord): Promise<unknown>;
  keys(groupId: string): Promise<NotesKeysAnswer>;
  putGroupKey(groupId: string, body: { userId: string; wrappedKey: WrappedGroupKey; keyVersion?: number }): Promise<unknown>;
  rotate(groupId: string, body: { fromVersion: number; keys: Array<{ userId: string; wrappedKey: WrappedGroupKey }> }): Promise<unknown>;
  list(groupId: string): Promise<{ notes: GroupNoteSummary[] }>;
  prefill(groupId: string, sessionId: string): Promise<PrefillAnswer>;
  create(groupId: string, body: { id: string; sessionId: string; ciphertext: string; keyVersion: number }): Promise<{ note: GroupNoteView }>;
  get(groupId: string, noteId: string): Promise<{ note: GroupNoteView }>;
  update(groupId: string, noteId: string, body: { ciphertext: string; expectedRevision: number; keyVersion: number }): Promise<{ note: GroupNoteView }>;
  sign(
    groupId: string,
    noteId: string,
    body: { ciphertext: string; contentHash: string; expectedRevision: number; keyVersion: number } & Signed
  ): Promise<{ note: GroupNoteView }>;
  addendum(groupId: string, noteId: string, body: { id: string; ciphertext: string; contentHash: string; keyVersion: number } & Signed): Promise<{ note: GroupNoteView }>;
}

/** Whether a failure means "no network" (then the cache answers), as opposed to a refusal. */
export type IsOffline = (failure: unknown) => boolean;

export interface OpenedAddendum {
  id: string;
  content: AddendumContent;
  signature: SignatureView;
  check: SignatureCheck;
  /** The signer's key signed exactly this content. */
  verified: boolean;
}

export interface OpenedNote {
  view: GroupNoteView;
  content: GroupNoteContent;
  /** For a signed note: the signer's key signed exactly what was decrypted. Null while a draft. */
  verified: boolean | null;
  check: SignatureCheck | null;
  addenda: OpenedAddendum[];
  /** A draft saved on this device that the server does not have yet. */
  unsynced: boolean;
}

/** Where the group's key stands for this person. */
export type KeyRotationState =
  /** Nothing due. */
  | 'none'
  /** This visit renewed the key after a facilitator left. */
  | 'rotated'
  /** A facilitator left; someone who holds the current key must open Group notes to renew it. */
  | 'due';

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
  readonly #signing: SigningKey | null;
  /** The versions of the group key I hold, opened. */
  #groupKeys: Map<number, CryptoKey>;
  #currentVersion: number;
  /** The server's view of who holds the key (null offline). */
  keys: NotesKeysAnswer | null;
  rotation: KeyRotationState = 'none';

  private constructor(o: DeskOptions, keys: FacilitatorKeys, signing: SigningKey | null, groupKeys: Map<number, CryptoKey>, current: number, answer: NotesKeysAnswer | null) {
    this.#o = o;
    this.#me = { userId: o.userId, keys };
    this.#signing = signing;
    this.#groupKeys = groupKeys;
    this.#currentVersion = current;
    this.keys = answer;
  }

  static async open(o: DeskOptions): Promise<GroupNotesDesk> {
    const keys = await GroupNotesDesk.#facilitatorKeys(o);
    const signing = await GroupNotesDesk.#signingKey(o);
    let answer: NotesKeysAnswer | null = null;
    let cached: CachedGroupKeys | undefined;
    try {
      answer = await o.server.keys(o.groupId);
      cached = { currentVersion: answer.currentVersion, versions: answer.versions };
      await o.cache.saveGroupKeys(o.groupId, cached);
    } catch (failure) {
      if (!o.isOffline(failure)) throw failure;
      cached = await o.cache.groupKeys(o.groupId);
    }
    const me = { userId: o.userId, keys };
    const opened = new Map<number, CryptoKey>();
    for (const v of cached?.versions ?? []) opened.set(v.keyVersion, await openGroupKey(v.wrappedKey, o.groupId, me));
    const desk = new GroupNotesDesk(o, keys, signing, opened, cached?.currentVersion ?? 1, answer);
    if (answer?.rotationDueSince) await desk.#rotateIfDue();
    return desk;
  }

  /** A rotation is due and I hold the current key: renew it for the remaining holders (another may have been first). */
  async #rotateIfDue(): Promise<void> {
    const answer = this.keys;
    // Nobody holds the current version any more (its only holder left): a new group key is started instead.
    if (!answer?.rotationDueSince || !answer.groupHasKey) return;
    if (!this.#groupKeys.has(answer.currentVersion)) {
      this.rotation = 'due';
      return;
    }
    const { key, wrapped } = await rotateGroupKey(this.#o.groupId, rotationRecipients(answer.facilitators, this.#o.userId));
    try {
      await this.#o.server.rotate(this.#o.groupId, { fromVersion: answer.currentVersion, keys: wrapped });
      this.#groupKeys.set(answer.currentVersion + 1, key);
      this.rotation = 'rotated';
    } catch (failure) {
      // Another facilitator rotated first (409): their key is ours too once we reload the answer.
      if (this.#o.isOffline(failure)) throw failure;
    }
    await this.refreshKeys();
    if (this.keys?.rotationDueSince) this.rotation = 'due';
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

  /** The person's signing key, like the key pair; null offline on a device that never saw it (signing needs the server anyway). */
  static async #signingKey(o: DeskOptions): Promise<SigningKey | null> {
    let record: SigningKeyRecord | undefined;
    try {
      record = (await o.server.signingKey()).key ?? undefined;
      if (!record) {
        const created = await createSigningKey(o.notesKey, o.userId);
        await o.server.putSigningKey(created.record);
        record = created.record;
      }
      await o.cache.saveSigningKey(record);
    } catch (failure) {
      if (!o.isOffline(failure)) throw failure;
      record = await o.cache.signingKey();
      if (!record) return null;
    }
    return openSigningKey(o.notesKey, o.userId, record);
  }

  async #sign(target: { noteId: string; addendumId: string | null }, contentHash: string, ciphertext: string): Promise<Signed> {
    if (!this.#signing) throw new Error('Your signing key is not on this device yet. Connect to the internet and reload.');
    const statement = {
      kind: target.addendumId ? ('group-note-addendum' as const) : ('group-note' as const),
      groupId: this.#o.groupId,
      ...target,
      signerId: this.#o.userId,
      keyId: this.#signing.keyId,
      contentHash,
      ciphertextHash: await sha256Hex(base64ToBytes(ciphertext))
    };
    return { signature: await signStatement(this.#signing, statement), keyId: this.#signing.keyId };
  }

  /** Whether I hold the version new notes are written with. */
  get hasGroupKey(): boolean {
    return this.#groupKeys.has(this.#currentVersion);
  }

  /** Whether I hold any version (I can read at least some notes). */
  get holdsAnyKey(): boolean {
    return this.#groupKeys.size > 0;
  }

  /** True when nobody holds the group's key yet: this facilitator can make it. */
  get canCreateGroupKey(): boolean {
    return !this.hasGroupKey && this.keys?.groupHasKey === false;
  }

  async createGroupKey(): Promise<void> {
    const { key, wrapped } = await createGroupKey(this.#o.groupId, this.#me);
    const made = (await this.#o.server.putGroupKey(this.#o.groupId, { userId: this.#o.userId, wrappedKey: wrapped })) as { keyVersion?: number };
    const version = made?.keyVersion ?? 1;
    this.#groupKeys.set(version, key);
    this.#currentVersion = version;
    await this.refreshKeys();
  }

  async refreshKeys(): Promise<void> {
    const answer = await this.#o.server.keys(this.#o.groupId);
    this.keys = answer;
    this.#currentVersion = answer.currentVersion;
    for (const v of answer.versions) {
      if (!this.#groupKeys.has(v.keyVersion)) this.#groupKeys.set(v.keyVersion, await openGroupKey(v.wrappedKey, this.#o.groupId, this.#me));
    }
    await this.#o.cache.saveGroupKeys(this.#o.groupId, { currentVersion: answer.currentVersion, versions: answer.versions });
  }

  /** Wraps every version of the group key I hold (old notes too) for a co-facilitator whose public key is on the server. */
  async share(userId: string): Promise<void> {
    const recipient = this.keys?.facilitators.find((f) => f.userId === userId);
    const mine = this.keys?.versions ?? [];
    if (!mine.length || !recipient?.publicKey) throw new Error('This facilitator has not opened group notes yet: ask them to open this page once.');
    for (const { keyVersion, wrappedKey: copy } of mine) {
      if (recipient.versions?.includes(keyVersion)) continue;
      const wrappedKey = await shareGroupKey(copy, this.#o.groupId, this.#me, { userId, publicKey: recipient.publicKey });
      await this.#o.server.putGroupKey(this.#o.groupId, { userId, wrappedKey, keyVersion });
    }
    await this.refreshKeys();
  }

  #key(version = this.#currentVersion): CryptoKey {
    const key = this.#groupKeys.get(version);
    if (!key) throw new Error(version === this.#currentVersion ? 'You do not hold this group’s notes key yet.' : 'You do not hold the key this note was written with.');
    return key;
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
    const { note } = await this.#o.server.create(this.#o.groupId, { id, sessionId, ciphertext, keyVersion: this.#currentVersion });
    await this.#remember(note);
    return { view: note, content, verified: null, check: null, addenda: [], unsynced: false };
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
    const draft = view.signature ? undefined : await this.#o.cache.draft(view.id);
    // A draft made offline on this device wins over the server's copy it was based on.
    const useDraft = draft && draft.baseRevision >= view.revision;
    const content = useDraft
      ? await decryptNote(this.#key(draft.keyVersion ?? view.keyVersion), view.id, draft.ciphertext)
      : await decryptNote(this.#key(view.keyVersion), view.id, view.ciphertext);
    const target = { groupId: this.#o.groupId, noteId: view.id };
    const check = view.signature ? await this.#pinned(view.signature, await checkSignature(view.signature, { ...target, addendumId: null }, content, view.ciphertext)) : null;
    const addenda = await Promise.all(
      view.addenda.map(async (a) => {
        const addendum = await decryptAddendum(this.#key(a.keyVersion), view.id, a.id, a.ciphertext);
        const addendumCheck = await this.#pinned(a.signature, await checkSignature(a.signature, { ...target, addendumId: a.id }, addendum, a.ciphertext));
        return { id: a.id, content: addendum, signature: a.signature, check: addendumCheck, verified: checkHolds(addendumCheck) };
      })
    );
    return { view, content, verified: check ? checkHolds(check) : null, check, addenda, unsynced: !!useDraft };
  }

  /**
   * Trust on first use of each signer's key on this device: the server never replaces a person's signing key, so a
   * valid signature under a different key than the one this device saw for that signer before means the server
   * presented a key of its own ('key_changed'). My own key is pinned from my own key record.
   */
  async #pinned(signature: SignatureView, check: SignatureCheck): Promise<SignatureCheck> {
    if (check.keySignature !== 'verified' || !signature.keyId) return check;
    const own = signature.signedBy === this.#o.userId ? this.#signing?.keyId : undefined;
    const seen = own ?? (await this.#o.cache.signerKey(signature.signedBy));
    if (!seen) await this.#o.cache.saveSignerKey(signature.signedBy, signature.keyId);
    return seen && seen !== signature.keyId ? { ...check, keySignature: 'key_changed' } : check;
  }

  /** Saves a draft (sealed with the current key version): on this device first, then on the server when it answers. */
  async save(note: OpenedNote, content: GroupNoteContent): Promise<OpenedNote> {
    const keyVersion = this.#currentVersion;
    const ciphertext = await encryptNote(this.#key(), note.view.id, content);
    await this.#o.cache.saveDraft(note.view.id, { ciphertext, baseRevision: note.view.revision, keyVersion });
    try {
      const { note: view } = await this.#o.server.update(this.#o.groupId, note.view.id, { ciphertext, expectedRevision: note.view.revision, keyVersion });
      await this.#remember(view);
      await this.#o.cache.dropDraft(view.id);
      return { ...note, view, content, unsynced: false };
    } catch (failure) {
      if (!this.#o.isOffline(failure)) throw failure;
      return { ...note, content, unsynced: true };
    }
  }

  /** Signs with my own key: the final content, its hash and my signature go to the server together; then read-only. */
  async sign(note: OpenedNote, content: GroupNoteContent): Promise<OpenedNote> {
    const ciphertext = await encryptNote(this.#key(), note.view.id, content);
    const hash = await contentHash(content);
    const { note: view } = await this.#o.server.sign(this.#o.groupId, note.view.id, {
      ciphertext,
      contentHash: hash,
      expectedRevision: note.view.revision,
      keyVersion: this.#currentVersion,
      ...(await this.#sign({ noteId: note.view.id, addendumId: null }, hash, ciphertext))
    });
    await this.#remember(view);
    await this.#o.cache.dropDraft(view.id);
    return this.#decrypt(view);
  }

  async addAddendum(note: OpenedNote, text: string): Promise<OpenedNote> {
    const id = crypto.randomUUID();
    const content: AddendumContent = { version: 1, text };
    const ciphertext = await encryptAddendum(this.#key(), note.view.id, id, content);
    const hash = await contentHash(content);
    const { note: view } = await this.#o.server.addendum(this.#o.groupId, note.view.id, {
      id,
      ciphertext,
      contentHash: hash,
      keyVersion: this.#currentVersion,
      ...(await this.#sign({ noteId: note.view.id, addendumId: id }, hash, ciphertext))
    });
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
