/**
 * A group's boards as its pages show them: the group (for roles), the boards, and the facilitator's changes
 * (create, rename, lock, archive). Shared by the boards list and the board page.
 */
import type { GroupDetail } from '$lib/api/types';
import { sortBoards } from '$lib/components/board/board-list';
import type { Board, UpdateBoardInput } from '$lib/core/board/schema';
import { isFacilitating } from '$lib/core/group/rules';
import { api, failure } from '$lib/api/client';
import { requireSignedIn } from '$lib/state/session.svelte';

export class GroupBoards {
  detail = $state<GroupDetail | null>(null);
  boards = $state<Board[]>([]);
  loadError = $state<string>();

  facilitating = $derived(this.detail ? isFacilitating(this.detail.myRole) : false);
  facilitatorIds = $derived(this.detail?.members.filter((member) => isFacilitating(member.role)).map((member) => member.userId) ?? []);
  sorted = $derived(sortBoards(this.boards));

  constructor(readonly groupId: string) {}

  async load(): Promise<void> {
    const [detail, { boards }] = await Promise.all([
      api.get<GroupDetail>(`/api/groups/${this.groupId}`),
      api.get<{ boards: Board[] }>(`/api/groups/${this.groupId}/boards`)
    ]);
    this.detail = detail;
    this.boards = boards;
  }

  /** Loads for a signed-in person (or sends them to sign in), keeping a failure's words in `loadError`. */
  async open(): Promise<void> {
    this.loadError = undefined;
    if (!(await requireSignedIn())) return;
    try {
      await this.load();
    } catch (error) {
      this.loadError = failure(error).message;
    }
  }

  find(boardId: string): Board | undefined {
    return this.boards.find((board) => board.id === boardId);
  }

  async create(title: string): Promise<Board> {
    const { board } = await api.post<{ board: Board }>(`/api/groups/${this.groupId}/boards`, { title });
    this.boards = [...this.boards, board];
    return board;
  }

  async update(boardId: string, change: UpdateBoardInput): Promise<Board> {
    const { board } = await api.patch<{ board: Board }>(`/api/boards/${boardId}`, change);
    this.replace(board);
    return board;
  }

  /** Takes in a board's details fetched elsewhere (the live board re-reads them when the relay changes its mind). */
  replace(board: Board): void {
    this.boards = this.boards.some((each) => each.id === board.id)
      ? this.boards.map((each) => (each.id === board.id ? board : each))
      : [...this.boards, board];
  }
}
