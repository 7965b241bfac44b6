/** Built-in DBT worksheets. Structure after common practice; every word is our own. */
import { builtin, checklist, choices, column, date, list, longText, rating, SCALES, section, shortText, singleChoice, table } from './build';

export const dbtDiaryCard = builtin({
  id: 'dbt-diary-card',
  title: 'DBT diary card',
  modality: 'dbt',
  instructions:
    'Fill in one row each day, ideally at the same time. Rate your urges and emotions from 0 to 5 and how you used ' +
    'your skills from 0 to 7. Be honest: the card is a tool for you and your group, not a test.',
  sections: [
    section('week', 'This week', [
      date('week_start', 'The week starting', { required: true }),
      list('targets', 'Behaviours I am working to reduce', { required: true, maxItems: 6 })
    ]),
    section('days', 'Day by day', [
      table(
        'days',
        'Urges, emotions and skills',
        [
          column.date('day', 'Day'),
          column.rating('urge_harm', 'Urge to hurt myself (0-5)', SCALES.urge5),
          column.rating('urge_use', 'Urge to use alcohol or drugs (0-5)', SCALES.urge5),
          column.rating('urge_quit', 'Urge to give up on therapy (0-5)', SCALES.urge5),
          column.rating('sadness', 'Sadness (0-5)', SCALES.emotion5),
          column.rating('fear', 'Fear (0-5)', SCALES.emotion5),
          column.rating('anger', 'Anger (0-5)', SCALES.emotion5),
          column.rating('shame', 'Shame (0-5)', SCALES.emotion5),
          column.rating('joy', 'Joy (0-5)', SCALES.emotion5),
          column.rating('skills', 'Skills used (0-7)', SCALES.skills7)
        ],
        { required: true, maxRows: 7 }
      )
    ]),
    section('behaviours', 'Target behaviours', [
      table(
        'target_log',
        'When a target behaviour happened',
        [column.date('day', 'Day'), column.shortText('behaviour', 'Behaviour'), column.longText('notes', 'What was going on')],
        { maxRows: 30 }
      ),
      checklist(
        'skill_modules',
        'Skills I practised',
        choices([
          ['mindfulness', 'Mindfulness'],
          ['distress_tolerance', 'Getting through a crisis (distress tolerance)'],
          ['emotion_regulation', 'Working with emotions (emotion regulation)'],
          ['interpersonal', 'Asking and saying no (interpersonal effectiveness)']
        ])
      )
    ])
  ]
});

export const chainAnalysis = builtin({
  id: 'chain-analysis',
  title: 'Chain analysis',
  modality: 'dbt',
  instructions:
    'Choose one time a problem behaviour happened and trace it link by link, like frames of a film: what came ' +
    'before, each thought, feeling, body sensation and action along the way, and what followed. Then find the links ' +
    'where a skill could break the chain next time.',
  sections: [
    section('behaviour', 'The behaviour', [
      longText('problem_behaviour', 'What I did, exactly', { required: true }),
      longText('prompting_event', 'What set it off', { required: true, help: 'The event just before the chain began.' }),
      list('vulnerabilities', 'What left me more vulnerable', { help: 'For example poor sleep, hunger, illness, stress, alcohol.' })
    ]),
    section('chain', 'The links', [
      table(
        'links',
        'Links in the chain, in order',
        [
          column.choice(
            'type',
            'Kind of link',
            choices([
              ['event', 'Event'],
              ['thought', 'Thought'],
              ['feeling', 'Feeling'],
              ['sensation', 'Body sensation'],
              ['action', 'Action']
            ])
          ),
          column.longText('what', 'What happened', 500)
        ],
        { required: true, maxRows: 25 }
      )
    ]),
    section('after', 'What followed', [
      longText('consequences', 'What happened afterwards, soon and later', { required: true }),
      list('solutions', 'Where a skill could break the chain next time', { required: true }),
      longText('repair', 'How I can repair any harm done')
    ])
  ]
});

