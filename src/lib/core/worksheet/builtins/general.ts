/** Built-in worksheets for any group: a personal safety plan and the session check-in and check-out. */
import { builtin, choices, column, list, longText, rating, SCALES, section, shortText, singleChoice, table } from './build';

const contacts = (id: string, label: string, extra: ReturnType<typeof column.shortText>[] = []) =>
  table(id, label, [column.shortText('name', 'Name'), column.shortText('contact', 'Phone or how to reach them', 80), ...extra], {
    maxRows: 8
  });

export const safetyPlan = builtin({
  id: 'safety-plan',
  title: 'My safety plan',
  modality: 'general',
  instructions:
    'A plan you write in a calm moment, to use when things get hard. Work down the steps: you can stop at any step ' +
    'that helps. Keep it somewhere you can find it quickly. If you are in immediate danger, call your local ' +
    'emergency number now.',
  sections: [
    section('warning_signs', '1. Warning signs', [
      list('warning_signs', 'Thoughts, feelings, situations or behaviours that tell me a crisis may be building', { required: true })
    ]),
    section('coping_alone', '2. Coping on my own', [list('coping_alone', 'Things I can do by myself to feel calmer or get through it', { required: true })]),
    section('distraction', '3. People and places that take my mind off things', [
      list('distraction_places', 'Places I can go'),
      contacts('distraction_people', 'People I can be with')
    ]),
    section('help_people', '4. People I can ask for help', [contacts('help_people', 'People I can tell that I am struggling')]),
    section('professionals', '5. Professionals and crisis lines', [
      contacts('professionals', 'Professionals and services I can contact', [column.shortText('when', 'When they are available', 80)]),
      shortText('crisis_line', 'A crisis line I can call or text any time', { required: true })
    ]),
    section('safe_space', '6. Making my space safer', [list('safe_space', 'Steps that make my surroundings safer', { required: true })]),
    section('reasons', 'What matters to me', [list('reasons', 'Reasons to keep going, and people or things I care about')])
  ]
});

const mood = () => rating('mood', 'My mood right now', SCALES.mood10, { required: true });
const oneWord = (label: string) => shortText('one_word', label, { required: true, maxLength: 30 });

export const sessionCheckIn = builtin({
  id: 'session-check-in',
  title: 'Check-in',
  modality: 'general',
  instructions: 'A quick start to the session. There are no wrong answers, and you can keep it short.',
  sections: [
    section('check_in', 'How I am arriving', [
      mood(),
      oneWord('One word for how I am'),
      longText('on_my_mind', 'Anything on my mind I would like the group to know', { maxLength: 1000 }),
      singleChoice(
        'share',
        'Would I like time to talk today?',
        choices([
          ['yes', 'Yes'],
          ['maybe', 'Maybe'],
          ['not_today', 'Not today']
        ])
      )
    ])
  ]
});

export const sessionCheckOut = builtin({
  id: 'session-check-out',
  title: 'Check-out',
  modality: 'general',
  instructions: 'A moment to close the session and notice where you are now.',
  sections: [
    section('check_out', 'How I am leaving', [
      mood(),
      oneWord('One word for how I am leaving'),
      longText('taking_away', 'One thing I take away from today', { maxLength: 1000 }),
      shortText('practice', 'One thing I will practise this week')
    ])
  ]
});

export const GENERAL_TEMPLATES = [safetyPlan, sessionCheckIn, sessionCheckOut];
