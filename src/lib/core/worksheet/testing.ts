/** A small template with one field of every kind, for tests of values, documents and exports. */
import { builtin, checklist, choices, column, date, list, longText, multipleChoice, rating, section, shortText, singleChoice, table, time } from './builtins/build';
import type { Template } from './template';

export const everyKind: Template = builtin({
  id: 'every-kind',
  title: 'Every kind',
  modality: 'general',
  instructions: '',
  sections: [
    section('words', 'Words', [
      shortText('name_it', 'One word', { required: true, maxLength: 10 }),
      longText('story', 'What happened', { maxLength: 50 }),
      list('thoughts', 'Thoughts', { required: true, maxItems: 3, mark: { label: 'Hot thought', max: 1 } })
    ]),
    section('numbers', 'Numbers and choices', [
      rating('belief', 'Belief', { min: 0, max: 100, anchors: [{ value: 50, label: 'Half' }] }, { required: true }),
      singleChoice('fits', 'Fits the facts', choices([['yes', 'Yes'], ['no', 'No']])),
      multipleChoice('feelings', 'Feelings', choices([['sad', 'Sad'], ['angry', 'Angry'], ['calm', 'Calm']]), { maxSelected: 2 }),
      checklist('traps', 'Traps', choices([['mind_reading', 'Mind reading'], ['labelling', 'Labelling']]))
    ]),
    section('when', 'When', [date('day', 'Day'), time('at', 'Time')]),
    section('ladder', 'Ladder', [
      table(
        'steps',
        'Steps',
        [
          column.shortText('situation', 'Situation', 40),
          column.rating('distress', 'Distress', { min: 0, max: 100, anchors: [] }),
          column.choice('kind', 'Kind', choices([['alone', 'Alone'], ['with_someone', 'With someone']])),
          column.checkbox('done', 'Done'),
          column.date('on', 'On')
        ],
        { maxRows: 3, sortBy: { columnId: 'distress', direction: 'desc' } }
      )
    ])
  ]
});
