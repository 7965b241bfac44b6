/** Built-in CBT worksheets. Structure after common practice; every word is our own. */
import { builtin, checklist, choices, column, date, list, longText, rating, SCALES, section, shortText, table, time } from './build';

const moodsTable = (id: string, label: string, help: string) =>
  table(
    id,
    label,
    [column.shortText('mood', 'Mood', 60), column.rating('intensity', 'How strong (0-100)', SCALES.intensity100)],
    { required: true, maxRows: 8, help }
  );

export const thoughtRecord = builtin({
  id: 'thought-record',
  title: 'Thought record',
  modality: 'cbt',
  instructions:
    'Pick one moment this week when your mood changed. Slow it down: what happened, what you felt, what went through ' +
    'your mind. Then weigh the thought like a fair judge would, and see whether a more balanced view changes how you feel.',
  sections: [
    section('situation', 'The situation', [
      longText('situation', 'What was happening?', { required: true, help: 'Where were you, who was there, what happened just before?' }),
      date('when', 'When was it?')
    ]),
    section('moods', 'Moods', [moodsTable('moods', 'Moods I felt', 'One word per mood, and how strong it was.')]),
    section('thoughts', 'Automatic thoughts', [
      list('automatic_thoughts', 'Thoughts that went through my mind', {
        required: true,
        help: 'Mark the "hot" thought: the one that carries the most feeling.',
        mark: { label: 'Hot thought', max: 1 }
      })
    ]),
    section('evidence', 'Weighing the hot thought', [
      list('evidence_for', 'Facts that support the hot thought', { required: true }),
      list('evidence_against', 'Facts that do not fit the hot thought', { required: true })
    ]),
    section('balanced', 'A balanced view', [
      longText('balanced_thought', 'A more balanced thought', { required: true, help: 'One that takes all the facts into account.' }),
      rating('balanced_belief', 'How much I believe the balanced thought', SCALES.belief100, { required: true })
    ]),
    section('moods_after', 'Moods now', [moodsTable('moods_after', 'The same moods, rated again', 'Rate each mood again, now.')])
  ]
});

/** Ten common thinking traps, described in our own words. */
export const THINKING_TRAPS = choices([
  ['all_or_nothing', 'All-or-nothing', 'Seeing things as total success or total failure, with nothing in between.'],
  ['catastrophising', 'Expecting disaster', 'Jumping to the worst possible outcome and treating it as likely.'],
  ['mind_reading', 'Mind reading', 'Being sure you know what others think of you, without asking.'],
  ['fortune_telling', 'Fortune telling', 'Predicting how things will turn out as if the future were already known.'],
  ['overgeneralising', 'Overgeneralising', 'Taking one event as proof that it will always or never happen.'],
  ['mental_filter', 'Mental filter', 'Noticing only what went wrong and letting the rest fade out.'],
  ['discounting_positive', 'Discounting the good', 'Telling yourself that what went well does not count.'],
  ['should_statements', '"Should" rules', 'Holding yourself or others to rigid rules of should, must and ought.'],
  ['labelling', 'Labelling', 'Summing up a whole person, often yourself, with one harsh word.'],
  ['emotional_reasoning', 'Feelings as facts', 'Believing something is true because it feels true.']
]);

export const thinkingTraps = builtin({
  id: 'thinking-traps',
  title: 'Thinking traps',
  modality: 'cbt',
  instructions:
    'Minds take shortcuts, especially under stress. Read through the traps below and tick the ones you noticed in ' +
    'yourself this week. Naming a trap is often the first step out of it.',
  sections: [
    section('thought', 'The thought', [longText('thought', 'A thought that bothered me', { required: true })]),
    section('traps', 'Traps I noticed', [checklist('traps_noticed', 'Thinking traps in this thought', THINKING_TRAPS, { required: true })]),
    section('other_view', 'Another way to see it', [longText('other_view', 'What I would say to a friend who had this thought')])
  ]
});

export const abcde = builtin({
  id: 'abcde',
  title: 'ABCDE',
  modality: 'cbt',
  instructions:
    'Work through the letters in order: the Activating event, your Beliefs about it, the Consequences, then Dispute ' +
    'the beliefs and find a more Effective way of seeing things. The last two are optional if you are just starting (ABC).',
  sections: [
    section('a', 'A: Activating event', [longText('activating_event', 'What happened?', { required: true, help: 'Describe it as a camera would.' })]),
    section('b', 'B: Beliefs', [list('beliefs', 'What I told myself about it', { required: true })]),
    section('c', 'C: Consequences', [
      shortText('feelings', 'What I felt', { required: true }),
      rating('feeling_strength', 'How strong the feeling was', SCALES.intensity100),
      longText('actions', 'What I did, or felt like doing')
    ]),
    section('d', 'D: Disputing', [
      list('disputes', 'Questions that test the beliefs', { help: 'Is it fully true? Is it helpful? What would I tell a friend?' })
    ]),
    section('e', 'E: Effective new view', [
      longText('effective_belief', 'A more helpful way to see it'),
      rating('feeling_after', 'How strong the feeling is now', SCALES.intensity100)
    ])
  ]
});

