/**
 * Who is signed in, loaded from /api/auth/current (which answers 200 when nobody is, so a signed-out visit logs no
 * failed request). One module singleton: the app has one signed-in person at a time. Offline, the server cannot say:
 * `unreachable` is set instead of taking the person for signed out, and the question is asked again once the
 * browser is back online.
 */
import type { PublicUser } from '$lib/core/account/schema';
import { api, ApiError, setLoginEndedHandler } from '$lib/api/client';
import type { CurrentSignInAnswer } from '$lib/api/types';
import { signinPath } from '$lib/api/next';
import { goto } from '$app/navigation';
import { lockNotes } from './notes-lock';

export class SessionState {
  user = $state<PublicUser | null>(null);
  /** False until the first /api/me answer: pages wait for it before deciding where to go. */
  loaded = $state(false);
  idleTimeoutMinutes = $state<number | null>(null);
  /** The last question could not reach the server (offline): who is signed in is not known. */
  unreachable = $state(false);

  signedIn = $derived(this.user !== null);

  #loading: Promise<PublicUser | null> | null = null;
  #retryingWhenOnline = false;

  /**
   * Asks the server once (or again with `force`) who is signed in. Rejects when the server cannot be reached; the
   * next call asks again.
   */
  load(force = false): Promise<PublicUser | null> {
    if (this.#loading && !force) return this.#loading;
    const loading = api
      .get<CurrentSignInAnswer>('/api/auth/current')
      .then((answer) => {
        this.user = answer.user;
        this.idleTimeoutMinutes = answer.login?.idleTimeoutMinutes ?? null;
        this.unreachable = false;
        return answer.user;
      })
      .catch((error: unknown) => {
        if (this.#loading === loading) this.#loading = null;
        if (error instanceof ApiError && error.code === 'network') {
          this.unreachable = true;
          this.#retryWhenOnline();
        }
        throw error;
      })
      .finally(() => {
        this.loaded = true;
      });
    this.#loading = loading;
    return loading;
  }

  #retryWhenOnline(): void {
    if (this.#retryingWhenOnline || typeof window === 'undefined') return;
    this.#retryingWhenOnline = true;
    window.addEventListener(
      'online',
      () => {
        this.#retryingWhenOnline = false;
        this.load(true).catch(() => undefined);
      },
      { once: true }
    );
  }

  /** After sign-up or sign-in. */
  signedInAs(user: PublicUser): void {
    this.user = user;
    this.loaded = true;
    this.unreachable = false;
    this.#loading = Promise.resolve(user);
  }

  forget(): void {
    this.user = null;
    this.loaded = true;
    this.unreachable = false;
    this.#loading = Promise.resolve(null);
  }

  async signOut(): Promise<void> {
    try {
      // Private notes first: what is typed is saved on the device, then the decrypted notes and key leave memory.
      await lockNotes();
      await api.post('/api/auth/logout');
    } finally {
      this.forget();
    }
  }
}

export const session = new SessionState();
setLoginEndedHandler(() => {
  session.forget();
  void lockNotes();
});

/** For pages that need a signed-in person: resolves to the user, or sends them to sign in and back. */
export async function requireSignedIn(): Promise<PublicUser | null> {
  const user = await session.load();
  if (!user) await goto(signinPath(window.location.pathname + window.location.search), { replaceState: true });
  return user;
}
