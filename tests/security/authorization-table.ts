/**
 * The authorization decisions, one per HTTP route, by class (tests/security/authorization-matrix.test.ts asserts
 * them; scripts/authorization-matrix.ts prints them as the table in docs/threat-model.md). The sockets and streams
 * have theirs in channel-table.ts.
 *
 * The roles, during a live session of the group: anonymous, outsider (signed in, not in the group), participant (let
 * into the room), co-facilitator, facilitator (lead), removed from the group, removed from the live session, waiting
 * (checked in, never let in) and sent back (let in, then sent back to the waiting room).
 */
export const ROLES = [
  'anonymous',
  'outsider',
  'participant',
  'co_facilitator',
  'facilitator',
  'removed_from_group',
  'removed_from_session',
  'waiting',
  'sent_back'
] as const;
export type Role = (typeof ROLES)[number];
export type Answer = 'allowed' | 401 | 403 | 404;
export type Decision = Record<Role, Answer>;

const A = 'allowed' as const;
/** A decision by role, in ROLES' order; waiting and sent back answer as the participant unless given. */
export const row = (a: Answer, o: Answer, p: Answer, c: Answer, f: Answer, rg: Answer, rs: Answer, w: Answer = p, sb: Answer = p): Decision => ({
  anonymous: a,
  outsider: o,
  participant: p,
  co_facilitator: c,
  facilitator: f,
  removed_from_group: rg,
  removed_from_session: rs,
  waiting: w,
  sent_back: sb
});

/** The classes of decision, by role (ROLES' order). */
export const CLASSES = {
  public: row(A, A, A, A, A, A, A),
  signed_in: row(401, A, A, A, A, A, A),
  member: row(401, 404, A, A, A, 404, A),
  /**
   * The content of a board or worksheet linked to the live session (the fixture's are): only for people in its room.
   * A participant removed from the session reads none of the group's documents; waiting and sent back, none of the
   * linked ones (403 with a reason, the relay's rule). After the session: LINKED_AFTER_SESSION.
   */
  linked_content: row(401, 404, A, A, A, 404, 403, 403, 403),
  facilitating: row(401, 404, 403, A, A, 404, 403),
  lead: row(401, 404, 403, 403, A, 404, 403),
  /** Media: participants only while the room lets them in; facilitators lead the room. */
  in_room: row(401, 404, A, A, A, 404, 403, 403, 403),
  /** Nobody: a route that only tells how to do it instead (peer ids come from POST /api/sessions/:id/media/peer). */
  nobody: row(403, 403, 403, 403, 403, 403, 403, 403, 403),
  /** An invite link: any signed-in person, except someone the group removed (finding 1). */
  invite: row(401, A, A, A, A, 403, A),
  /** The person's own notes: every signed-in person has their own. */
  own: row(401, A, A, A, A, A, A),
  /** Making templates: people who facilitate some group. */
  facilitator_anywhere: row(401, 403, 403, A, A, 403, 403),
  /** Editing a template: only its owner (the facilitator made it); everyone else is told it is not theirs. */
  template_owner: row(401, 404, 404, 404, A, 404, 404),
  /** A calendar feed opens by the secret in its file name alone (no cookie); a wrong one is 404 for everyone. */
  feed_secret: row(404, 404, 404, 404, 404, 404, 404),
  /**
   * Operators' figures: only with METRICS_TOKEN as a bearer token, never by a sign-in (the matrix's server has a token
   * set, so a cookie alone is 401 for everyone; without a token set the route is off, 404: tests/relay/persistence).
   */
  operator_token: row(401, 401, 401, 401, 401, 401, 401, 401, 401),
  /**
   * Answering a measure: the participant it is scheduled for (facilitators do not answer, 403). The fixture has no
   * open schedule, so members read 404 for the made-up schedule id; the refusals of everyone else are asserted.
   */
  respondent: row(401, 404, 404, 403, 403, 404, 404),
  /**
   * One group note: facilitating only. The fixture has no group note (they are sealed in the browser), so the
   * facilitators read 404 for the made-up id; everyone else is refused before the note is looked up.
   */
  group_note: row(401, 404, 403, 404, 404, 404, 403)
} satisfies Record<string, Decision>;
export type ClassName = keyof typeof CLASSES;

