/**
 * The room commands of chat, reactions and the thermometer check-in (spread into room/commands.ts, applied by the
 * room's reducer through handleTalkCommand). Chat messages and reactions themselves are not room commands: they go
 * through server/chat, which reads the room's settings but does not change the room state.
 */
import { z } from 'zod';
import type { Change } from '../room/change';
import type { RoomState } from '../room/state';
import { CHAT_MODES, talkSettings } from './rules';
import { THERMOMETER_MAX, THERMOMETER_MIN, answerThermometer, askThermometer, closeThermometer, showThermometerSpread } from './thermometer';

const value = z
  .number({ error: `Choose a number from ${THERMOMETER_MIN} to ${THERMOMETER_MAX}.` })
  .int(`Choose a whole number from ${THERMOMETER_MIN} to ${THERMOMETER_MAX}.`)
  .min(THERMOMETER_MIN, `Choose a number from ${THERMOMETER_MIN} to ${THERMOMETER_MAX}.`)
  .max(THERMOMETER_MAX, `Choose a number from ${THERMOMETER_MIN} to ${THERMOMETER_MAX}.`);

export const talkParticipantCommandSchemas = [
  z.strictObject({ type: z.literal('answer_thermometer'), roundId: z.string().min(1, 'Give the check-in.').max(20), value })
] as const;

export const talkFacilitatorCommandSchemas = [
  z.strictObject({ type: z.literal('set_chat_mode'), mode: z.enum(CHAT_MODES, { error: 'Choose open, announcements or off.' }) }),
  z.strictObject({ type: z.literal('set_reactions'), on: z.boolean({ error: 'Say true or false.' }) }),
  /** lowAt: answers at or below it alert the facilitators (null: no alert); the default is DEFAULT_LOW_AT. */
  z.strictObject({ type: z.literal('ask_thermometer'), lowAt: value.nullable().optional(), showSpread: z.boolean().optional() }),
  z.strictObject({ type: z.literal('close_thermometer') }),
  z.strictObject({ type: z.literal('show_thermometer_spread'), show: z.boolean({ error: 'Say true or false.' }) })
] as const;

type TalkCommand = z.output<(typeof talkParticipantCommandSchemas)[number] | (typeof talkFacilitatorCommandSchemas)[number]>;
export type TalkCommandType = TalkCommand['type'];

/** Applies one of the commands above to the draft (the reducer has checked the actor is in the room and may). */
export function handleTalkCommand(draft: RoomState, change: Change, command: TalkCommand, actorId: string): void {
  switch (command.type) {
    case 'answer_thermometer':
      return answerThermometer(draft, change, actorId, command.roundId, command.value);
    case 'set_chat_mode':
      draft.talk = { ...talkSettings(draft), chat: command.mode };
      return;
    case 'set_reactions':
      draft.talk = { ...talkSettings(draft), reactions: command.on };
      return;
    case 'ask_thermometer':
      return askThermometer(draft, change, actorId, command);
    case 'close_thermometer':
      return closeThermometer(draft, change);
    case 'show_thermometer_spread':
      return showThermometerSpread(draft, command.show);
  }
}
