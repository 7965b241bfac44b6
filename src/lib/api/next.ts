/** Where to go after signing in: only paths on this site, so a crafted ?next= cannot send people elsewhere. */

export function safeNextPath(next: string | null | undefined, fallback = '/dashboard'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** Why someone is sent to the sign-in page. */
export type SigninReason = 'ended';

export function signinPath(next: string, reason?: SigninReason): string {
  const params = new URLSearchParams({ next: safeNextPath(next) });
  if (reason) params.set('reason', reason);
  return `/signin?${params}`;
}