/** The linked_content routes once the session has ended: every member reads again (the removed from the group do not). */
export const LINKED_AFTER_SESSION: Decision = row(401, 404, A, A, A, 404, A, A, A);

/** Every route's decision. A route missing here fails the first test. */
export const DECISIONS: Record<string, ClassName> = {
  'GET /healthz': 'public',
  // Prometheus figures (counts and timings, no names or contents); keep it off the public side in deployment.
  'GET /metrics': 'operator_token',
  'GET /peerjs/peerjs/id': 'nobody',
  'POST /api/auth/signup': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/me': 'signed_in',
  'PATCH /api/me': 'signed_in',
  'POST /api/me/password/check': 'signed_in',
  'POST /api/me/password': 'signed_in',
  'POST /api/auth/second-factor': 'signed_in',
  'GET /api/me/second-factor': 'signed_in',
  'POST /api/me/second-factor/setup': 'signed_in',
  'POST /api/me/second-factor/confirm': 'signed_in',
  'POST /api/me/second-factor/remove': 'signed_in',
  'POST /api/groups': 'signed_in',
  'GET /api/groups': 'signed_in',
  'GET /api/groups/:id': 'member',
  'PATCH /api/groups/:id': 'facilitating',
  'POST /api/groups/:id/agreement/accept': 'member',
  'PATCH /api/groups/:id/members/:userId': 'lead',
  'DELETE /api/groups/:id/members/:userId': 'facilitating',
  'GET /api/groups/:id/removed': 'facilitating',
  'POST /api/groups/:id/removed/:userId/allow': 'facilitating',
  'GET /api/groups/:id/audit/verify': 'facilitating',
  'GET /api/groups/:id/audit': 'facilitating',
  'POST /api/groups/:id/invites': 'facilitating',
  'GET /api/groups/:id/invites': 'facilitating',
  'DELETE /api/groups/:id/invites/:inviteId': 'facilitating',
  'GET /api/invites/:token': 'invite',
  // The removal refusal of an accept needs a valid body: tests/security/rejoin.test.ts.
  'POST /api/invites/:token/accept': 'signed_in',
  'POST /api/groups/:id/sessions': 'facilitating',
  'GET /api/groups/:id/sessions': 'member',
  'GET /api/me/sessions': 'signed_in',
  'GET /api/sessions/:id': 'member',
  'PATCH /api/sessions/:id': 'facilitating',
  'POST /api/sessions/:id/start': 'facilitating',
  'POST /api/sessions/:id/end': 'facilitating',
  'POST /api/groups/:id/boards': 'facilitating',
  'GET /api/groups/:id/boards': 'member',
  'GET /api/boards/:id': 'linked_content',
  'PATCH /api/boards/:id': 'facilitating',
  'POST /api/boards/:id/versions': 'facilitating',
  'GET /api/boards/:id/versions': 'linked_content',
  'POST /api/boards/:id/versions/:versionId/restore': 'facilitating',
  'GET /api/boards/:id/versions/:versionId/state': 'linked_content',
  'GET /api/sessions/:id/room/me': 'member',
  // Validated before the removal is checked (400 here); the refusal itself: tests/room/commands.test.ts.
  'POST /api/sessions/:id/room/checkin': 'member',
  'GET /api/sessions/:id/room/checkin/last': 'member',
  'GET /api/sessions/:id/room/checkins': 'facilitating',
  'POST /api/sessions/:id/room/commands': 'member',
  // The presence heartbeat: refused (403) to anyone not inside the room; a refusal does not count as activity.
  'POST /api/sessions/:id/room/presence': 'in_room',
  'GET /api/sessions/:id/room': 'facilitating',
  // Chat and reactions (tests/room/chat.test.ts): only inside the room while live; who may post where is decided there.
  'GET /api/sessions/:id/chat': 'in_room',
  'POST /api/sessions/:id/chat': 'in_room',
  'POST /api/sessions/:id/chat/:messageId/hide': 'facilitating',
  'POST /api/sessions/:id/reactions': 'in_room',
  'GET /api/sessions/:id/summary': 'facilitating',
  'POST /api/sessions/:id/media/peer': 'in_room',
  'GET /api/sessions/:id/media/ice': 'in_room',
  'GET /api/notes': 'own',
  'GET /api/notes/keyring': 'own',
  'POST /api/notes/keyring': 'own',
  'GET /api/notes/entries': 'own',
  'POST /api/notes/entries': 'own',
  'POST /api/notes/snapshot': 'own',
  'GET /api/templates': 'signed_in',
  'GET /api/templates/:id': 'template_owner',
  'POST /api/templates': 'facilitator_anywhere',
  'POST /api/templates/:id/duplicate': 'facilitator_anywhere',
  'PUT /api/templates/:id': 'template_owner',
  'POST /api/templates/:id/share': 'template_owner',
  'POST /api/groups/:id/worksheets': 'facilitating',
  // The refusals of a forged pair id and of a session without pairs: tests/relay/pair-worksheets.test.ts.
  'POST /api/sessions/:id/room/pair-worksheets': 'facilitating',
  'GET /api/groups/:id/worksheets': 'member',
  'GET /api/me/worksheets': 'signed_in',
  'GET /api/worksheets/:id/progress': 'facilitating',
  'GET /api/worksheets/:id': 'linked_content',
  'PATCH /api/worksheets/:id': 'facilitating',
  'POST /api/worksheets/:id/copies/:copyId/share': 'linked_content',
  'GET /api/worksheets/:id/export': 'linked_content',
  'GET /api/auth/current': 'public',
  'POST /api/sessions/:id/cancel': 'facilitating',
  'POST /api/groups/:id/series': 'facilitating',
  'GET /api/groups/:id/series': 'member',
  'GET /api/me/calendar': 'signed_in',
  'PATCH /api/me/preferences': 'signed_in',
  'POST /api/me/calendar/feed': 'signed_in',
  'DELETE /api/me/calendar/feed': 'signed_in',
  'GET /api/calendar/feed/:file': 'feed_secret',
  'GET /api/sessions/:id/calendar.ics': 'member',
  'GET /api/sessions/:id/attendance-records': 'facilitating',
  'PUT /api/sessions/:id/attendance-records': 'facilitating',
  'GET /api/me/attendance': 'signed_in',
  'GET /api/groups/:id/attendance-report': 'facilitating',
  'GET /api/me/week': 'signed_in',
  'GET /api/groups/:id/measures': 'member',
  'POST /api/groups/:id/measures/schedules': 'facilitating',
  'POST /api/groups/:id/measures/schedules/:scheduleId/stop': 'facilitating',
  'PUT /api/groups/:id/measures/crisis-resources': 'facilitating',
  'POST /api/groups/:id/measures/schedules/:scheduleId/responses': 'respondent',
  // The member's own scores are theirs (tests/api/measures.test.ts); here :userId is another participant.
  'GET /api/groups/:id/measures/members/:userId': 'facilitating',
  'GET /api/groups/:id/measures/members/:userId/export': 'facilitating',
  'GET /api/groups/:id/measures/overview': 'facilitating',
  'GET /api/groups/:id/measures/alerts': 'facilitating',
  'POST /api/groups/:id/measures/alerts/:alertId/follow-up': 'facilitating',
  'GET /api/me/risk-alerts': 'signed_in',
  'GET /api/me/facilitator-key': 'signed_in',
  'POST /api/me/facilitator-key': 'signed_in',
  'GET /api/me/signing-key': 'signed_in',
  'POST /api/me/signing-key': 'signed_in',
  'GET /api/groups/:id/group-notes': 'facilitating',
  'GET /api/groups/:id/group-notes/keys': 'facilitating',
  'POST /api/groups/:id/group-notes/keys': 'facilitating',
  'POST /api/groups/:id/group-notes/keys/rotate': 'facilitating',
  'GET /api/groups/:id/group-notes/prefill/:sessionId': 'facilitating',
  'POST /api/groups/:id/group-notes': 'facilitating',
  'GET /api/groups/:id/group-notes/:noteId': 'group_note',
  'PUT /api/groups/:id/group-notes/:noteId': 'facilitating',
  'POST /api/groups/:id/group-notes/:noteId/sign': 'facilitating',
  'POST /api/groups/:id/group-notes/:noteId/addenda': 'facilitating'
};
