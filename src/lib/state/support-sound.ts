/**
 * The facilitator's optional soft sound for a new support signal: off unless they turn it on (kept in this browser's
 * localStorage), and a short, quiet two-note chime made with Web Audio (no sound file to load).
 */
const KEY = 'gst.support-sound';

export function supportSoundOn(): boolean {
  try {
    return localStorage.getItem(KEY) === 'on';
  } catch {
    return false;
  }
}

export function setSupportSound(on: boolean): void {
  try {
    if (on) localStorage.setItem(KEY, 'on');
    else localStorage.removeItem(KEY);
  } catch {
    /* private mode: the setting lasts for this page only */
  }
}

let context: AudioContext | null = null;

export function playSoftChime(): void {
  try {
    context ??= new AudioContext();
    const start = context.currentTime;
    for (const [index, frequency] of [660, 880].entries()) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      const at = start + index * 0.25;
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(0.06, at + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.65);
    }
  } catch {
    /* no audio output: the banner and the title still show it */
  }
}