export const dearMan = builtin({
  id: 'dear-man',
  title: 'DEAR MAN script',
  modality: 'dbt',
  instructions:
    'Plan a conversation where you ask for something or say no. Write a line for each letter, then practise it out ' +
    'loud. Keep it short: a few sentences is enough.',
  sections: [
    section('goals', 'What I want', [
      shortText('objective', 'What I want from this conversation', { required: true }),
      shortText('relationship_goal', 'How I want the other person to feel about me afterwards'),
      shortText('self_respect_goal', 'How I want to feel about myself afterwards')
    ]),
    section('script', 'The script', [
      longText('describe', 'Describe: the facts of the situation, without judging', { required: true, maxLength: 1000 }),
      longText('express', 'Express: how I feel or what I think about it', { required: true, maxLength: 1000 }),
      longText('assert', 'Assert: what I am asking for, or refusing, said plainly', { required: true, maxLength: 1000 }),
      longText('reinforce', 'Reinforce: why it is good for them too', { required: true, maxLength: 1000 }),
      longText('mindful', 'Mindful: how I will stay on my point if I am side-tracked', { maxLength: 1000 }),
      longText('appear_confident', 'Appear confident: my voice, posture and eye contact', { maxLength: 1000 }),
      longText('negotiate', 'Negotiate: what I could offer or accept instead', { maxLength: 1000 })
    ]),
    section('afterwards', 'Afterwards', [
      longText('how_it_went', 'How the conversation went'),
      rating('satisfaction', 'How satisfied I am with how I handled it', SCALES.amount10)
    ])
  ]
});

/** The emotion worked on, and how strong it is before the skill. */
const emotionNow = (label: string) => [
  shortText('emotion', label, { required: true, maxLength: 60 }),
  rating('intensity_before', 'How strong it is', SCALES.intensity100, { required: true })
];

export const checkTheFacts = builtin({
  id: 'check-the-facts',
  title: 'Check the facts',
  modality: 'dbt',
  instructions:
    'Emotions respond to what we believe is happening. Separate what you observed from how you read it, and see ' +
    'whether the emotion and its strength fit the facts.',
  sections: [
    section('emotion', 'The emotion', emotionNow('The emotion I want to check')),
    section('facts', 'Facts and interpretations', [
      longText('prompting_event', 'What happened, only what I could observe', { required: true }),
      list('interpretations', 'How I am reading it', { required: true }),
      list('other_readings', 'Other ways it could be read'),
      longText('threat', 'What I fear will happen, and how likely it really is')
    ]),
    section('verdict', 'Does it fit?', [
      singleChoice(
        'fits_facts',
        'Does the emotion, at this strength, fit the facts?',
        choices([
          ['yes', 'Yes'],
          ['partly', 'Partly'],
          ['no', 'No']
        ]),
        { required: true }
      ),
      rating('intensity_after', 'How strong it is now', SCALES.intensity100)
    ])
  ]
});

export const oppositeAction = builtin({
  id: 'opposite-action',
  title: 'Opposite action',
  modality: 'dbt',
  instructions:
    'When an emotion does not fit the facts, or acting on it does not help, doing the opposite of its urge, fully ' +
    'and more than once, can change the emotion itself.',
  sections: [
    section('emotion', 'The emotion and its urge', [
      ...emotionNow('The emotion'),
      longText('urge', 'What the emotion pushes me to do', { required: true })
    ]),
    section('check', 'Checking', [
      singleChoice(
        'fits_facts',
        'Does the emotion fit the facts?',
        choices([
          ['yes', 'Yes'],
          ['no', 'No'],
          ['unsure', 'Not sure']
        ])
      ),
      longText('opposite', 'The opposite action, all the way: words, posture, thoughts', { required: true })
    ]),
    section('practice', 'Practice', [
      date('practised_on', 'When I did it'),
      longText('what_happened', 'What happened'),
      rating('intensity_after', 'How strong the emotion is now', SCALES.intensity100)
    ])
  ]
});

export const DBT_TEMPLATES = [dbtDiaryCard, chainAnalysis, dearMan, checkTheFacts, oppositeAction];
