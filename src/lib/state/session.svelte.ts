/**
 * Who is signed in, loaded from /api/me. One module singleton: the app has one signed-in person at a time.
 */
import type { PublicUser } from '$lib/core/account/schema';
import { api, ApiError, setLoginEndedHandler } from '$lib/api/client';
import type { MeAnswer } from '$lib/api/types';
import { signinPath } from '$lib/api/next';
import { goto } from '$app/navigation';
import { notes } from './notes.svelte';

export class SessionState {
  user = $state<PublicUser | null>(null);
  /** False until the first /api/me answer: pages wait for it before deciding where to go. */
  loaded = $state(false);
  idleTimeoutMinutes = $state<number | null>(null);

  signedIn = $derived(this.user !== null);

  #loading: Promise<PublicUser | null> | null = null;

  /** Asks the server once (or again with `force`) who is signed in. */
  load(force = false): Promise<PublicUser | null> {
    if (this.#loading && !force) return this.#loading;
    this.#loading = api
      .get<MeAnswer>('/api/me')
      .then((answer) => {
        this.user = answer.user;
        this.idleTimeoutMinutes = answer.login.idleTimeoutMinutes;
        return answer.user;
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
        this.user = null;
        return null;
      })
      .finally(() => {
        this.loaded = true;
      });
    return this.#loading;
  }

  /** After sign-up or sign-in. */
  signedInAs(user: PublicUser): void {
    this.user = user;
    this.loaded = true;
    this.#loading = Promise.resolve(user);
  }

  forget(): void {
    this.user = null;
    this.loaded = true;
    this.#loading = Promise.resolve(null);
  }

  async signOut(): Promise<void> {
    try {
      // Private notes first: what is typed is saved on the device, then the decrypted notes and key leave memory.
      await notes.lock();
      await api.post('/api/auth/logout');
    } finally {
      this.forget();
    }
  }
}

export const session = new SessionState();
setLoginEndedHandler(() => {
  session.forget();
  void notes.lock();
});

/** For pages that need a signed-in person: resolves to the user, or sends them to sign in and back. */
export async function requireSignedIn(): Promise<PublicUser | null> {
  const user = await session.load();
  if (!user) await goto(signinPath(window.location.pathname + window.location.search), { replaceState: true });
  return user;
}
