/**
 * A filled-in example for every built-in template (made-up people, our own words): shown as a preview in the template
 * picker, and checked in tests against its template so that every built-in can be filled in and exported.
 */
import type { CellValue, ListEntry, TableRow, WorksheetValues } from '../values';

const entries = (...texts: string[]): ListEntry[] =>
  texts.map((text, i) => ({ id: `e${i + 1}`, text, authorId: null, marked: false }));
const rows = (...cells: Record<string, CellValue>[]): TableRow[] =>
  cells.map((c, i) => ({ id: `r${i + 1}`, authorId: null, cells: c }));

export const BUILTIN_EXAMPLES: Record<string, WorksheetValues> = {
  'thought-record': {
    situation: 'Sent a message to a friend in the morning; no reply by evening.',
    when: '2025-03-04',
    moods: rows({ mood: 'Anxious', intensity: 70 }, { mood: 'Sad', intensity: 50 }),
    automatic_thoughts: [
      { id: 'e1', text: 'She is annoyed with me.', authorId: null, marked: true },
      { id: 'e2', text: 'I always say the wrong thing.', authorId: null, marked: false }
    ],
    evidence_for: entries('She usually replies within an hour.'),
    evidence_against: entries('She said she had a busy week.', 'We had a good time on Sunday.'),
    balanced_thought: 'She is probably busy; a slow reply does not tell me how she feels about me.',
    balanced_belief: 65,
    moods_after: rows({ mood: 'Anxious', intensity: 35 }, { mood: 'Sad', intensity: 30 })
  },
  'thinking-traps': {
    thought: 'I messed up the presentation, so I am bad at my job.',
    traps_noticed: ['all_or_nothing', 'mental_filter', 'labelling'],
    other_view: 'One part went badly; most of it was fine and people asked good questions.'
  },
  abcde: {
    activating_event: 'My manager asked to see me tomorrow.',
    beliefs: entries('I am going to be told off.'),
    feelings: 'Worried',
    feeling_strength: 80,
    actions: 'Could not sleep, kept checking my emails.',
    disputes: entries('Has a meeting like this ever been good news?'),
    effective_belief: 'I do not know what it is about yet; it may be routine.',
    feeling_after: 40
  },
  'activity-mood-monitoring': {
    activities: rows(
      { day: '2025-03-03', at: '08:00', activity: 'Walk to the park', mood: 6, achievement: 4, enjoyment: 7 },
      { day: '2025-03-03', at: '14:30', activity: 'Stayed in bed', mood: 2, achievement: 0, enjoyment: 1 }
    ),
    patterns: 'Mood is better on days I go outside in the morning.',
    planned: entries('Morning walk on Tuesday', 'Call my brother')
  },
  'exposure-ladder': {
    goal: 'Take the bus to work on my own.',
    steps: rows(
      { situation: 'Stand at the bus stop for 5 minutes', distress: 30 },
      { situation: 'Ride the bus for one stop with a friend', distress: 55 },
      { situation: 'Ride the whole way alone at rush hour', distress: 90 }
    ),
    first_step: 'Stand at the bus stop for 5 minutes'
  },
  'exposure-practice-log': {
    practice_date: '2025-03-05',
    start_time: '09:15',
    situation: 'Rode the bus one stop with a friend.',
    feared: 'That I would panic and have to get off.',
    distress_before: 60,
    distress_peak: 70,
    distress_after: 25,
    what_happened: 'I felt shaky at first, then it eased off before we got off.',
    safety_behaviours: entries('Held my phone the whole time'),
    learned: 'The anxiety came down on its own.'
  },
  'problem-solving': {
    problem: 'I keep missing appointments because I forget them.',
    goal: 'Make every appointment this month.',
    options: rows(
      { option: 'Phone reminders', pros: 'Easy', cons: 'I ignore them sometimes', workable: 8 },
      { option: 'Paper calendar on the fridge', pros: 'I see it daily', cons: 'Need to buy one', workable: 6 }
    ),
    chosen: 'Phone reminders, set the evening before and an hour before',
    steps: entries('Add all appointments tonight', 'Set two reminders for each'),
    review_on: '2025-04-01',
    review: 'Made three out of three so far.'
  },
  'dbt-diary-card': {
    week_start: '2025-03-03',
    targets: entries('Skipping meals when upset'),
    days: rows(
      { day: '2025-03-03', urge_harm: 0, urge_use: 2, urge_quit: 1, sadness: 3, fear: 2, anger: 1, shame: 2, joy: 1, skills: 5 },
      { day: '2025-03-04', urge_harm: 1, urge_use: 0, urge_quit: 0, sadness: 2, fear: 1, anger: 0, shame: 1, joy: 3, skills: 7 }
    ),
    target_log: rows({ day: '2025-03-03', behaviour: 'Skipped lunch', notes: 'After a hard phone call' }),
    skill_modules: ['mindfulness', 'distress_tolerance']
  },
  'chain-analysis': {
    problem_behaviour: 'Shouted at my sister and left the house.',
    prompting_event: 'She said I never help with our mother.',
    vulnerabilities: entries('Slept four hours', 'Skipped dinner'),
    links: rows(
      { type: 'thought', what: 'She does not see anything I do.' },
      { type: 'feeling', what: 'Anger, hot face' },
      { type: 'action', what: 'Raised my voice' }
    ),
    consequences: 'Felt relief, then guilt all evening; we did not speak for two days.',
    solutions: entries('Notice the hot face and take a break', 'Eat before visiting'),
    repair: 'Apologise for shouting and ask to talk about sharing the care.'
  },
  'dear-man': {
    objective: 'Ask my flatmate to keep the kitchen clear in the evenings.',
    relationship_goal: 'Still on good terms',
    self_respect_goal: 'That I asked clearly and kindly',
    describe: 'The last three evenings the sink was full when I came home.',
    express: 'I feel stressed when I cannot cook after work.',
    assert: 'Could you wash up before 7 on weekdays?',
    reinforce: 'It would make sharing dinner easier for both of us.',
    negotiate: 'I could take the weekends.',
    satisfaction: 7
  },
  'check-the-facts': {
    emotion: 'Fear',
    intensity_before: 80,
    prompting_event: 'My doctor asked me to come back for another test.',
    interpretations: entries('Something serious is wrong.'),
    other_readings: entries('The first result was unclear.', 'It is routine.'),
    threat: 'Bad news. Possible, but more often these tests are to be sure.',
    fits_facts: 'partly',
    intensity_after: 50
  },
  'opposite-action': {
    emotion: 'Shame',
    intensity_before: 70,
    urge: 'Hide and cancel plans with friends.',
    fits_facts: 'no',
    opposite: 'Go to the dinner, sit up straight, join the conversation.',
    practised_on: '2025-03-07',
    what_happened: 'Awkward for ten minutes, then I enjoyed it.',
    intensity_after: 30
  },
  'safety-plan': {
    warning_signs: entries('Not answering my phone', 'Thinking nobody would notice if I was gone'),
    coping_alone: entries('Cold water on my face', 'Walk round the block', 'Music playlist'),
    distraction_places: entries('The library'),
    distraction_people: rows({ name: 'Sam', contact: 'In my phone' }),
    help_people: rows({ name: 'My sister', contact: 'In my phone' }),
    professionals: rows({ name: 'My GP surgery', contact: 'Front desk', when: 'Weekdays 8-6' }),
    crisis_line: 'The local crisis line, any time',
    safe_space: entries('Ask my sister to keep my medication'),
    reasons: entries('My cat', 'Seeing my niece grow up')
  },
  'session-check-in': { mood: 6, one_word: 'Tired', share: 'maybe' },
  'session-check-out': { mood: 7, one_word: 'Lighter', taking_away: 'I am not the only one who feels this way.' }
};
