/** One group as its page shows it: the group, its members, its sessions, and what the viewer may do. */
import { api } from '$lib/api/client';
import type { GroupDetail } from '$lib/api/types';
import { can, type GroupAction } from '$lib/core/group/rules';
import type { GroupSession } from '$lib/core/session/rules';

export class GroupState {
  readonly id: string;
  detail = $state<GroupDetail | null>(null);
  sessions = $state<GroupSession[]>([]);
  /** Bumped after every change, so views that show history (the audit log) reload. */
  changes = $state(0);

  upcoming = $derived(
    this.sessions
      .filter((s) => s.status !== 'ended')
      .sort((a, b) => (a.status === 'live' ? -1 : b.status === 'live' ? 1 : (a.startsAt ?? '').localeCompare(b.startsAt ?? '')))
  );
  past = $derived(this.sessions.filter((s) => s.status === 'ended').sort((a, b) => (b.endedAt ?? '').localeCompare(a.endedAt ?? '')));

  constructor(id: string) {
    this.id = id;
  }

  may(action: GroupAction): boolean {
    return this.detail ? can(this.detail.myRole, action) : false;
  }

  async load(): Promise<void> {
    const [detail, sessions] = await Promise.all([
      api.get<GroupDetail>(`/api/groups/${this.id}`),
      api.get<{ sessions: GroupSession[] }>(`/api/groups/${this.id}/sessions`)
    ]);
    this.detail = detail;
    this.sessions = sessions.sessions;
  }

  /** Reloads after a change made on the page. */
  async changed(): Promise<void> {
    await this.load();
    this.changes += 1;
  }
}
