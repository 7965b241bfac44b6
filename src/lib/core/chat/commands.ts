/**
 * The room commands of chat, reactions and the thermometer check-in (spread into room/commands.ts, applied by the
 * room's reducer through handleTalkCommand). Chat messages and reactions themselves are not room commands: they go
 * through server/chat, which reads the room's settings but does not change the room state.
 */
import type { z } from 'zod';
import type { talkFacilitatorCommandSchemas, talkParticipantCommandSchemas } from './schemas';
import type { Change } from '../room/change';
import type { RoomState } from '../room/state';
import { talkSettings } from './rules';
import { answerThermometer, askThermometer, closeThermometer, showThermometerSpread } from './thermometer';

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