export const activityMoodMonitoring = builtin({
  id: 'activity-mood-monitoring',
  title: 'Activity and mood monitoring',
  modality: 'cbt',
  instructions:
    'Write down what you do across the day and rate your mood, how much of an achievement it was, and how much you ' +
    'enjoyed it. After a few days, look for patterns: which activities lift your mood, and which drain it?',
  sections: [
    section('log', 'What I did', [
      table(
        'activities',
        'Activities',
        [
          column.date('day', 'Day'),
          column.time('at', 'Time'),
          column.shortText('activity', 'What I did'),
          column.rating('mood', 'Mood (0-10)', SCALES.mood10),
          column.rating('achievement', 'Achievement (0-10)', SCALES.amount10),
          column.rating('enjoyment', 'Enjoyment (0-10)', SCALES.amount10)
        ],
        { required: true, maxRows: 80 }
      )
    ]),
    section('review', 'Looking back', [
      longText('patterns', 'What I notice about my activities and my mood'),
      list('planned', 'Activities I will plan for next week', { maxItems: 10 })
    ])
  ]
});

export const exposureLadder = builtin({
  id: 'exposure-ladder',
  title: 'Exposure ladder',
  modality: 'cbt',
  instructions:
    'List situations you avoid because of fear or anxiety, from mildly to very difficult, and rate how distressing ' +
    'each would be. The ladder sorts itself with the hardest step at the top. You climb it one step at a time.',
  sections: [
    section('goal', 'Where I want to get to', [longText('goal', 'What I would do if fear were not in the way', { required: true })]),
    section('steps', 'The ladder', [
      table(
        'steps',
        'Steps of the ladder',
        [column.shortText('situation', 'Situation'), column.rating('distress', 'Expected distress (0-100)', SCALES.distress100)],
        { required: true, maxRows: 15, sortBy: { columnId: 'distress', direction: 'desc' } }
      ),
      shortText('first_step', 'The step I will start with')
    ])
  ]
});

export const exposurePracticeLog = builtin({
  id: 'exposure-practice-log',
  title: 'Exposure practice log',
  modality: 'cbt',
  instructions:
    'Fill this in each time you practise a step of your ladder. Stay with the situation long enough to learn ' +
    'something new about it, and notice what happened compared with what you feared.',
  sections: [
    section('plan', 'The practice', [
      date('practice_date', 'Date', { required: true }),
      time('start_time', 'Start time'),
      longText('situation', 'What I practised', { required: true }),
      longText('feared', 'What I feared would happen')
    ]),
    section('distress', 'Distress', [
      rating('distress_before', 'Distress before', SCALES.distress100, { required: true }),
      rating('distress_peak', 'Distress at its highest', SCALES.distress100),
      rating('distress_after', 'Distress at the end', SCALES.distress100, { required: true })
    ]),
    section('learning', 'What I learned', [
      longText('what_happened', 'What actually happened', { required: true }),
      list('safety_behaviours', 'Safety behaviours I used or dropped', { maxItems: 10 }),
      longText('learned', 'What I learned')
    ])
  ]
});

export const problemSolving = builtin({
  id: 'problem-solving',
  title: 'Problem solving',
  modality: 'cbt',
  instructions:
    'Take one problem at a time. Describe it clearly, list as many options as you can without judging them, then weigh ' +
    'them, pick one, and break it into small steps. Come back afterwards and see how it went.',
  sections: [
    section('problem', 'The problem', [
      longText('problem', 'What is the problem, as specifically as I can put it?', { required: true }),
      shortText('goal', 'What I would like to be different', { required: true })
    ]),
    section('options', 'Options', [
      table(
        'options',
        'Possible solutions',
        [
          column.shortText('option', 'Option'),
          column.longText('pros', 'For'),
          column.longText('cons', 'Against'),
          column.rating('workable', 'How workable (0-10)', SCALES.amount10)
        ],
        { required: true, maxRows: 12, sortBy: { columnId: 'workable', direction: 'desc' } }
      )
    ]),
    section('plan', 'The plan', [
      shortText('chosen', 'The option I will try', { required: true }),
      list('steps', 'Steps to carry it out', { required: true, maxItems: 12 }),
      date('review_on', 'When I will look back at it')
    ]),
    section('review', 'How it went', [longText('review', 'What happened, and what I would do next')])
  ]
});

export const CBT_TEMPLATES = [
  thoughtRecord,
  thinkingTraps,
  abcde,
  activityMoodMonitoring,
  exposureLadder,
  exposurePracticeLog,
  problemSolving
];
