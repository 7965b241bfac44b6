/**
 * Kind words for camera and microphone problems, and what the person can do next. Pure: the mesh manager passes the
 * DOMException's name from getUserMedia; the video grid shows the words and the ways to carry on.
 */

export type MediaProblem = 'denied' | 'not_found' | 'in_use' | 'insecure' | 'unknown';

export interface MediaProblemHelp {
  problem: MediaProblem;
  title: string;
  body: string;
  /** Ways to carry on, in the order to offer them. */
  options: Array<'retry' | 'audio_only' | 'no_media'>;
}

export function mediaProblemOf(errorName: string | undefined): MediaProblem {
  switch (errorName) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'not_found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in_use';
    case 'TypeError':
      return 'insecure';
    default:
      return 'unknown';
  }
}

const HELP: Record<MediaProblem, Omit<MediaProblemHelp, 'problem'>> = {
  denied: {
    title: 'Your browser is not sharing your camera or microphone',
    body: 'That is fine: you can still be in the group. To let others see or hear you, allow the camera and microphone in your browser’s address bar, then try again.',
    options: ['retry', 'audio_only', 'no_media']
  },
  not_found: {
    title: 'We could not find a camera or microphone',
    body: 'Check that they are plugged in and switched on, then try again. You can also join without them and listen to the group.',
    options: ['retry', 'audio_only', 'no_media']
  },
  in_use: {
    title: 'Your camera or microphone is busy',
    body: 'Another app (or another tab) may be using it. Close it and try again, or join with sound only.',
    options: ['retry', 'audio_only', 'no_media']
  },
  insecure: {
    title: 'This page cannot use your camera here',
    body: 'Browsers allow cameras only on secure (https) pages. Please ask your facilitator for the right link. You can still join without media.',
    options: ['no_media']
  },
  unknown: {
    title: 'Your camera or microphone did not start',
    body: 'Something got in the way. You can try again, join with sound only, or join without media and listen.',
    options: ['retry', 'audio_only', 'no_media']
  }
};

export function explainMediaProblem(errorName: string | undefined): MediaProblemHelp {
  const problem = mediaProblemOf(errorName);
  return { problem, ...HELP[problem] };
}
