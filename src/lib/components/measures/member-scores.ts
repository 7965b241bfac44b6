/** One member's scores and the group they belong to: what both the trends page and the member record show. */
import { api } from '$lib/api/client';
import type { GroupDetail } from '$lib/api/types';
import type { TrendView } from '$lib/api/measure-types';

export interface MemberScores {
  detail: GroupDetail;
  member: { userId: string; displayName: string };
  trends: TrendView[];
}

export async function loadMemberScores(groupId: string, userId: string): Promise<MemberScores> {
  const [detail, scores] = await Promise.all([
    api.get<GroupDetail>(`/api/groups/${groupId}`),
    api.get<{ member: MemberScores['member']; trends: TrendView[] }>(`/api/groups/${groupId}/measures/members/${userId}`)
  ]);
  return { detail, member: scores.member, trends: scores.trends };
}
