import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TALK_SETTINGS,
  GROUP_THREAD,
  MAX_MESSAGE_LENGTH,
  countMessages,
  mayPost,
  mayRead,
  parseSideThread,
  presentMessage,
  sideThreadId,
  sideThreadPartner,
  talkSettings,
  type ChatMessage
} from './rules';
import { chatPostSchema } from './schemas';

const fay = { userId: 'fay', role: 'facilitator' as const, inRoom: true };
const cole = { userId: 'cole', role: 'co_facilitator' as const, inRoom: true };
const ana = { userId: 'ana', role: 'participant' as const, inRoom: true };
const ben = { userId: 'ben', role: 'participant' as const, inRoom: true };
const owner = (poster: { userId: string; role: 'facilitator' | 'co_facilitator' | 'participant' }) => ({ userId: poster.userId, role: poster.role });

describe('who may post where', () => {
  const open = DEFAULT_TALK_SETTINGS;
  const announcements = { ...open, chat: 'announcements' as const };
  const off = { ...open, chat: 'off' as const };

  it('lets everyone in the room write in an open group chat, nobody outside it', () => {
    for (const poster of [fay, cole, ana]) expect(mayPost(open, poster, GROUP_THREAD, undefined)).toEqual({ ok: true });
    expect(mayPost(open, { ...ana, inRoom: false }, GROUP_THREAD, undefined)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('announcements only: facilitators and co-facilitators post, members read', () => {
    expect(mayPost(announcements, fay, GROUP_THREAD, undefined).ok).toBe(true);
    expect(mayPost(announcements, cole, GROUP_THREAD, undefined).ok).toBe(true);
    expect(mayPost(announcements, ana, GROUP_THREAD, undefined)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('off: nobody posts in the group chat, but the private threads to the facilitators stay open', () => {
    for (const poster of [fay, ana]) expect(mayPost(off, poster, GROUP_THREAD, undefined)).toMatchObject({ ok: false, code: 'conflict' });
    expect(mayPost(off, ana, 'ana', owner(ana)).ok).toBe(true);
    expect(mayPost(off, fay, 'ana', owner(ana)).ok).toBe(true);
  });

  it('a member writes in their own private thread; every facilitator answers in it', () => {
    expect(mayPost(open, ana, 'ana', owner(ana)).ok).toBe(true);
    expect(mayPost(open, fay, 'ana', owner(ana)).ok).toBe(true);
    expect(mayPost(open, cole, 'ana', owner(ana)).ok).toBe(true);
  });

  it('never lets a participant write privately to another participant', () => {
    const decision = mayPost(open, ben, 'ana', owner(ana));
    expect(decision).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decision.ok || decision.message).toMatch(/facilitators only/);
  });

  it('has no private thread of a facilitator, nor of someone the room never saw', () => {
    expect(mayPost(open, ana, 'fay', owner(fay))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(mayPost(open, fay, 'nobody', undefined)).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('lets a member read the group chat and their own thread; facilitators read every thread', () => {
    expect(mayRead(ana, GROUP_THREAD)).toBe(true);
    expect(mayRead(ana, 'ana')).toBe(true);
    expect(mayRead(ana, 'ben')).toBe(false);
    expect(mayRead(fay, 'ben')).toBe(true);
    expect(mayRead(cole, 'ana')).toBe(true);
  });

  it('reads the defaults in rooms stored before chat existed', () => {
    expect(talkSettings({})).toEqual({ chat: 'open', reactions: true });
    expect(talkSettings({ talk: { chat: 'off', reactions: false } })).toEqual({ chat: 'off', reactions: false });
  });
});

describe('a side room’s thread', () => {
  const open = DEFAULT_TALK_SETTINGS;
  const side = { facilitatorId: 'fay', memberId: 'ana' };
  const thread = sideThreadId(side);

  it('is named by its facilitator and member, and parses back; anything else is not a side thread', () => {
    expect(thread).toBe('side:fay:ana');
    expect(parseSideThread(thread)).toEqual(side);
    for (const bad of ['side:', 'side:fay', 'side:fay:', 'side:fay:ana:ben', 'side:fay:fay', 'ana', GROUP_THREAD]) expect(parseSideThread(bad)).toBeUndefined();
    expect(sideThreadPartner(thread, 'fay')).toBe('ana');
    expect(sideThreadPartner(thread, 'ana')).toBe('fay');
    expect(sideThreadPartner(thread, 'cole')).toBeUndefined();
  });

  it('lets the two people post while their side room is open, whatever the group chat’s setting', () => {
    for (const settings of [open, { ...open, chat: 'off' as const }, { ...open, chat: 'announcements' as const }]) {
      expect(mayPost(settings, fay, thread, undefined, [side])).toEqual({ ok: true });
      expect(mayPost(settings, ana, thread, undefined, [side])).toEqual({ ok: true });
    }
  });

  it('refuses a third person: another facilitator or another member (forbidden), open or not', () => {
    for (const rooms of [[side], []]) {
      for (const third of [cole, ben]) {
        const decision = mayPost(open, third, thread, undefined, rooms);
        expect(decision).toMatchObject({ ok: false, code: 'forbidden' });
        expect(decision.ok || decision.message).toMatch(/member and its facilitator only/);
      }
    }
  });

  it('refuses the two once their side room has ended (conflict), and a side room of someone else', () => {
    expect(mayPost(open, ana, thread, undefined, [])).toMatchObject({ ok: false, code: 'conflict' });
    expect(mayPost(open, fay, thread, undefined, [{ facilitatorId: 'fay', memberId: 'ben' }])).toMatchObject({ ok: false, code: 'conflict' });
    expect(mayPost(open, { ...ana, inRoom: false }, thread, undefined, [side])).toMatchObject({ ok: false, code: 'forbidden' });
    expect(mayPost(open, ana, 'side:fay', undefined, [side])).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('is read by its two people only: not the other facilitators, not other members', () => {
    expect(mayRead(fay, thread)).toBe(true);
    expect(mayRead(ana, thread)).toBe(true);
    expect(mayRead(cole, thread)).toBe(false);
    expect(mayRead({ userId: 'ed', role: 'facilitator' }, thread)).toBe(false);
    expect(mayRead(ben, thread)).toBe(false);
  });
});

describe('a message as the browser sends it', () => {
  it('keeps the text, trimmed, without control characters', () => {
    expect(chatPostSchema.parse({ thread: 'group', text: '  Hello\u0007 there \r\n ' })).toEqual({ thread: 'group', text: 'Hello there' });
  });

  it('refuses a sender, a time or any other field (the server sets them)', () => {
    expect(chatPostSchema.safeParse({ thread: 'group', text: 'hi', senderId: 'fay' }).success).toBe(false);
    expect(chatPostSchema.safeParse({ thread: 'group', text: 'hi', at: 1 }).success).toBe(false);
  });

  it('refuses empty, blank and oversize messages', () => {
    expect(chatPostSchema.safeParse({ thread: 'group', text: '   ' }).success).toBe(false);
    expect(chatPostSchema.safeParse({ thread: 'group', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }).success).toBe(false);
    expect(chatPostSchema.safeParse({ thread: 'group', text: 'x'.repeat(MAX_MESSAGE_LENGTH) }).success).toBe(true);
    expect(chatPostSchema.safeParse({ thread: 'group', text: 42 }).success).toBe(false);
  });
});

describe('hidden messages and counts', () => {
  const message: ChatMessage = {
    id: 'm1',
    sessionId: 's',
    thread: GROUP_THREAD,
    senderId: 'ben',
    senderName: 'Ben',
    senderRole: 'participant',
    text: 'something unkind',
    at: 1,
    hidden: { by: 'fay', at: 2 }
  };

  it('keeps the text of a hidden message for facilitators (the audit) and withholds it from everyone else', () => {
    expect(presentMessage(message, { role: 'facilitator' }).text).toBe('something unkind');
    expect(presentMessage(message, { role: 'co_facilitator' }).text).toBe('something unkind');
    expect(presentMessage(message, { role: 'participant' })).toMatchObject({ text: null, hidden: { by: 'fay' } });
    expect(presentMessage({ ...message, hidden: null }, { role: 'participant' }).text).toBe('something unkind');
  });

  it('counts group and private messages, private threads and hidden ones, never the text', () => {
    const counts = countMessages([
      { thread: 'group', hidden: null },
      { thread: 'group', hidden: { by: 'fay', at: 1 } },
      { thread: 'ana', hidden: null },
      { thread: 'ana', hidden: null },
      { thread: 'ben', hidden: null },
      { thread: 'side:fay:ana', hidden: null }
    ]);
    expect(counts).toEqual({ group: 2, private: 3, privateThreads: 2, side: 1, hidden: 1 });
  });
});
