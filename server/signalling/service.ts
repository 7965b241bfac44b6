/**
 * The media parts shared by the API route (server/routes/media.ts, inside createApp) and the signalling socket
 * (mount.ts, added by server/main.ts): where issued peer ids live, who is admitted, the ICE configuration.
 * Kept per app (per AppDeps) so that tests with several apps never share grants.
 */
import type { AppDeps } from '../http/context';
import { roomAdmission, type MediaAdmission } from './admission';
import { MemoryGrantStore, type GrantStore } from './grants';
import type { MediaOptions } from './options';

export interface MediaService {
  grants: GrantStore;
  admission: MediaAdmission;
  options: MediaOptions;
}

const services = new WeakMap<AppDeps, MediaService>();

export function mediaService(deps: AppDeps): MediaService {
  let service = services.get(deps);
  if (!service) {
    service = {
      grants: new MemoryGrantStore(() => deps.now().getTime()),
      admission: roomAdmission(deps.store),
      options: deps.config.media
    };
    services.set(deps, service);
  }
  return service;
}

/** Replaces parts (Redis grants, options from a test's env, a stand-in admission) before the first request. */
export function configureMedia(deps: AppDeps, parts: Partial<MediaService>): MediaService {
  const service = { ...mediaService(deps), ...parts };
  services.set(deps, service);
  return service;
}
