/** What a facilitator did after a risk alert; recording any of it closes the alert. No zod here: the room shows these. */
export const FOLLOW_UP_ACTIONS = ['contacted', 'safety_plan_reviewed', 'escalated'] as const;
export type FollowUpAction = (typeof FOLLOW_UP_ACTIONS)[number];
export const FOLLOW_UP_LABELS: Record<FollowUpAction, string> = {
  contacted: 'Contacted the member',
  safety_plan_reviewed: 'Reviewed the safety plan',
  escalated: 'Escalated (emergency services or clinical lead)'
};
