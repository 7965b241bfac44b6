import { describe, expect, it } from 'vitest';
import { FACILITATOR_COMMAND_TYPES, PARTICIPANT_COMMAND_TYPES, isFacilitatorCommand } from './commands';
import { facilitatorCommandSchemas, parseRoomCommand, participantCommandSchemas } from './command-schema';
import { SAMPLE_FACILITATOR_COMMANDS } from './testing';

function fieldsOf(value: unknown) {
  const parsed = parseRoomCommand(value);
  if (parsed.ok) throw new Error('expected the command to be refused');
  expect(parsed.error.code).toBe('validation_failed');
  return (parsed.error.details as { fields: Record<string, string> }).fields;
}

describe('parseRoomCommand', () => {
  it('accepts every well-formed command', () => {
    for (const command of Object.values(SAMPLE_FACILITATOR_COMMANDS)) expect(parseRoomCommand(command)).toEqual({ ok: true, command });
    for (const type of PARTICIPANT_COMMAND_TYPES) {
      const command = type === 'answer_thermometer' ? { type, roundId: 't1', value: 4 } : { type };
      expect(parseRoomCommand(command)).toEqual({ ok: true, command });
    }
  });

  it('splits commands into participant and facilitator ones without overlap', () => {
    expect(FACILITATOR_COMMAND_TYPES.filter((type) => (PARTICIPANT_COMMAND_TYPES as readonly string[]).includes(type))).toEqual([]);
    expect(isFacilitatorCommand({ type: 'end_session' })).toBe(true);
    expect(isFacilitatorCommand({ type: 'raise_hand' })).toBe(false);
  });

  it('lists exactly the command types the schema accepts, in its order (the browser uses the lists, the server the schema)', () => {
    expect(participantCommandSchemas.map((schema) => schema.shape.type.value)).toEqual([...PARTICIPANT_COMMAND_TYPES]);
    expect(facilitatorCommandSchemas.map((schema) => schema.shape.type.value)).toEqual([...FACILITATOR_COMMAND_TYPES]);
  });

  it('refuses anything that is not a known command', () => {
    for (const value of [null, 'raise_hand', 42, [], {}, { type: 'become_facilitator' }, { type: 'RAISE_HAND' }]) {
      expect(fieldsOf(value)).toEqual({ type: 'Unknown command.' });
    }
  });

  it('refuses extra fields a crafted command slips in', () => {
    expect(fieldsOf({ type: 'raise_hand', role: 'facilitator' })).toEqual({ role: 'This field is not part of the command.' });
    expect(fieldsOf({ type: 'add_step', step: { title: 'x', plannedMinutes: 1, tool: 'board', status: 'done' } })).toEqual({
      'step.status': 'This field is not part of the command.'
    });
  });

  it('names the fields that need attention', () => {
    expect(fieldsOf({ type: 'admit' })).toEqual({ userId: 'Give an id.' });
    expect(fieldsOf({ type: 'set_turn_length', seconds: 5 })).toEqual({ seconds: 'A turn lasts at least 15 seconds.' });
    expect(fieldsOf({ type: 'set_turn_length', seconds: 3600 })).toEqual({ seconds: 'A turn lasts at most 30 minutes.' });
    expect(fieldsOf({ type: 'move_in_queue', userId: 'ana', direction: 'sideways' })).toEqual({ direction: 'Choose up or down.' });
    expect(fieldsOf({ type: 'start_go_around', order: 'custom' })).toEqual({ customOrder: 'Give the custom order.' });
    expect(fieldsOf({ type: 'add_step', step: { title: '  ', plannedMinutes: 0.5, tool: 'party' } })).toEqual({
      'step.title': 'Give the step a title.',
      'step.plannedMinutes': 'Enter whole minutes.',
      'step.tool': 'Choose a tool: go-around, open queue, board, worksheet or break.'
    });
    expect(fieldsOf({ type: 'apply_agenda_template', template: 'yoga' })).toEqual({ template: 'Choose a template.' });
    expect(fieldsOf({ type: 'lower_hand', userId: '' })).toEqual({ userId: 'Give an id.' });
  });

  it('trims step titles', () => {
    const parsed = parseRoomCommand({ type: 'update_step', stepId: 's1', title: '  Check-in  ' });
    expect(parsed).toEqual({ ok: true, command: { type: 'update_step', stepId: 's1', title: 'Check-in' } });
  });
});

describe('link_step', () => {
  it('accepts links and unlinks, and refuses a link that is not an id', () => {
    expect(parseRoomCommand({ type: 'link_step', stepId: 's1', boardId: null }).ok).toBe(true);
    expect(fieldsOf({ type: 'link_step', stepId: 's1', worksheetId: 42 })).toEqual({ worksheetId: 'Give an id.' });
    expect(fieldsOf({ type: 'link_step', worksheetId: 'ws-1' })).toEqual({ stepId: 'Give an id.' });
  });
});
